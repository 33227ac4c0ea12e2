import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { THRESHOLDS } from '../../schema/thresholds';
import { DEFAULT_BOUNDS, InProcessAdaptation } from '../../feedback/adaptation';
import type { Observation } from '../../feedback/behaviours';
import { compressedMs, FeedbackController, type LoopMode } from '../../feedback/controller';
import { AdaptationRecorder } from '../../feedback/recorder';
import { readStateFile } from '../../feedback/state-file';
import { createLogger } from '../../runtime/logger';

/** A controller on a hand-moved clock, fed observations one step at a time. */
function rig(mode: Exclude<LoopMode, 'off'> = 'on', stateFile?: string) {
  const clock = { now: 1_000_000 };
  let next: Observation[] = [];
  const lines: string[] = [];
  const log = createLogger({ destination: new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }), level: 'info' });
  const adaptation = new InProcessAdaptation({ now: () => clock.now, publish: false });
  const controller = new FeedbackController({
    mode,
    adaptation,
    observer: { observe: async () => next },
    now: () => clock.now,
    recorder: new AdaptationRecorder(log),
    ...(stateFile ? { stateFile } : {}),
  });
  const step = async (obs: Observation[], advanceMs = 30_000) => {
    clock.now += advanceMs;
    next = obs;
    return controller.step();
  };
  return { clock, adaptation, controller, step, lines };
}

const GEN = 'qe-test-generator';
const errorsAt = (value: number): Observation[] => [{ behaviour: 'errors', subject: GEN, value }];
const p95At = (value: number, concurrency?: number): Observation[] => [{ behaviour: 'performance', subject: GEN, value, ...(concurrency !== undefined ? { concurrency } : {}) }];
const limit = (a: InProcessAdaptation) => a.getAdaptationState().agentTypes[GEN]!.concurrencyLimit;

