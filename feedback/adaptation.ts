/**
 * The Agent Adaptation API of spec 10.3, and the in-process implementation agents use:
 * each agent type gets a concurrency limiter, a retry policy, a model override, a circuit
 * breaker and an extra-agent count; operations can be throttled by a token bucket.
 *
 * Every change is clamped to `AdaptationBounds` (the loop cannot set a concurrency of 0 or
 * 500, retry forever, or switch to a model that is not cheaper and priced), and no method
 * throws into agent code: a bad argument is ignored and reported by the return value.
 */
import { diag } from '@opentelemetry/api';
import { AGENT_TYPE_VALUES, MODEL_VALUES, type AgentType, type Model } from '../out/instrumentation/labels';
import { feedbackCircuitState, feedbackConcurrencyLimit } from '../out/instrumentation/metrics';
import { basePerMillion } from '../core/token-price';
import { prices } from '../out/instrumentation/prices';
import { CircuitBreaker, type CircuitState } from './circuit-breaker';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { TokenBucket } from './throttle';

export interface RetryPolicy {
  /** Retries after the first attempt of a run that failed with a retryable error. */
  readonly maxRetries: number;
  /** Wait before a retry, ms (doubled each time). */
  readonly backoffMs: number;
}

/** Spec 10.3. `agentType` and `newModel` are strings there; here, the schema's closed sets. */
export interface AgentAdaptation {
  adjustConcurrency(agentType: AgentType, delta: number): void;
  updateRetryPolicy(agentType: AgentType, policy: RetryPolicy): void;
  switchModel(agentType: AgentType, newModel: Model): void;
  applyThrottle(operation: string, rateLimit: number): void;
  tripCircuitBreaker(agentType: AgentType, reason: string): void;
  getAdaptationState(): AdaptationState;
}

export interface AgentTypeState {
  readonly concurrencyLimit: number;
  readonly running: number;
  readonly peakRunning: number;
  readonly retryPolicy: RetryPolicy;
  /** The cheaper model calls are switched to; undefined: the agent's own choice. */
  readonly model?: Model;
  readonly circuit: CircuitState;
  /** Tripped by the loop and not yet disarmed: a closed breaker watches its runs by itself. */
  readonly circuitArmed: boolean;
  readonly circuitReason?: string;
  readonly extraAgents: number;
  /** Runs started, and refused (circuit open, no concurrency permit, throttled). */
  readonly started: number;
  readonly refused: number;
}

export interface AdaptationState {
  readonly agentTypes: Readonly<Record<string, AgentTypeState>>;
  /** Operations throttled, with their rate (per second). */
  readonly throttles: Readonly<Record<string, number>>;
  readonly quarantinedProjects: readonly string[];
}

/** The limits of every action the loop may take. */
export interface AdaptationBounds {
  readonly concurrency: { readonly initial: number; readonly min: number; readonly max: number };
  readonly retries: { readonly initial: RetryPolicy; readonly maxRetries: number };
  readonly extraAgents: { readonly max: number };
  /** Throttle rates (per second) outside this range are refused. */
  readonly throttle: { readonly minPerSecond: number; readonly maxPerSecond: number };
  readonly circuit: {
    readonly openMs: number;
    readonly halfOpenProbes: number;
    readonly successesToClose: number;
    /** An armed, closed breaker opens again on `failuresToTrip` failures among its last `window` runs. */
    readonly window: number;
    readonly failuresToTrip: number;
  };
}

/** Production defaults; durations are real time (compressed by `timeScale` where given). */
export const DEFAULT_BOUNDS: AdaptationBounds = {
  // 16 at once per agent type per process is more than a normal fleet uses (the
  // simulator's busiest type peaks under 10), so the limit only binds once lowered.
  concurrency: { initial: 16, min: 1, max: 32 },
  retries: { initial: { maxRetries: 1, backoffMs: 2_000 }, maxRetries: 3 },
  extraAgents: { max: 4 },
  throttle: { minPerSecond: 0.01, maxPerSecond: 1_000 },
  // 3 failures in 10 runs: 0.001 % likely at the normal 0.5 % error rate (0.1 % at 2 %), 83 % at 40 %.
  circuit: { openMs: 60_000, halfOpenProbes: 1, successesToClose: 3, window: 10, failuresToTrip: 3 },
};

/** Input plus output per million tokens, below any tier: how models are ranked by price. */
const rankPrice = (m: (typeof prices.models)[number]) => basePerMillion(m.inputPerMillion) + basePerMillion(m.outputPerMillion);

/** The cheapest priced model of the same provider, when it is cheaper than `model`. */
export function cheaperModel(model: Model): Model | undefined {
  const own = prices.models.find((m) => m.model === model);
  if (!own) return undefined;
  const cheaper = prices.models.filter((m) => m.provider === own.provider && rankPrice(m) < rankPrice(own)).sort((a, b) => rankPrice(a) - rankPrice(b))[0];
  return cheaper?.model as Model | undefined;
}

