import type { MetricDefinition } from '../schema/define';
import { bucket, count, parseDuration, type SeriesRef, type TestSeries } from './define';

/**
 * Input series of SLO test cases, written as stretches of traffic ("six healthy hours, then
 * every run failing for 45 minutes") instead of promtool's value strings, which for a
 * three-day case run to thousands of samples.
 */

/** One stretch of a case: `for` long, with `good` and `bad` events in each sample interval. */
export interface TrafficPhase {
  readonly for: string;
  readonly good: number;
  readonly bad: number;
}

/** Test series of an SLI for the given phases, sampled every `interval` (the case's). */
export type Traffic = (interval: string, phases: readonly TrafficPhase[]) => TestSeries[];

/**
 * Where every counter starts: a fleet that has been running. Prometheus does not extrapolate
 * an increase back past a counter's zero, so a bad-event counter starting at 0 would be
 * extrapolated less than the valid-event counter beside it, and the ratio would be off.
 */
const START = { good: 100_000, bad: 1_000 } as const;

function steps(interval: string, phase: TrafficPhase): number {
  const every = parseDuration(interval);
  const length = parseDuration(phase.for);
  if (every === undefined || length === undefined || length % every !== 0 || length === 0) {
    throw new Error(`traffic phase for "${phase.for}" is not a whole number of sample intervals (${interval})`);
  }
  return length / every;
}

/**
 * promtool's expanding notation for a counter: `start`, then for each phase its samples,
 * each `by(phase)` above the one before. `a+bxn` is n+1 samples, so a phase of k samples
 * starts one step above where the previous ended: `a+b` and `+bx(k-1)`.
 */
export function counterValues(interval: string, start: number, phases: readonly TrafficPhase[], by: (p: TrafficPhase) => number): string {
  let value = start;
  const parts = [String(start)];
  for (const phase of phases) {
    const n = steps(interval, phase);
    const step = by(phase);
    parts.push(step === 0 ? `${value}x${n - 1}` : `${value + step}+${step}x${n - 1}`);
    value += step * n;
  }
  return parts.join(' ');
}

/** A counter whose good and bad events are two series (a status label): `agent_spawn_total`. */
export function counterTraffic(
  metric: MetricDefinition | SeriesRef,
  labels: { readonly good: Readonly<Record<string, string>>; readonly bad: Readonly<Record<string, string>> },
): Traffic {
  return (interval, phases) => [
    { metric, labels: labels.good, values: counterValues(interval, START.good, phases, (p) => p.good) },
    { metric, labels: labels.bad, values: counterValues(interval, START.bad, phases, (p) => p.bad) },
  ];
}

/**
 * A histogram whose good events each observe `seconds.good` and whose bad ones observe
 * `seconds.bad`: every bucket series of the schema's bounds, the count and the sum.
 */
export function histogramTraffic(
  metric: MetricDefinition,
  labels: Readonly<Record<string, string>>,
  seconds: { readonly good: number; readonly bad: number },
): Traffic {
  return (interval, phases) => {
    const within = (le: number) => (p: TrafficPhase) => (le >= seconds.good ? p.good : 0) + (le >= seconds.bad ? p.bad : 0);
    const startWithin = (le: number) => (le >= seconds.good ? START.good : 0) + (le >= seconds.bad ? START.bad : 0);
    const bounds = [...(metric.buckets ?? []), Infinity];
    const total = START.good + START.bad;
    return [
      ...bounds.map((le) => ({
        metric: bucket(metric),
        labels: { ...labels, le: le === Infinity ? '+Inf' : String(le) },
        values: counterValues(interval, startWithin(le), phases, within(le)),
      })),
      { metric: count(metric), labels, values: counterValues(interval, total, phases, (p) => p.good + p.bad) },
    ];
  };
}
