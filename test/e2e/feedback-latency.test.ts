import { expect, it } from 'vitest';
import { performance } from '../../feedback/behaviours';
import { compressedMs } from '../../feedback/controller';
import { expectActedInTime, FEEDBACK_TIME_SCALE, runWithLoop, type FeedbackRun } from './feedback-harness';
import { TICKS_PER_HOP } from './margins';

const GEN = 'qe-test-generator';
/** Spec 10.2: the performance behaviour acts within its 5-minute cooldown of the trigger. */
const BUDGET_MS = compressedMs(performance.cooldown, FEEDBACK_TIME_SCALE);
/** Real ms after the first lowering over which concurrency is compared: 6 compressed minutes. */
const MEASURE_MS = compressedMs('6m', FEEDBACK_TIME_SCALE);
/**
 * A limit caps admissions, not runs already going: a run admitted under the old limit may
 * last this long after a lowering (2 compressed minutes; slowed runs take about 1).
 */
const RUN_GRACE_MS = compressedMs('2m', FEEDBACK_TIME_SCALE);
/**
 * How long a run waits for the first lowering before it gives up: the budget once for the
 * slowed runs to reach Prometheus' P95 and once for the loop, TICKS_PER_HOP times for a loaded
 * machine (test/e2e/margins.ts). Only a cap: the assertions say whether it was in time.
 */
const PATIENCE_MS = TICKS_PER_HOP * 2 * BUDGET_MS;

it('slow runs lower the concurrency limit of the slow type within 5 compressed minutes of the trigger, and cap its runs at once against dry-run', async () => {
  const lowered = (ds: FeedbackRun['decisions']) => ds.find((d) => d.behaviour === 'performance' && d.subject === GEN && d.action === 'lower_concurrency');
  const on = await runWithLoop('latency-degradation', 'on', GEN, performance, (ds, t) => {
    const first = lowered(ds);
    return first !== undefined && t > first.sinceStartMs + MEASURE_MS;
  }, PATIENCE_MS + MEASURE_MS);
  const delay = expectActedInTime(on, performance, lowered(on.decisions), `latency degradation -> concurrency of ${GEN} lowered`);

  const dry = await runWithLoop('latency-degradation', 'dry-run', GEN, performance, (_ds, t) => t > delay + MEASURE_MS, PATIENCE_MS + MEASURE_MS);
  expect(dry.decisions.some((d) => d.behaviour === 'performance' && d.subject === GEN && d.action === 'lower_concurrency' && d.mode === 'dry_run')).toBe(true);

  // From one run's grace after the first lowering: the runs admitted before it have ended.
  const after = (run: FeedbackRun) => run.samples.filter((s) => s.sinceStartMs > delay + RUN_GRACE_MS && s.sinceStartMs <= delay + MEASURE_MS);
  const peak = (run: FeedbackRun) => Math.max(...after(run).map((s) => s.running));
  const limits = [...new Set(after(on).map((s) => s.limit))];
  const refused = (run: FeedbackRun) => after(run).at(-1)!.refused - after(run)[0]!.refused;
  console.log(`${GEN} most runs at once from ${(RUN_GRACE_MS / 1000).toFixed(1)} to ${MEASURE_MS / 1000} s after the first lowering: on ${peak(on)} (limits ${limits.join(' -> ')}, ${refused(on)} runs refused), dry-run ${peak(dry)} (limit ${after(dry)[0]!.limit}, ${refused(dry)} refused)`);
  // Never more at once than the highest limit in force while the runs going now were admitted.
  for (const s of on.samples.filter((o) => o.sinceStartMs > delay)) expect(s.running).toBeLessThanOrEqual(Math.max(s.limit, ...on.samples.filter((o) => o.sinceStartMs > s.sinceStartMs - RUN_GRACE_MS && o.sinceStartMs <= s.sinceStartMs).map((o) => o.limit)));
  expect(peak(on)).toBeLessThan(peak(dry));
  expect(refused(on)).toBeGreaterThan(0);
  expect(refused(dry)).toBe(0);
}, 120_000);
