/**
 * The five adaptive behaviours of spec 10.2: what each watches, when it acts (threshold,
 * for how many observations in a row), when it undoes its action (a lower level, for more
 * observations: hysteresis), its cooldown, and what it does within the bounds of the
 * adaptation. Thresholds come from rules/thresholds.ts, shared with the alert rules.
 */
import type { AgentType, FeedbackAction, FeedbackBehaviour, Model } from '../out/instrumentation/labels';
import { THRESHOLDS } from '../schema/thresholds';
import { cheaperModel, type InProcessAdaptation } from './adaptation';

/** One value the loop saw: `subject` is an agent type, or a project for quality and flakiness. */
export interface Observation {
  readonly behaviour: FeedbackBehaviour;
  readonly subject: string;
  readonly value: number;
  /** Cost: the model with most input tokens of the agent type. */
  readonly model?: Model;
  /** Performance: the most runs of the agent type at once in the window. */
  readonly concurrency?: number;
}

/** What an action did; undefined when there was nothing left to do (at a bound). */
export interface ActionResult {
  readonly action: FeedbackAction;
  /** The agent type acted on (the metric's agent_type). */
  readonly agentType: AgentType;
  readonly detail: string;
}

export interface Behaviour {
  readonly name: FeedbackBehaviour;
  /** The spec's trigger, in words. */
  readonly trigger: string;
  /** 'above': acts when the value is over the threshold; 'below': under it (coverage). */
  readonly direction: 'above' | 'below';
  readonly threshold: number;
  /** The level the value must get back past before the action is undone. */
  readonly recoverAt: number;
  /** Observations in a row past the threshold before acting. */
  readonly triggerAfter: number;
  /** Observations in a row past `recoverAt` before undoing. */
  readonly recoverAfter: number;
  /** Prometheus duration, real time: no other action of this behaviour on this subject before it ends. */
  readonly cooldown: string;
  /** Acts (again, if still past the threshold after the cooldown: the next step up to the bound). */
  act(adaptation: InProcessAdaptation, observation: Observation): ActionResult | undefined;
  /** Undoes what `act` did. */
  recover(adaptation: InProcessAdaptation, subject: string): ActionResult | undefined;
}

const TEST_GENERATOR: AgentType = 'qe-test-generator';
const FLAKY_HUNTER: AgentType = 'qe-flaky-test-hunter';
const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** Performance: P95 over threshold -> concurrency limit to half of the runs at once (down to the bound). */
export const performance: Behaviour = {
  name: 'performance',
  trigger: `P95 run time > ${THRESHOLDS.p95DurationSeconds}s`,
  direction: 'above',
  threshold: THRESHOLDS.p95DurationSeconds,
  recoverAt: THRESHOLDS.loopP95RecoverSeconds,
  triggerAfter: 2,
  recoverAfter: 5,
  cooldown: '5m',
  act(adaptation, { subject, concurrency }) {
    const agentType = subject as AgentType;
    const before = adaptation.getAdaptationState().agentTypes[agentType]?.concurrencyLimit;
    if (before === undefined) return undefined;
    // Half of what the type really ran at once lately (or of its limit, if lower, or if
    // unknown): a slow backend recovers from fewer requests fast, while halving a limit that
    // is not reached would change nothing.
    const basis = concurrency !== undefined && concurrency > 0 ? Math.min(before, Math.ceil(concurrency)) : before;
    const target = Math.max(adaptation.bounds.concurrency.min, Math.floor(basis / 2));
    if (target >= before) return undefined;
    adaptation.adjustConcurrency(agentType, target - before);
    const after = adaptation.getAdaptationState().agentTypes[agentType]!.concurrencyLimit;
    return { action: 'lower_concurrency', agentType, detail: `concurrency limit ${before} -> ${after} (ran ${basis} at once)` };
  },
  recover(adaptation, subject) {
    const agentType = subject as AgentType;
    const before = adaptation.getAdaptationState().agentTypes[agentType]?.concurrencyLimit;
    const initial = adaptation.bounds.concurrency.initial;
    if (before === undefined || before >= initial) return undefined;
    adaptation.adjustConcurrency(agentType, initial - before);
    return { action: 'restore_concurrency', agentType, detail: `concurrency limit ${before} -> ${initial}` };
  },
};

/** Cost: input tokens a minute over budget -> calls switch to the provider's cheapest model. */
export const cost: Behaviour = {
  name: 'cost',
  trigger: `input tokens > ${THRESHOLDS.inputTokensPerMinute} a minute`,
  direction: 'above',
  threshold: THRESHOLDS.inputTokensPerMinute,
  recoverAt: THRESHOLDS.loopInputTokensRecoverPerMinute,
  triggerAfter: 2,
  recoverAfter: 5,
  cooldown: '15m',
  act(adaptation, { subject, model }) {
    const agentType = subject as AgentType;
    const current = adaptation.getAdaptationState().agentTypes[agentType];
    const target = model ? cheaperModel(model) : undefined;
    if (!current || !target || current.model === target) return undefined;
    adaptation.switchModel(agentType, target);
    return { action: 'switch_model', agentType, detail: `calls on ${model} switched to ${target}` };
  },
  recover(adaptation, subject) {
    const agentType = subject as AgentType;
    const current = adaptation.getAdaptationState().agentTypes[agentType];
    if (!current?.model) return undefined;
    adaptation.restoreModel(agentType);
    return { action: 'restore_model', agentType, detail: `${current.model} switch undone` };
  },
};

