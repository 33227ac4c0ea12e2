import { counter, histogram, upDownCounter } from '../define';
import { agentType, errorType, outcome, taskType } from '../labels';

/** Agent lifecycle metrics (spec 6.1). */

export const agentSpawns = counter({
  name: 'aqe.agent.spawn_total',
  unit: '{agent}',
  description: 'Agents spawned, by how their run ended',
  labels: [agentType, outcome],
});

export const agentDuration = histogram({
  name: 'aqe.agent.duration_seconds',
  unit: 's',
  description: 'Wall time of one agent run, from spawn to completion',
  labels: [agentType, taskType, outcome],
  // The spec's buckets, plus 120 s and 300 s: long security scans and chaos experiments
  // would otherwise all land in +Inf, and a P95 above 60 s could not be told apart.
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  // 19 agent types x 21 task types x 5 outcomes x 13 series; real fleets use a fraction,
  // since each agent type runs two or three task types.
  maxSeries: 30_000,
});

export const agentsActive = upDownCounter({
  name: 'aqe.agent.active',
  unit: '{agent}',
  description: 'Agents running now (incremented on spawn, decremented on completion)',
  labels: [agentType],
});

export const agentErrors = counter({
  name: 'aqe.agent.errors_total',
  unit: '{error}',
  description: 'Agent runs that ended in an error, by kind of error',
  labels: [agentType, errorType],
});

export const timeSaved = counter({
  name: 'aqe.roi.time_saved_seconds',
  unit: 's',
  description:
    'Engineer time the agent saved, as estimated by the agent from the work it did (for example 3 minutes per generated test)',
  labels: [agentType],
});
