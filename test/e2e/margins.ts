import { deliveryHops } from '../../generators/delivery-budget';
import type { AlertRule } from '../../rules/define';
import type { LocalTiming } from '../../stack/timing';

/**
 * The end-to-end tests' waits, derived from the intervals the local stack runs at
 * (stack/timing.ts), each with its arithmetic; none is tuned until green.
 *
 * The one allowance for a loaded machine. This machine has 2 cores, and the suite must pass
 * with the other one fully busy (docs/troubleshooting.md, "The end-to-end tests beside a CPU
 * hog"): the stack's five processes and the test then share one core, so a periodic stage's
 * tick can come while its process waits for the CPU. Prometheus' scrape and rule loops and the
 * SDK's export timer do not queue a missed tick, they run the next one; so a stage, at worst,
 * waits out its phase (up to one interval: the value just missed a tick) and then one missed
 * tick (one interval more). More than that means the stack no longer keeps its intervals at
 * all, which a test should report rather than wait out. So every periodic hop counts for
 * TICKS_PER_HOP of its intervals.
 */
export const TICKS_PER_HOP = 2;

/** A value an agent records, in Prometheus: the SDK's export, the collector's batch, a scrape, each TICKS_PER_HOP of its interval. */
export function toPrometheusMs(t: LocalTiming): number {
  return TICKS_PER_HOP * (t.exportMs + t.batchTimeoutMs + t.scrapeMs);
}

/**
 * A span the fleet ended, in Jaeger: the SDK's BatchSpanProcessor sends every 5 s (its
 * default scheduledDelayMillis, OTEL_BSP_SCHEDULE_DELAY, which runtime/bootstrap.ts keeps),
 * then the collector's batch; each TICKS_PER_HOP of its interval.
 */
const SDK_SPAN_BATCH_DELAY_MS = 5000;
export function toJaegerMs(t: LocalTiming): number {
  return TICKS_PER_HOP * (SDK_SPAN_BATCH_DELAY_MS + t.batchTimeoutMs);
}

/**
 * The two hops of an alert that are calls, not timers, as generators/delivery-budget.ts allows
 * them in the spec's 30 s: Prometheus sending the alert to Alertmanager at the evaluation that
 * fires it, and Alertmanager calling the receiver.
 */
const { send: SEND_MS, delivery: DELIVERY_MS } = deliveryHops({ collectorBatch: 0, scrape: 0, evaluation: 0, groupWait: 0 });
export { DELIVERY_MS };

/**
 * An alert whose condition holds, on its receivers: `for` (counted in evaluations, so it ends
 * on one: TICKS_PER_HOP evaluations more), the send to Alertmanager, its group_wait for the
 * alert's severity (a timer like the others), and the call to the receiver.
 */
export function firingToReceiverMs(t: LocalTiming, alert: AlertRule): number {
  const evaluation = t.evaluationMs(alert);
  return t.forMs(alert) + TICKS_PER_HOP * evaluation + SEND_MS + TICKS_PER_HOP * t.routing(alert.severity).groupWaitMs + DELIVERY_MS;
}

/** How often a wait looks again: a quarter of the fastest interval, so it never adds one. */
export const pollEveryMs = (t: Pick<LocalTiming, 'scrapeMs' | 'exportMs'>) => Math.min(t.scrapeMs, t.exportMs) / 4;