/** Quality: line coverage under target -> one more test generator each time (up to the bound). */
export const quality: Behaviour = {
  name: 'quality',
  trigger: `line coverage < ${THRESHOLDS.loopLineCoverageTargetPercent}%`,
  direction: 'below',
  threshold: THRESHOLDS.loopLineCoverageTargetPercent,
  recoverAt: THRESHOLDS.loopLineCoverageRecoverPercent,
  triggerAfter: 2,
  recoverAfter: 5,
  cooldown: '10m',
  act(adaptation, { subject }) {
    const before = adaptation.extraAgents(TEST_GENERATOR);
    if (before >= adaptation.bounds.extraAgents.max) return undefined;
    adaptation.scaleAgents(TEST_GENERATOR, 1);
    return { action: 'spawn_agents', agentType: TEST_GENERATOR, detail: `extra test generators ${before} -> ${before + 1} (coverage of ${subject})` };
  },
  recover(adaptation, subject) {
    const before = adaptation.extraAgents(TEST_GENERATOR);
    if (before === 0) return undefined;
    adaptation.scaleAgents(TEST_GENERATOR, -before);
    return { action: 'release_agents', agentType: TEST_GENERATOR, detail: `extra test generators ${before} -> 0 (coverage of ${subject})` };
  },
};

/**
 * Errors: failure ratio over 5 % -> trip (and so arm) the circuit breaker, and allow one more
 * retry (up to the bound); undone: breaker disarmed, retries back to normal.
 */
export const errors: Behaviour = {
  name: 'errors',
  trigger: `failure ratio > ${pct(THRESHOLDS.loopFailureRatio)}`,
  direction: 'above',
  threshold: THRESHOLDS.loopFailureRatio,
  recoverAt: THRESHOLDS.loopFailureRecoverRatio,
  triggerAfter: 2,
  recoverAfter: 5,
  cooldown: '5m',
  act(adaptation, { subject, value }) {
    const agentType = subject as AgentType;
    const state = adaptation.getAdaptationState().agentTypes[agentType];
    if (!state) return undefined;
    const retries = Math.min(adaptation.bounds.retries.maxRetries, state.retryPolicy.maxRetries + 1);
    adaptation.tripCircuitBreaker(agentType, `failure ratio ${pct(value)} > ${pct(THRESHOLDS.loopFailureRatio)}`);
    adaptation.updateRetryPolicy(agentType, { ...state.retryPolicy, maxRetries: retries });
    return { action: 'trip_circuit_breaker', agentType, detail: `circuit open; retries ${state.retryPolicy.maxRetries} -> ${retries}` };
  },
  recover(adaptation, subject) {
    const agentType = subject as AgentType;
    const state = adaptation.getAdaptationState().agentTypes[agentType];
    const initial = adaptation.bounds.retries.initial;
    if (!state || (!state.circuitArmed && state.retryPolicy.maxRetries === initial.maxRetries)) return undefined;
    adaptation.disarmCircuitBreaker(agentType);
    adaptation.updateRetryPolicy(agentType, initial);
    return { action: 'disarm_circuit_breaker', agentType, detail: `circuit breaker disarmed; retries ${state.retryPolicy.maxRetries} -> ${initial.maxRetries}` };
  },
};

/** Flakiness: flaky share of executed tests over 3 % -> quarantine the project's flaky tests, one more flaky hunter. */
export const flakiness: Behaviour = {
  name: 'flakiness',
  trigger: `flaky tests > ${pct(THRESHOLDS.loopFlakyRatio)} of executions`,
  direction: 'above',
  threshold: THRESHOLDS.loopFlakyRatio,
  recoverAt: THRESHOLDS.loopFlakyRecoverRatio,
  triggerAfter: 2,
  recoverAfter: 5,
  cooldown: '30m',
  act(adaptation, { subject }) {
    const quarantined = adaptation.isQuarantined(subject);
    const hunters = adaptation.extraAgents(FLAKY_HUNTER);
    if (quarantined && hunters >= adaptation.bounds.extraAgents.max) return undefined;
    adaptation.quarantineFlakyTests(subject, true);
    adaptation.scaleAgents(FLAKY_HUNTER, 1);
    return { action: 'quarantine_flaky_tests', agentType: FLAKY_HUNTER, detail: `${subject} flaky tests quarantined; extra flaky hunters ${hunters} -> ${Math.min(hunters + 1, adaptation.bounds.extraAgents.max)}` };
  },
  recover(adaptation, subject) {
    if (!adaptation.isQuarantined(subject)) return undefined;
    adaptation.quarantineFlakyTests(subject, false);
    adaptation.scaleAgents(FLAKY_HUNTER, -adaptation.extraAgents(FLAKY_HUNTER));
    return { action: 'release_quarantine', agentType: FLAKY_HUNTER, detail: `${subject} quarantine lifted` };
  },
};

export const BEHAVIOURS: readonly Behaviour[] = [performance, cost, quality, errors, flakiness];
