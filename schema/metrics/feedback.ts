import { counter, gauge } from '../define';
import { agentType, feedbackAction, feedbackBehaviour, feedbackMode } from '../labels';

/** The feedback loop of spec 10: what it changed in the fleet, and the state it left. */

export const feedbackAdaptations = counter({
  name: 'aqe.feedback.adaptations_total',
  unit: '{adaptation}',
  description:
    'Adaptations the feedback loop decided, by behaviour and action; mode dry_run: decided and recorded, not applied',
  labels: [agentType, feedbackBehaviour, feedbackAction, feedbackMode],
});

export const feedbackConcurrencyLimit = gauge({
  name: 'aqe.feedback.concurrency_limit',
  unit: '{agent}',
  description: 'Runs of one agent type allowed at the same time in this process (the loop lowers it when runs are slow)',
  labels: [agentType],
});

export const feedbackCircuitState = gauge({
  name: 'aqe.feedback.circuit_state',
  unit: '{state}',
  description: 'Circuit breaker of one agent type: 0 closed (runs go), 0.5 half-open (a few probe runs), 1 open (runs refused)',
  labels: [agentType],
});
