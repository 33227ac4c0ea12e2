import { counter, gauge, histogram } from '../define';
import { agentType, operationType, priority, taskType } from '../labels';

/** System performance (spec 6.3). Two spec names are renamed to say what they measure. */

export const queueDepth = gauge({
  name: 'aqe.task.queue_depth',
  unit: '{task}',
  description: 'Tasks waiting for an agent',
  labels: [priority],
});

export const tasksCompleted = counter({
  name: 'aqe.task.completed_total',
  unit: '{task}',
  description: 'Tasks completed; throughput is its rate',
  labels: [taskType, agentType],
  specNames: ['aqe.task.throughput'],
  renameReason:
    'A counter cannot hold "tasks per time period": it counts completed tasks, and throughput is rate() over it.',
});

export const operationDuration = histogram({
  name: 'aqe.operation.duration_seconds',
  unit: 's',
  description: 'End-to-end duration of an operation; P50/P95/P99 are histogram_quantile() over it',
  labels: [operationType],
  // Up to 10 minutes: a model call that reasons or streams a long answer takes minutes, and a
  // last bound of 60 s put those in +Inf, where no quantile can be read (the GenAI
  // conventions' own operation buckets stop at 82 s for the same reason, schema/genai-conventions.ts).
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  specNames: ['aqe.latency.p99_seconds'],
  renameReason:
    'It is a histogram of durations, not a P99: every percentile is computed from it at query time.',
});
