/**
 * A run's plan: everything a run will do, drawn up front and synchronously in tick order from
 * the run's own generator (that is what makes runs repeatable), and the failure it may end in.
 */
import type { TokenUsage } from '../out/instrumentation';
import type { AgentType, ErrorType, GateDecision, Model, Outcome, Priority, TaskType } from '../out/instrumentation/labels';
import type { Prng } from './prng';
import { AGENT_PROFILES, TASK_PROFILES, type SimGate, type SimProject } from './profiles';
import { SCENARIO_PARAMETERS as P } from './scenarios';

/** The fleet's own dispatcher: the parent of top-level runs. */
export const DISPATCHER_AGENT_ID = 'fleet-commander';

/** Who hands a task over: the baggage the parent sets around injectTraceContext. */
export interface Handoff {
  readonly agentId: string;
  readonly taskId: string;
  readonly sessionId: string;
}

export type Step =
  | { readonly kind: 'model'; readonly seconds: number; readonly model: Model; readonly usage: TokenUsage; readonly snapshot?: string }
  | { readonly kind: 'tool'; readonly seconds: number; readonly tool: string };

export interface Failure {
  /** Index of the failing step; steps.length: after the last step (validation). */
  readonly at: number;
  /** Simulated seconds the failing step lasted. */
  readonly seconds: number;
  readonly status: Outcome;
  readonly errorType?: ErrorType;
}

export interface Forced {
  readonly taskType?: TaskType;
  readonly gate?: SimGate;
  readonly decision?: GateDecision;
  readonly criticalFinding?: boolean;
  /** A retry of a failed run: which one (1 is the first retry). */
  readonly attempt?: number;
}

export interface RunPlan {
  readonly agentType: AgentType;
  readonly taskType: TaskType;
  readonly agentId: string;
  readonly taskId: string;
  readonly priority: Priority;
  readonly project: SimProject;
  readonly depth: number;
  readonly parent: Handoff;
  readonly spawnSeconds: number;
  readonly steps: readonly Step[];
  readonly failure?: Failure;
  readonly children: readonly RunPlan[];
  /** Children start after this step (the commander plans first; others delegate last). */
  readonly childrenAfterStep: number;
  readonly forced: Forced;
  /** This run's own generator: a run draws only from it once dispatched. */
  readonly rng: Prng;
}

export interface RunState {
  elapsed: number;
  cost: number;
}

/** An agent run that ends early: its `name` becomes the span's error.type. */
export class SimulatedFailure extends Error {
  constructor(
    readonly status: Outcome,
    readonly errorType: ErrorType | undefined,
  ) {
    super(errorType ? `simulated ${errorType}` : 'simulated cancellation');
    this.name = errorType ?? 'cancelled';
  }
}

export const round3 = (value: number) => Math.round(value * 1000) / 1000;

/** Errors a retry can help with (a crash or a validation error would fail again). */
export const RETRYABLE: ReadonlySet<ErrorType> = new Set<ErrorType>(['model_error', 'rate_limited', 'timeout', 'dependency_unavailable']);

/**
 * token-spike: the median input tokens per call of `agentType` that make its expected input
 * about P.tokenSpike.inputTokensPerMinute (from its run rate and model calls per run).
 */
export function spikeInputMedian(agentType: AgentType): number {
  const profile = AGENT_PROFILES[agentType];
  const totalWeight = profile.tasks.reduce((sum, [, weight]) => sum + weight, 0);
  const callsPerRun = profile.tasks.reduce((sum, [task, weight]) => sum + (weight / totalWeight) * ((TASK_PROFILES[task].modelCalls[0] + TASK_PROFILES[task].modelCalls[1]) / 2), 0);
  const meanPerCall = P.tokenSpike.inputTokensPerMinute / (profile.runsPerMinute * callsPerRun);
  return meanPerCall / Math.exp((P.tokenSpike.sigma * P.tokenSpike.sigma) / 2);
}
