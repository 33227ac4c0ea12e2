import { formatDuration, parseDuration } from '../core/duration';
import type { Sources } from '../generators/generate';
import { scaleDuration, type AlertRule, type Severity } from '../rules/define';

/**
 * The intervals a local stack runs at, in real milliseconds: defined here once, configured by
 * stack/local-stack.ts, and what the end-to-end tests derive every wait from
 * (test/e2e/margins.ts). Everything in rules/ is divided by the time scale as
 * generators/local-stack.ts renders it (rules/define.ts scaleDuration); these are the few
 * intervals that are not, because no server keeps up with a production interval divided by 60.
 */

/**
 * Scrape, evaluation and agents' export interval under compressed time: a production interval
 * divided by 60 would be under 100 ms, which no server keeps up with; a second is a minute of
 * rule time at x60, the resolution the windows were written for.
 */
export const LOCAL_INTERVAL_MS = 1000;

/** Real milliseconds of normal behaviour before a scenario's abnormal part begins. */
export const NORMAL_FIRST_MS = 10_000;

/** The collector's batch timeout is never under this locally (its production 1 s at x60 would be 17 ms). */
const BATCH_TIMEOUT_FLOOR_MS = 200;

/** Series expiration: several export intervals, so a series survives a late export. */
const METRIC_EXPIRATION_FLOOR_MS = 10 * LOCAL_INTERVAL_MS;

export interface LocalTiming {
  readonly timeScale: number;
  /** Every scrape job's interval. */
  readonly scrapeMs: number;
  /** The agents' metric export interval (OTEL_METRIC_EXPORT_INTERVAL). */
  readonly exportMs: number;
  /** The collector's batch timeout in its pipelines. */
  readonly batchTimeoutMs: number;
  /** How long the collector's Prometheus exporter keeps a series that is no longer sent. */
  readonly metricExpirationMs: number;
  /** Real ms of normal traffic before the scenario turns. */
  readonly normalFirstMs: number;
  /** A production duration (window, `for`, Alertmanager timing) as the local stack renders it, in real ms. */
  scaled(duration: string): number;
  /** The evaluation interval of the rule group that holds this alert, as rendered. */
  evaluationMs(alert: AlertRule): number;
  /** The alert's `for`, as rendered. */
  forMs(alert: AlertRule): number;
  /** Alertmanager's route timing for a severity, as rendered. */
  routing(severity: Severity): { readonly groupWaitMs: number; readonly groupIntervalMs: number; readonly repeatIntervalMs: number };
}

const ms = (duration: string) => parseDuration(duration) ?? 0;

export function localTiming(sources: Sources, timeScale: number): LocalTiming {
  const scaled = (duration: string) => ms(scaleDuration(duration, timeScale));
  const groups = sources.rules.files.flatMap((f) => f.groups);
  const groupOf = (alert: AlertRule) => {
    const group = groups.find((g) => g.rules.includes(alert));
    if (!group) throw new Error(`alert ${alert.name} is in no rule group of rules/`);
    return group;
  };
  const { collector } = sources.deploy;
  return {
    timeScale,
    scrapeMs: LOCAL_INTERVAL_MS,
    exportMs: LOCAL_INTERVAL_MS,
    batchTimeoutMs: Math.max(BATCH_TIMEOUT_FLOOR_MS, Math.round(ms(collector.batchTimeout) / timeScale)),
    metricExpirationMs: Math.max(METRIC_EXPIRATION_FLOOR_MS, Math.round(ms(collector.metricExpiration) / timeScale)),
    normalFirstMs: NORMAL_FIRST_MS,
    scaled,
    evaluationMs: (alert) => scaled(groupOf(alert).interval),
    forMs: (alert) => scaled(alert.for),
    routing: (severity) => {
      const t = sources.rules.timing[severity];
      return { groupWaitMs: scaled(t.groupWait), groupIntervalMs: scaled(t.groupInterval), repeatIntervalMs: scaled(t.repeatInterval) };
    },
  };
}

/** The collector's timing overrides of a local stack (generators/local-stack.ts LocalOverrides). */
export function collectorTiming(timing: LocalTiming): { readonly batchTimeout: string; readonly metricExpiration: string } {
  return { batchTimeout: formatDuration(timing.batchTimeoutMs), metricExpiration: formatDuration(timing.metricExpirationMs) };
}