describe('feedback controller', () => {
  it('errors over 5 % for two observations trip the breaker once, with one more retry; not again during the 5-minute cooldown', async () => {
    const { step, adaptation } = rig();
    expect(await step(errorsAt(0.2))).toEqual([]); // one observation is not a trend
    const [decision] = await step(errorsAt(0.2));
    expect(decision).toMatchObject({ behaviour: 'errors', action: 'trip_circuit_breaker', mode: 'applied', observed: 0.2, threshold: THRESHOLDS.loopFailureRatio });
    expect(adaptation.getAdaptationState().agentTypes[GEN]).toMatchObject({ circuit: 'open', retryPolicy: { maxRetries: DEFAULT_BOUNDS.retries.initial.maxRetries + 1 } });
    // Still failing, every 30 s for the rest of the cooldown: nothing more.
    for (let t = 30_000; t < 5 * 60_000 - 30_000; t += 30_000) expect(await step(errorsAt(0.3))).toEqual([]);
    // Cooldown over, still failing: acts again.
    expect((await step(errorsAt(0.3), 60_000)).map((d) => d.action)).toEqual(['trip_circuit_breaker']);
  });

  it('acts at the loop\'s 5 %, before the 10 % page, and not at 4 %', async () => {
    const { step } = rig();
    for (let i = 0; i < 5; i++) expect(await step(errorsAt(0.04))).toEqual([]);
    await step(errorsAt(0.06));
    expect(await step(errorsAt(0.06))).toHaveLength(1);
  });

  it('hysteresis: a value hovering around the threshold does not flap; recovery needs five observations under the lower level', async () => {
    const { step, adaptation } = rig();
    await step(errorsAt(0.2));
    await step(errorsAt(0.2));
    const decisions = [];
    // After the cooldown: alternating just over and just under 5 %, never twice over in a row,
    // and never under the 2 % recovery level: neither acts nor recovers.
    for (let i = 0; i < 20; i++) decisions.push(...(await step(errorsAt(i % 2 ? 0.051 : 0.045), 60_000)));
    expect(decisions).toEqual([]);
    // Four observations under 2 %: not yet. The fifth: breaker disarmed, retries back to normal.
    for (let i = 0; i < 4; i++) expect(await step(errorsAt(0.01))).toEqual([]);
    expect(adaptation.getAdaptationState().agentTypes[GEN]!.circuitArmed).toBe(true);
    expect((await step(errorsAt(0.01))).map((d) => d.action)).toEqual(['disarm_circuit_breaker']);
    expect(adaptation.retryPolicy(GEN).maxRetries).toBe(DEFAULT_BOUNDS.retries.initial.maxRetries);
    expect(adaptation.getAdaptationState().agentTypes[GEN]).toMatchObject({ circuit: 'closed', circuitArmed: false });
    // Nothing left to undo: no more decisions however long it stays low.
    for (let i = 0; i < 10; i++) expect(await step(errorsAt(0.0), 60_000)).toEqual([]);
  });

  it('slow runs halve the concurrency limit each cooldown, never under its minimum, then restore it', async () => {
    const { step, adaptation } = rig();
    const limits = [];
    for (let i = 0; i < 30; i++) {
      await step(p95At(45, 10), 60_000);
      limits.push(limit(adaptation));
    }
    // 10 at once -> 5, then 2, then 1; never 0.
    expect([...new Set(limits)]).toEqual([16, 5, 2, 1]);
    expect(Math.min(...limits)).toBe(DEFAULT_BOUNDS.concurrency.min);
    for (let i = 0; i < 4; i++) await step(p95At(20), 60_000);
    expect(limit(adaptation)).toBe(1);
    const [restore] = await step(p95At(20), 60_000);
    expect(restore).toMatchObject({ action: 'restore_concurrency', threshold: THRESHOLDS.loopP95RecoverSeconds });
    expect(limit(adaptation)).toBe(DEFAULT_BOUNDS.concurrency.initial);
  });

  it('the five behaviours each act once on their trigger, with their own cooldown', async () => {
    const { step, controller } = rig();
    const all: Observation[] = [
      { behaviour: 'performance', subject: GEN, value: 50, concurrency: 8 },
      { behaviour: 'cost', subject: GEN, value: 250_000, model: 'claude-sonnet-4-5' },
      { behaviour: 'quality', subject: 'checkout-service', value: 70 },
      { behaviour: 'errors', subject: GEN, value: 0.3 },
      { behaviour: 'flakiness', subject: 'checkout-service', value: 0.08 },
    ];
    await step(all);
    const first = await step(all);
    expect(first.map((d) => `${d.behaviour}:${d.action}`)).toEqual(['performance:lower_concurrency', 'cost:switch_model', 'quality:spawn_agents', 'errors:trip_circuit_breaker', 'flakiness:quarantine_flaky_tests']);
    const cooldownMinutes = Object.fromEntries(controller.snapshot().cooldowns.map((c) => [c.behaviour, (c.until - first[0]!.at) / 60_000]));
    expect(cooldownMinutes).toEqual({ performance: 5, errors: 5, quality: 10, cost: 15, flakiness: 30 });
    expect(controller.target.getAdaptationState().agentTypes[GEN]).toMatchObject({ model: 'claude-haiku-4-5', extraAgents: 1, concurrencyLimit: 4 });
    expect(controller.target.isQuarantined('checkout-service')).toBe(true);
    // Eleven minutes on: only the behaviours with shorter cooldowns have acted again.
    const later = [];
    for (let i = 0; i < 11; i++) later.push(...(await step(all, 60_000)));
    expect(new Set(later.map((d) => d.behaviour))).toEqual(new Set(['performance', 'errors', 'quality']));
  });

  it('dry-run decides and records the same, but the agents\' adaptation is untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-feedback-test-'));
    try {
      const file = join(dir, 'state.json');
      const { step, adaptation, controller, lines } = rig('dry-run', file);
      await step(errorsAt(0.2));
      const [decision] = await step(errorsAt(0.2));
      expect(decision).toMatchObject({ action: 'trip_circuit_breaker', mode: 'dry_run' });
      expect(adaptation.getAdaptationState().agentTypes[GEN]!.circuit).toBe('closed');
      expect(adaptation.admit(GEN)).toBeDefined();
      expect(controller.target.getAdaptationState().agentTypes[GEN]!.circuit).toBe('open');
      const state = readStateFile(file);
      expect(state.mode).toBe('dry-run');
      expect(state.history).toHaveLength(1);
      expect(state.cooldowns[0]).toMatchObject({ behaviour: 'errors', subject: GEN });
      expect(lines.some((l) => l.includes('would trip_circuit_breaker on qe-test-generator'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an observer that fails is recorded as the last error; the step does not throw', async () => {
    const adaptation = new InProcessAdaptation({ publish: false });
    const controller = new FeedbackController({ mode: 'on', adaptation, observer: { observe: () => Promise.reject(new Error('Prometheus down')) }, recorder: new AdaptationRecorder(createLogger({ stdout: false })) });
    await expect(controller.step()).resolves.toEqual([]);
    expect(controller.snapshot().lastError).toBe('Prometheus down');
  });

  it('compresses cooldowns and the poll interval by the time scale, in one place', () => {
    expect(compressedMs('5m', 60)).toBe(5000);
    const controller = new FeedbackController({ mode: 'dry-run', adaptation: new InProcessAdaptation({ publish: false }), observer: { observe: async () => [] }, timeScale: 60, recorder: new AdaptationRecorder(createLogger({ stdout: false })) });
    expect(controller.pollMs).toBe(250);
  });
});