const isAgentType = (value: unknown): value is AgentType => (AGENT_TYPE_VALUES as readonly unknown[]).includes(value);
const isModel = (value: unknown): value is Model => (MODEL_VALUES as readonly unknown[]).includes(value);
const costOf = (model: Model) => {
  const m = prices.models.find((p) => p.model === model);
  return m ? rankPrice(m) : Infinity;
};

export interface InProcessAdaptationOptions {
  readonly bounds?: AdaptationBounds;
  /** Real seconds stand for this many seconds: the breaker's open time shrinks with it. @default 1 */
  readonly timeScale?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** Publish the concurrency limit and circuit state gauges. @default true */
  readonly publish?: boolean;
}

interface TypeEntry {
  readonly limiter: ConcurrencyLimiter;
  readonly breaker: CircuitBreaker;
  retry: RetryPolicy;
  model?: Model;
  extraAgents: number;
  started: number;
  refused: number;
}

/** What `admit` hands out: give it back with how the run ended. */
export interface RunPermit {
  done(success: boolean): void;
}

/**
 * The in-process AgentAdaptation. The feedback loop changes it; agents ask it before each
 * run (`admit`), for the model to call (`modelFor`) and for their retry policy.
 *
 * @example
 * const adaptation = new InProcessAdaptation();
 * const permit = adaptation.admit('qe-test-generator');
 * if (permit) {
 *   try { await run(adaptation.modelFor('qe-test-generator', 'claude-sonnet-4-5')); permit.done(true); }
 *   catch { permit.done(false); }
 * }
 */
export class InProcessAdaptation implements AgentAdaptation {
  readonly bounds: AdaptationBounds;
  private readonly now: () => number;
  private readonly publishGauges: boolean;
  private readonly types = new Map<AgentType, TypeEntry>();
  private readonly throttles = new Map<string, TokenBucket>();
  private readonly quarantine = new Set<string>();

  constructor(options: InProcessAdaptationOptions = {}) {
    this.bounds = options.bounds ?? DEFAULT_BOUNDS;
    this.now = options.now ?? Date.now;
    this.publishGauges = options.publish ?? true;
    const scale = options.timeScale ?? 1;
    const { circuit } = this.bounds;
    for (const agentType of AGENT_TYPE_VALUES) {
      this.types.set(agentType, {
        limiter: new ConcurrencyLimiter(this.bounds.concurrency.initial),
        breaker: new CircuitBreaker({ ...circuit, openMs: circuit.openMs / scale, now: this.now }),
        retry: this.bounds.retries.initial,
        extraAgents: 0,
        started: 0,
        refused: 0,
      });
    }
    this.publish();
  }

  // ---- spec 10.3 ----

  adjustConcurrency(agentType: AgentType, delta: number): void {
    this.guard('adjustConcurrency', () => {
      const entry = this.entry(agentType);
      if (!entry || !Number.isFinite(delta)) return;
      const { min, max } = this.bounds.concurrency;
      entry.limiter.setLimit(Math.min(max, Math.max(min, entry.limiter.maxConcurrent + Math.round(delta))));
      entry.limiter.resetPeak();
    });
  }

  updateRetryPolicy(agentType: AgentType, policy: RetryPolicy): void {
    this.guard('updateRetryPolicy', () => {
      const entry = this.entry(agentType);
      if (!entry || !Number.isFinite(policy?.maxRetries)) return;
      entry.retry = {
        maxRetries: Math.min(this.bounds.retries.maxRetries, Math.max(0, Math.floor(policy.maxRetries))),
        backoffMs: Math.max(0, Number.isFinite(policy.backoffMs) ? policy.backoffMs : this.bounds.retries.initial.backoffMs),
      };
    });
  }

  /** Takes effect only for calls whose own model costs more than `newModel` (never a dearer one). */
  switchModel(agentType: AgentType, newModel: Model): void {
    this.guard('switchModel', () => {
      const entry = this.entry(agentType);
      if (!entry || !isModel(newModel)) return;
      entry.model = newModel;
    });
  }

  applyThrottle(operation: string, rateLimit: number): void {
    this.guard('applyThrottle', () => {
      const { minPerSecond, maxPerSecond } = this.bounds.throttle;
      if (typeof operation !== 'string' || !Number.isFinite(rateLimit)) return;
      const rate = Math.min(maxPerSecond, Math.max(minPerSecond, rateLimit));
      this.throttles.set(operation, new TokenBucket(rate, Math.max(1, rate), this.now));
    });
  }

  tripCircuitBreaker(agentType: AgentType, reason: string): void {
    this.guard('tripCircuitBreaker', () => this.entry(agentType)?.breaker.trip(String(reason)));
  }

