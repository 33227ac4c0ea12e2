/** What the fleet logs as it runs: the scenario's start, its critical finding, every run and handoff. */
import type { AgentType, ErrorType, Outcome, TaskType } from '../out/instrumentation/labels';
import type { ScenarioName } from './scenarios';

export interface EventTime {
  /** Wall clock (Date.now()) when the event was logged. */
  readonly atMs: number;
  /** Simulated seconds since the start when the event was logged. */
  readonly simSeconds: number;
}

export type FleetEvent =
  /** The scenario's abnormal behaviour starts. */
  | (EventTime & { readonly kind: 'scenario-start'; readonly scenario: ScenarioName; readonly detail: string })
  /** The critical finding was recorded (its `atMs` is the moment of `securityFindings.inc`). */
  | (EventTime & { readonly kind: 'critical-finding'; readonly cweCategory: string; readonly agentId: string; readonly taskId: string })
  /** A run was dispatched, with the outcome drawn for it (the adaptation may still refuse it: see `adaptation`'s `refused`). */
  | (EventTime & {
      readonly kind: 'agent-run';
      readonly agentId: string;
      readonly agentType: AgentType;
      readonly taskId: string;
      readonly taskType: TaskType;
      readonly parentAgentId: string;
      readonly sessionId: string;
      readonly depth: number;
      readonly outcome: Outcome;
      readonly errorType?: ErrorType;
      readonly plannedSeconds: number;
    })
  /** A child started: what it read from the baggage its parent stored with the trace context. */
  | (EventTime & {
      readonly kind: 'handoff';
      readonly agentId: string;
      readonly taskId: string;
      readonly fromAgentId?: string;
      readonly fromTaskId?: string;
      readonly sessionId?: string;
    });
