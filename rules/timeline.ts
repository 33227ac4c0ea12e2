import type { MetricDefinition } from '../schema/define';
import { formatDuration, parseDuration, type FiringCase, type QuietCase, type SeriesRef, type TestSeries } from './define';
import { externalSeries } from '../schema/external-series';
import { SCRAPE_JOBS, SETTINGS } from './settings';

/**
 * Alert test cases at production timing: series sampled the way Prometheus scrapes them (every
 * scrape interval of the generated config, at an offset no evaluation shares), evaluated at the
 * rule group's own interval, with gaps, resets, series appearing mid-window and series moving
 * between collector replicas written as events on a timeline instead of hand-counted samples.
 *
 * @example
 * atProductionTiming({
 *   name: 'four failures of a gate whose fail series is new page',
 *   series: [{ metric: gateDecisions, labels: { gate_name: 'release', decision: 'fail' },
 *              timeline: counter().appears('10m', 1).add('12m').add('14m').add('16m') }],
 *   firesAt: '31m', expected: [...],
 * })
 */

/** promtool's sample step for these cases: fine enough to put samples between evaluations. */
const RESOLUTION_MS = 1000;

export interface ScrapeTiming {
  /** Time between two samples of one series. */
  readonly every: string;
  /** Time of the first scrape after an evaluation-aligned instant (0 < offset < every). */
  readonly offset: string;
}

/**
 * How the collector's series are sampled in production: every scrape interval, 2 s after
 * the instants rule groups evaluate at (any offset but 0 would do; 0 is the one that hides
 * edge effects, since every evaluation would then see a sample of its own instant).
 */
export const PRODUCTION_SCRAPES: ScrapeTiming = { every: SETTINGS.prometheus.scrapeInterval, offset: '2s' };

type Event =
  | { readonly at: number; readonly kind: 'set'; readonly value: number }
  | { readonly at: number; readonly kind: 'add'; readonly by: number }
  | { readonly at: number; readonly kind: 'gone' }
  | { readonly at: number; readonly kind: 'stale' };

function ms(duration: string, what: string): number {
  const value = parseDuration(duration);
  if (value === undefined) throw new Error(`timeline: ${what} "${duration}" is not a duration (write it like 90s or 5m)`);
  return value;
}

/**
 * One series over time. Immutable: each method returns a new timeline, so a shared
 * beginning can be continued two ways in two cases.
 */
export class Timeline {
  private constructor(
    private readonly events: readonly Event[],
    private readonly gaps: readonly { readonly from: number; readonly until: number }[],
  ) {}

  static empty(): Timeline {
    return new Timeline([], []);
  }

  private with(event: Event): Timeline {
    return new Timeline([...this.events, event], this.gaps);
  }

  /** The series is first scraped at `at`, with `value` (a counter created by its first increment appears at 1). */
  appears(at: string, value = 0): Timeline {
    return this.with({ at: ms(at, 'appears'), kind: 'set', value });
  }

  /** From `at` on, the series reads `value` (a gauge's new reading). */
  set(at: string, value: number): Timeline {
    return this.with({ at: ms(at, 'set'), kind: 'set', value });
  }

  /** `by` is added at `at` (a counter's increments). */
  add(at: string, by = 1): Timeline {
    return this.with({ at: ms(at, 'add'), kind: 'add', by });
  }

  /** `by` is added every `period` from `from` (first increment at from + period) until `until`. */
  addEvery(period: string, by: number, { from, until }: { readonly from: string; readonly until: string }): Timeline {
    const step = ms(period, 'period');
    const [start, end] = [ms(from, 'from'), ms(until, 'until')];
    if (step <= 0 || end < start) throw new Error(`timeline: addEvery(${period}) from ${from} until ${until} is empty`);
    let next: Timeline = this;
    for (let t = start + step; t <= end; t += step) next = next.with({ at: t, kind: 'add', by });
    return next;
  }

  /** The process restarts at `at`: its counter starts again from 0. */
  reset(at: string): Timeline {
    return this.set(at, 0);
  }

  /**
   * No samples between `from` and `until` and no staleness marker: Prometheus itself was
   * down, or its TSDB lost the span. The series keeps counting meanwhile.
   */
  gap(from: string, until: string): Timeline {
    return new Timeline(this.events, [...this.gaps, { from: ms(from, 'gap from'), until: ms(until, 'gap until') }]);
  }

  /**
   * The scrape at `at` fails or no longer finds the series (a collector replica went away, its
   * series expired): Prometheus writes a staleness marker, and the series is gone until it
   * `appears` again.
   */
  disappears(at: string): Timeline {
    return this.with({ at: ms(at, 'disappears'), kind: 'stale' }).with({ at: ms(at, 'disappears') + 1, kind: 'gone' });
  }

