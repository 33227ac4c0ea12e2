import { expect, it } from 'vitest';
import { FEEDBACK_TIME_SCALE, runWithLoop, type FeedbackRun } from './feedback-harness';

const GEN = 'qe-test-generator';
/** Spec 10.2: the performance behaviour acts within its 5-minute cooldown of the trigger. */
const BUDGET_MS = (5 * 60 * 1000) / FEEDBACK_TIME_SCALE;
/** Real ms after the first lowering over which concurrency is compared: 6 compressed minutes. */
const MEASURE_MS = (6 * 60 * 1000) / FEEDBACK_TIME_SCALE;
/**
 * A limit caps admissions, not runs already going: a run admitted under the old limit may
 * last this long after a lowering (2 compressed minutes; slowed runs take about 1).
 */
const RUN_GRACE_MS = (2 * 60 * 1000) / FEEDBACK_TIME_SCALE;

it('slow runs lower the concurrency limit of the slow type within 5 compressed minutes, and cap its runs at once against dry-run', async () => {
  const lowered = (ds: FeedbackRun['decisions']) => ds.find((d) => d.behaviour === 'performance' && d.subject === GEN && d.action === 'lower_concurrency');
  const on = await runWithLoop('latency-degradation', 'on', GEN, (ds, t) => {
    const first = lowered(ds);
    return first !== undefined && t > first.sinceStartMs + MEASURE_MS + 200;
  }, BUDGET_MS + MEASURE_MS + 2000);
  const first = lowered(on.decisions);
  expect(first, JSON.stringify(on.decisions)).toBeDefined();
  const delay = first!.sinceStartMs;
  console.log(`latency degradation -> concurrency of ${GEN} lowered: ${(delay / 1000).toFixed(1)} s real, ${((delay * FEEDBACK_TIME_SCALE) / 60_000).toFixed(1)} compressed minutes after the runs slowed (observed P95 ${first!.observed.toFixed(1)} s; ${first!.detail})`);
  expect(delay).toBeLessThanOrEqual(BUDGET_MS);

  const dry = await runWithLoop('latency-degradation', 'dry-run', GEN, (_ds, t) => t > delay + MEASURE_MS + 200, BUDGET_MS + MEASURE_MS + 2000);
  expect(dry.decisions.some((d) => d.behaviour === 'performance' && d.subject === GEN && d.action === 'lower_concurrency' && d.mode === 'dry_run')).toBe(true);

  // From one second after the first lowering (runs started before it may still finish).
  const after = (run: FeedbackRun) => run.samples.filter((s) => s.sinceStartMs > delay + 1000 && s.sinceStartMs <= delay + MEASURE_MS);
  const peak = (run: FeedbackRun) => Math.max(...after(run).map((s) => s.running));
  const limits = [...new Set(after(on).map((s) => s.limit))];
  const refused = (run: FeedbackRun) => after(run).at(-1)!.refused - after(run)[0]!.refused;
  console.log(`${GEN} most runs at once in the ${MEASURE_MS / 1000} s after the first lowering: on ${peak(on)} (limits ${limits.join(' -> ')}, ${refused(on)} runs refused), dry-run ${peak(dry)} (limit ${after(dry)[0]!.limit}, ${refused(dry)} refused)`);
  // Never more at once than the highest limit in force while the runs going now were admitted.
  for (const s of after(on)) expect(s.running).toBeLessThanOrEqual(Math.max(s.limit, ...on.samples.filter((o) => o.sinceStartMs > s.sinceStartMs - RUN_GRACE_MS && o.sinceStartMs <= s.sinceStartMs).map((o) => o.limit)));
  expect(peak(on)).toBeLessThan(peak(dry));
  expect(refused(on)).toBeGreaterThan(0);
  expect(refused(dry)).toBe(0);
}, 120_000);
