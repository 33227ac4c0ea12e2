import { expect, it } from 'vitest';
import { FEEDBACK_TIME_SCALE, runWithLoop, sampleAt, type FeedbackRun } from './feedback-harness';

const GEN = 'qe-test-generator';
/** Spec 10.2: the errors behaviour acts within its 5-minute cooldown of the trigger. */
const BUDGET_MS = (5 * 60 * 1000) / FEEDBACK_TIME_SCALE;
/** Real ms after the trip over which runs are compared: 4 compressed minutes. */
const MEASURE_MS = (4 * 60 * 1000) / FEEDBACK_TIME_SCALE;

it('an error storm trips the circuit breaker of the failing type within 5 compressed minutes, and its runs drop against dry-run', async () => {
  const tripped = (ds: FeedbackRun['decisions']) => ds.find((d) => d.behaviour === 'errors' && d.subject === GEN && d.action === 'trip_circuit_breaker');
  const on = await runWithLoop('error-storm', 'on', GEN, (ds, t) => {
    const trip = tripped(ds);
    return trip !== undefined && t > trip.sinceStartMs + MEASURE_MS + 200;
  }, BUDGET_MS + MEASURE_MS + 2000);
  const trip = tripped(on.decisions);
  expect(trip, JSON.stringify(on.decisions)).toBeDefined();
  const delay = trip!.sinceStartMs;
  console.log(`error storm -> circuit breaker of ${GEN}: ${(delay / 1000).toFixed(1)} s real, ${((delay * FEEDBACK_TIME_SCALE) / 60_000).toFixed(1)} compressed minutes after the storm began (observed failure ratio ${(trip!.observed * 100).toFixed(1)} %)`);
  expect(delay).toBeLessThanOrEqual(BUDGET_MS);
  expect(trip!.mode).toBe('applied');

  const dry = await runWithLoop('error-storm', 'dry-run', GEN, (_ds, t) => t > delay + MEASURE_MS + 200, BUDGET_MS + MEASURE_MS + 2000);
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