  /** promtool's values for this series, at one-second steps, up to `end`. */
  render(end: number, scrapes: ScrapeTiming = PRODUCTION_SCRAPES): string {
    const every = ms(scrapes.every, 'scrape interval');
    const offset = ms(scrapes.offset, 'scrape offset');
    const events = [...this.events].sort((a, b) => a.at - b.at);
    const tokens: string[] = [];
    let value: number | undefined;
    let present = false;
    let pendingStale = false;
    let next = 0;
    for (let t = 0; t <= end; t += RESOLUTION_MS) {
      // Every event up to a scrape is visible at it.
      while (next < events.length && events[next]!.at <= t) {
        const e = events[next++]!;
        if (e.kind === 'set') [value, present] = [e.value, true];
        else if (e.kind === 'add') value = (value ?? 0) + e.by;
        else if (e.kind === 'stale') pendingStale = present;
        else present = false;
      }
      const scraped = (t - offset) % every === 0 && t >= offset && !this.gaps.some((g) => t >= g.from && t < g.until);
      if (scraped && pendingStale) {
        tokens.push('stale');
        pendingStale = false;
      } else if (scraped && present && value !== undefined) {
        tokens.push(String(value));
      } else {
        tokens.push('_');
      }
    }
    return compress(tokens);
  }
}

/** A counter (or gauge) that does not exist until it `appears`. */
export function series(): Timeline {
  return Timeline.empty();
}

/** Runs of blanks as promtool's `_xN` (N blanks), runs of a value as `vxN` (N + 1 values). */
function compress(tokens: readonly string[]): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    let j = i;
    while (j + 1 < tokens.length && tokens[j + 1] === tokens[i]) j++;
    const run = j - i + 1;
    const token = tokens[i]!;
    if (token === '_') out.push(run === 1 ? '_' : `_x${run}`);
    else if (token === 'stale') out.push(...Array<string>(run).fill('stale'));
    else out.push(run === 1 ? token : `${token}x${run - 1}`);
    i = j + 1;
  }
  // Trailing blanks say nothing.
  while (out.length > 0 && out[out.length - 1]!.startsWith('_')) out.pop();
  return out.join(' ');
}

/** An input series of a production-timing case. */
export interface TimedSeries {
  readonly metric: MetricDefinition | SeriesRef;
  readonly labels: Readonly<Record<string, string>>;
  readonly timeline: Timeline;
}

/**
 * Prometheus' scrape of a collector replica, up all along unless told otherwise: rules that
 * must tell a new counter from an old one (rules/counting.ts) need to know Prometheus was
 * already scraping, so a realistic case includes it.
 */
export function collectorScrape(timeline: Timeline = series().appears('0s', 1)): TimedSeries {
  return { metric: externalSeries('up'), labels: { job: SCRAPE_JOBS.collector, instance: 'otel-collector-0:8889' }, timeline };
}

/**
 * A case written in promtool's own notation, with Prometheus' scrape of the collector added
 * (up all along, at the case's interval) unless the case has an `up` series of its own.
 */
export function withScrapeHistory<C extends FiringCase | QuietCase>(c: C): C {
  const up = externalSeries('up').name;
  if (c.series.some((s) => s.metric.kind === 'series' && s.metric.name === up)) return c;
  const step = ms(c.interval ?? '1m', 'interval');
  const end = 'firesAt' in c ? ms(c.firesAt, 'firesAt') : lastCheck(c.quietAt);
  const scrape = collectorScrape();
  return { ...c, series: [...c.series, { metric: scrape.metric, labels: scrape.labels, values: `1x${Math.ceil(end / step)}` }] };
}

const lastCheck = (times: readonly string[]) => Math.max(...times.map((t) => ms(t, 'check time')));
const toSeries = (input: readonly TimedSeries[], end: number): TestSeries[] =>
  input.map((s) => ({ metric: s.metric, labels: s.labels, values: s.timeline.render(end) }));

/** A firing case whose series are timelines sampled as production scrapes them. */
export function atProductionTiming(c: Omit<FiringCase, 'series' | 'interval'> & { readonly series: readonly TimedSeries[] }): FiringCase;
/** A quiet case whose series are timelines sampled as production scrapes them. */
export function atProductionTiming(c: Omit<QuietCase, 'series' | 'interval'> & { readonly series: readonly TimedSeries[] }): QuietCase;
export function atProductionTiming(
  c: (Omit<FiringCase, 'series' | 'interval'> | Omit<QuietCase, 'series' | 'interval'>) & { readonly series: readonly TimedSeries[] },
): FiringCase | QuietCase {
  const end = 'firesAt' in c ? ms(c.firesAt, 'firesAt') : lastCheck(c.quietAt);
  return { ...c, interval: formatDuration(RESOLUTION_MS), series: toSeries(c.series, end) };
}
