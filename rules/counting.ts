import type { Label, MetricDefinition } from '../schema/define';
import { externalSeries } from '../schema/external-series';
import { promql, recording, type PromQL, type RecordingRule, type Window } from './define';
import { ONE_DAY, FIVE_MINUTES } from '../core/windows';

/**
 * Counting events from counters without the errors of a plain `increase()`, for alerts whose
 * threshold is a count ("more than 3 failures", "any new finding").
 *
 * One counter of one agent process can reach Prometheus as several series: through each
 * collector replica that exported it (an agent's connection moved: a new `instance`), and both
 * through the collector and from the agent's own pull endpoint (two `job`s). These labels say
 * how a sample travelled, not what it counts, so a process's counter is the highest of its
 * copies.
 */

/** The labels of the path a series took to Prometheus: the scrape job and target, and the collector's renamed copy. */
export const PATH_LABELS = ['job', 'instance', 'exported_job'] as const;

/**
 * `expr` with its copies across delivery paths merged: one series per process and label set.
 * Wrap a per-series `rate()` in it before summing, so a counter scraped twice is counted once.
 */
export function onePerProcess(expr: PromQL): PromQL {
  return promql`max without (${PATH_LABELS.join(', ')}) (${expr})`;
}

/**
 * A counter merged across delivery paths, recorded at each evaluation: what
 * {@link countedIncrease} reads, so its windows see one continuous series per process even
 * when the process's connection moves between collector replicas.
 */
export function perProcessCounter(metric: MetricDefinition): RecordingRule {
  return recording({
    record: `process:${promql`${metric}`.text}:max`,
    expr: onePerProcess(promql`${metric}`),
    description: `${metric.description}, one series per process: the highest of its copies across collector replicas and scrape paths`,
  });
}

/**
 * Prometheus was scraping `window` ago: without history, an old counter cannot be told from a
 * new one, and a target not scraped yet from one that is gone.
 */
export const scrapingSince = (w: Window) => promql`count(${externalSeries('up')} offset ${w}) > 0`;

/**
 * How much a per-process counter grew in the last `window`, summed `by` the given labels,
 * exactly (no extrapolation: three failures read 3, not 3.001):
 * - from its value at the window's start, where it had one;
 * - from its first value in the window, where it had samples before but none at the start
 *   (a gap longer than the look-back: Prometheus or the collector was down), so what happened
 *   during the gap is not taken for something of the last window;
 * - from 0 where it has no earlier history (a counter created by its first increment), as long
 *   as Prometheus was scraping a window ago: a fresh TSDB reads old counters as history,
 *   not as news, once a window has passed.
 *
 * A reset (a process restarting under the same identity) can make it count less, never more.
 *
 * @param matchers label matchers inside braces, such as `{decision="fail"}`, or ''
 */
export function countedIncrease(counter: RecordingRule, matchers: string, w: Window, by: readonly Label[]): PromQL {
  const s = promql`${counter}${matchers}`;
  const labels = by.map((l) => l.name).join(', ');
  const atStart = promql`last_over_time(${s}[${FIVE_MINUTES}] offset ${w})`;
  const seenBefore = promql`last_over_time(${s}[${ONE_DAY}] offset ${w})`;
  return promql`sum by (${labels}) (max_over_time(${s}[${w}]) - (${atStart} or (min_over_time(${s}[${w}]) and ${seenBefore})) or (max_over_time(${s}[${w}]) and on () ${scrapingSince(w)}))`;
}
