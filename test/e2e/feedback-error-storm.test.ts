import { expect, it } from 'vitest';
import { errors } from '../../feedback/behaviours';
import { compressedMs } from '../../feedback/controller';
import { expectActedInTime, FEEDBACK_TIME_SCALE, runWithLoop, sampleAt, type FeedbackRun } from './feedback-harness';
import { TICKS_PER_HOP } from './margins';

const GEN = 'qe-test-generator';
/** Spec 10.2: the errors behaviour acts within its 5-minute cooldown of the trigger. */
const BUDGET_MS = compressedMs(errors.cooldown, FEEDBACK_TIME_SCALE);
/** Real ms after the trip over which runs are compared: 4 compressed minutes. */
const MEASURE_MS = compressedMs('4m', FEEDBACK_TIME_SCALE);
/**
 * How long a run waits for the trip before it gives up: the budget once for the failures to
 * reach Prometheus' ratio and once for the loop, TICKS_PER_HOP times for a loaded machine
 * (test/e2e/margins.ts). Only a cap: the assertions say whether it was in time.
 */
const PATIENCE_MS = TICKS_PER_HOP * 2 * BUDGET_MS;

it('an error storm trips the circuit breaker of the failing type within 5 compressed minutes of the trigger, and its runs drop against dry-run', async () => {
  const tripped = (ds: FeedbackRun['decisions']) => ds.find((d) => d.behaviour === 'errors' && d.subject === GEN && d.action === 'trip_circuit_breaker');
  const on = await runWithLoop('error-storm', 'on', GEN, errors, (ds, t) => {
    const trip = tripped(ds);
    return trip !== undefined && t > trip.sinceStartMs + MEASURE_MS;
  }, PATIENCE_MS + MEASURE_MS);
  const trip = tripped(on.decisions);
  const delay = expectActedInTime(on, errors, trip, `error storm -> circuit breaker of ${GEN}`);
  expect(trip!.mode).toBe('applied');

  const dry = await runWithLoop('error-storm', 'dry-run', GEN, errors, (_ds, t) => t > delay + MEASURE_MS, PATIENCE_MS + MEASURE_MS);
  // Dry-run decided the same, and recorded it as such.
  expect(dry.decisions.some((d) => d.behaviour === 'errors' && d.subject === GEN && d.action === 'trip_circuit_breaker' && d.mode === 'dry_run')).toBe(true);

  const started = (run: typeof on) => sampleAt(run, delay + MEASURE_MS).started - sampleAt(run, delay).started;
  const refused = (run: typeof on) => sampleAt(run, delay + MEASURE_MS).refused - sampleAt(run, delay).refused;
  const perSecond = (n: number) => (n / (MEASURE_MS / 1000)).toFixed(2);
  console.log(`${GEN} runs started in the ${MEASURE_MS / 1000} s after the trip: on ${started(on)} (${perSecond(started(on))}/s, ${refused(on)} refused), dry-run ${started(dry)} (${perSecond(started(dry))}/s, ${refused(dry)} refused)`);
  expect(refused(dry)).toBe(0);
  expect(refused(on)).toBeGreaterThan(0);
  // The breaker lets a probe through now and then: far fewer runs, not none.
  expect(started(on)).toBeLessThan(started(dry) / 2);
  expect(on.samples.some((s) => s.sinceStartMs > delay && s.circuit === 'half-open')).toBe(true);
}, 120_000);