  getAdaptationState(): AdaptationState {
    const agentTypes: Record<string, AgentTypeState> = {};
    for (const [agentType, e] of this.types) {
      agentTypes[agentType] = {
        concurrencyLimit: e.limiter.maxConcurrent,
        running: e.limiter.current,
        peakRunning: e.limiter.peakRunning,
        retryPolicy: e.retry,
        ...(e.model ? { model: e.model } : {}),
        circuit: e.breaker.state,
        circuitArmed: e.breaker.armed,
        ...(e.breaker.armed ? { circuitReason: e.breaker.reason } : {}),
        extraAgents: e.extraAgents,
        started: e.started,
        refused: e.refused,
      };
    }
    const throttles: Record<string, number> = {};
    for (const [operation, bucket] of this.throttles) throttles[operation] = bucket.ratePerSecond;
    return { agentTypes, throttles, quarantinedProjects: [...this.quarantine].sort() };
  }

  // ---- beyond 10.3: what the quality and flakiness behaviours need, and the undo of each action ----

  /** More (or fewer) agents of a type, within 0..bounds.extraAgents.max. */
  scaleAgents(agentType: AgentType, delta: number): void {
    this.guard('scaleAgents', () => {
      const entry = this.entry(agentType);
      if (!entry || !Number.isFinite(delta)) return;
      entry.extraAgents = Math.min(this.bounds.extraAgents.max, Math.max(0, entry.extraAgents + Math.round(delta)));
    });
  }

  /** Closes the breaker and stops its own watch. */
  disarmCircuitBreaker(agentType: AgentType): void {
    this.guard('disarmCircuitBreaker', () => this.entry(agentType)?.breaker.disarm());
  }

  restoreModel(agentType: AgentType): void {
    this.guard('restoreModel', () => {
      const entry = this.entry(agentType);
      if (entry) delete entry.model;
    });
  }

  removeThrottle(operation: string): void {
    this.throttles.delete(operation);
  }

  quarantineFlakyTests(project: string, on: boolean): void {
    this.guard('quarantineFlakyTests', () => {
      if (typeof project !== 'string') return;
      if (on) this.quarantine.add(project);
      else this.quarantine.delete(project);
    });
  }

  // ---- what agents ask ----

  /**
   * May a run of `agentType` start now? Undefined when its circuit is open, no concurrency
   * permit is free, or `spawn:<agentType>` is throttled; otherwise a permit to hand back.
   */
  admit(agentType: AgentType): RunPermit | undefined {
    try {
      const entry = this.entry(agentType);
      if (!entry) return { done: () => undefined };
      const bucket = this.throttles.get(`spawn:${agentType}`);
      if (!entry.limiter.tryAcquire()) {
        entry.refused++;
        return undefined;
      }
      if ((bucket && !bucket.tryTake()) || !entry.breaker.allow()) {
        entry.limiter.release();
        entry.refused++;
        return undefined;
      }
      entry.started++;
      let returned = false;
      return {
        done: (success) => {
          if (returned) return;
          returned = true;
          entry.limiter.release();
          entry.breaker.record(success);
        },
      };
    } catch (error) {
      diag.warn('aqe-feedback: admit failed; letting the run go', error);
      return { done: () => undefined };
    }
  }

  /** The model a call of `agentType` should use: the switched model when it is cheaper than `planned`. */
  modelFor(agentType: AgentType, planned: Model): Model {
    const switched = this.types.get(agentType)?.model;
    return switched && costOf(switched) < costOf(planned) ? switched : planned;
  }

  retryPolicy(agentType: AgentType): RetryPolicy {
    return this.types.get(agentType)?.retry ?? this.bounds.retries.initial;
  }

  extraAgents(agentType: AgentType): number {
    return this.types.get(agentType)?.extraAgents ?? 0;
  }

  isQuarantined(project: string): boolean {
    return this.quarantine.has(project);
  }

  /** Sets the gauges from the current state (the circuit moves from open to half-open with time). */
  publish(): void {
    if (!this.publishGauges) return;
    try {
      for (const [agentType, e] of this.types) {
        feedbackConcurrencyLimit.set(e.limiter.maxConcurrent, { agent_type: agentType });
        const state = e.breaker.state;
        feedbackCircuitState.set(state === 'closed' ? 0 : state === 'open' ? 1 : 0.5, { agent_type: agentType });
      }
    } catch (error) {
      diag.debug('aqe-feedback: could not publish the adaptation gauges', error);
    }
  }

  private entry(agentType: AgentType): TypeEntry | undefined {
    if (!isAgentType(agentType)) {
      diag.warn(`aqe-feedback: unknown agent type ${String(agentType)} ignored`);
      return undefined;
    }
    return this.types.get(agentType);
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
      this.publish();
    } catch (error) {
      diag.warn(`aqe-feedback: ${what} failed`, error);
    }
  }
}
