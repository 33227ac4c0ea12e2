import type { MetricDefinition } from '../schema/define';
import type { AlertRule, FiringCase, QuietCase, SeriesRef, TestSeries } from '../rules/define';
import type { DiagnosticCollector } from './diagnostics';
import { formatDuration, parseDuration } from '../core/duration';
import { didYouMean } from './nearest';
import { prometheusName } from '../core/prometheus-name';
import type { ResolvedTestCase } from './alerting-types';
import { SCRAPE_LABELS, type SeriesCatalog } from './series-catalog';

/** An alert's test cases, as promtool will run them: series strings and expected alerts per time. */

/** Labels a scrape adds that a test series may leave out. */
const OPTIONAL_LABELS = new Set(SCRAPE_LABELS);
const DEFAULT_INTERVAL = '1m';

function seriesName(metric: MetricDefinition | SeriesRef): string {
  return metric.kind === 'series' ? metric.name : prometheusName(metric.name, metric.kind);
}

function resolveSeries(input: TestSeries, catalog: SeriesCatalog, place: string, diagnostics: DiagnosticCollector): string {
  const name = seriesName(input.metric);
  const info = catalog.get(name);
  if (!info) {
    diagnostics.add(place, `test series ${name} is not a series of the schema`, `use a metric handle, or bucket()/count()/sum() for a histogram${didYouMean(name, catalog.keys())}`);
    return name;
  }
  for (const [label, value] of Object.entries(input.labels)) {
    const allowed = info.labels.get(label);
    if (!allowed) {
      diagnostics.add(place, `test series ${name} has no label ${label}`, `use its labels: ${[...info.labels.keys()].filter((l) => !OPTIONAL_LABELS.has(l)).join(', ')}${didYouMean(label, info.labels.keys())}`);
    } else if (allowed.values && !allowed.values.includes(value)) {
      diagnostics.add(place, `test series ${name}: "${value}" is not a value of label ${label}`, `use a value of its set${didYouMean(value, allowed.values)}`);
    }
  }
  for (const label of info.labels.keys()) {
    if (!OPTIONAL_LABELS.has(label) && !(label in input.labels)) {
      diagnostics.add(place, `test series ${name} lacks label ${label}, which the runtime always records`, `add ${label} to the series labels`);
    }
  }
  const matchers = Object.entries(input.labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return `${name}{${matchers.join(',')}}`;
}

/**
 * `evaluationInterval` is the test file's: a firing case is checked at `firesAt` and at the
 * evaluation just before, so "fires at 7m" means "not at 6m45s" for a group evaluated every 15 s.
 */
export function resolveAlertTests(
  alert: AlertRule,
  staticAnnotations: Readonly<Record<string, string>>,
  evaluationInterval: string,
  catalog: SeriesCatalog,
  diagnostics: DiagnosticCollector,
): ResolvedTestCase[] {
  const place = (name: string) => `alert ${alert.name}, test "${name}"`;
  const intervalOf = (c: FiringCase | QuietCase) => {
    const interval = c.interval ?? DEFAULT_INTERVAL;
    if (parseDuration(interval) === undefined) diagnostics.add(place(c.name), `interval "${interval}" is not a duration`, 'write it like 1m or 30s');
    return interval;
  };
  if (alert.firing.length === 0) {
    diagnostics.add(`alert ${alert.name}`, 'it has no firing test case', 'add a case with input series, the moment it must fire, and what it must say');
  }

  const firing = alert.firing.map((c): ResolvedTestCase => {
    const interval = intervalOf(c);
    const firesAt = parseDuration(c.firesAt);
    const step = parseDuration(evaluationInterval) ?? 60_000;
    if (firesAt === undefined || (firesAt > 0 && firesAt < step)) {
      diagnostics.add(place(c.name), `firesAt "${c.firesAt}" is neither 0s nor a duration of at least one evaluation interval (${evaluationInterval})`, 'give the evaluation time at which the alert is first firing');
    } else if (firesAt % step !== 0) {
      // promtool checks a time between evaluations against the one before it: say so rather
      // than let "fires at 7m10s" silently mean "fires at 7m".
      diagnostics.add(place(c.name), `firesAt "${c.firesAt}" is not an evaluation time (the group is evaluated every ${evaluationInterval})`, `use a multiple of ${evaluationInterval}, such as ${formatDuration(Math.ceil(firesAt / step) * step)}`);
    }
    // 0s: firing from the first evaluation (a heartbeat), so there is no "just before".
    const justBefore = firesAt === 0 ? [] : [{ at: formatDuration(Math.max((firesAt ?? step) - step, 0)), alerts: [] }];
    return {
      name: c.name,
      interval,
      series: c.series.map((s) => ({ series: resolveSeries(s, catalog, place(c.name), diagnostics), values: s.values })),
      checks: [
        ...justBefore,
        {
          at: c.firesAt,
          alerts: c.expected.map((e) => ({
            labels: { ...e.labels, severity: alert.severity },
            annotations: { summary: e.summary, description: e.description, ...staticAnnotations },
          })),
        },
      ],
    };
  });

  const quiet = (alert.quiet ?? []).map((c): ResolvedTestCase => {
    for (const at of c.quietAt) {
      if (parseDuration(at) === undefined) diagnostics.add(place(c.name), `quietAt "${at}" is not a duration`, 'write it like 10m');
    }
    return {
      name: c.name,
      interval: intervalOf(c),
      series: c.series.map((s) => ({ series: resolveSeries(s, catalog, place(c.name), diagnostics), values: s.values })),
      checks: c.quietAt.map((at) => ({ at, alerts: [] })),
    };
  });
  return [...firing, ...quiet];
}
