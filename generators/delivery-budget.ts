import { DEFAULT_METRIC_EXPORT_INTERVAL_MS } from '../runtime/defaults';
import { formatDuration } from '../core/duration';

/**
 * Spec 11.1: an immediate critical alert (`for: 0s`) reaches its receiver within 30 s of the
 * event. The worst case is the sum of the hops of docs/alerting.md ("Delivery within 30
 * seconds"); this file is where that sum is defined, for the generate-time check
 * (generators/resolve-settings.ts) and for test/prometheus/delivery-budget.test.ts, which
 * recomputes it from the generated files.
 */

/** The budget of spec 11.1; the worst case must stay under it. */
export const DELIVERY_BUDGET_MS = 30_000;

/** The hops an operator sets, in milliseconds. */
export interface ConfiguredHops {
  /** The collector's batch timeout(s) in the metrics pipeline, summed. */
  readonly collectorBatch: number;
  /** Prometheus' scrape interval of the collector job. */
  readonly scrape: number;
  /** The evaluation interval of the alert's rule group. */
  readonly evaluation: number;
  /** Alertmanager's critical `group_wait`. */
  readonly groupWait: number;
}

/** Every hop, in the order an alert takes them, in milliseconds. */
export interface DeliveryHops extends ConfiguredHops {
  /** The agent's metric export interval (the runtime's default). */
  readonly export: number;
  /** Prometheus sends the alert at the evaluation that fires it: under a second. */
  readonly send: number;
  /** Alertmanager calls the receiver: network, under two seconds. */
  readonly delivery: number;
}

/** What each hop is called in a message, in the order of DeliveryHops. */
const HOP_NAMES: Readonly<Record<keyof DeliveryHops, string>> = {
  export: 'agent export',
  collectorBatch: 'collector batch',
  scrape: 'scrape',
  evaluation: 'evaluation',
  send: 'send',
  groupWait: 'group_wait',
  delivery: 'delivery',
};

/** The configured hops with the fixed ones around them. */
export function deliveryHops(configured: ConfiguredHops): DeliveryHops {
  return { export: DEFAULT_METRIC_EXPORT_INTERVAL_MS, collectorBatch: configured.collectorBatch, scrape: configured.scrape, evaluation: configured.evaluation, send: 1000, groupWait: configured.groupWait, delivery: 2000 };
}

export function deliveryTotal(hops: DeliveryHops): number {
  return (Object.keys(HOP_NAMES) as (keyof DeliveryHops)[]).reduce((total, hop) => total + hops[hop], 0);
}

/** `agent export 5s + collector batch 1s + ... = 19s`: each term and the total. */
export function describeDelivery(hops: DeliveryHops): string {
  const terms = (Object.keys(HOP_NAMES) as (keyof DeliveryHops)[]).map((hop) => `${HOP_NAMES[hop]} ${formatDuration(hops[hop])}`);
  return `${terms.join(' + ')} = ${formatDuration(deliveryTotal(hops))}`;
}
