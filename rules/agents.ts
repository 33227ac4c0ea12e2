import { agentDuration, agentErrors, agentSpawns } from '../schema/metrics/agent';
import { agentType, taskType } from '../schema/labels';
import { alert, panelLink, bucket, count, promql, recording, type RuleFile, seconds } from './define';
import { FIVE_MINUTES, ONE_HOUR } from './windows';
import { pagerduty, slackCritical, slackDev, slackOps } from './channels';
import { THRESHOLDS } from './thresholds';
import { histogramObservations } from './test-series';

/** Agent health: failures, latency, and new agent types (spec 8.1, 8.2, 8.3). */

export const spawnRate = recording({
  record: 'agent_type:aqe_agent_spawn:rate5m',
  expr: promql`sum by (${agentType}) (rate(${agentSpawns}[${FIVE_MINUTES}]))`,
  description: 'Agent runs started per second, by agent type',
});

export const errorRate = recording({
  record: 'agent_type:aqe_agent_errors:rate5m',
  expr: promql`sum by (${agentType}) (rate(${agentErrors}[${FIVE_MINUTES}]))`,
  description: 'Agent runs ending in an error per second, by agent type',
});

export const failureRatio = recording({
  record: 'agent_type:aqe_agent_failures_per_spawn:ratio_rate5m',
  expr: promql`${errorRate} / ${spawnRate}`,
  description: 'Share of agent runs that end in an error, by agent type',
});

export const runRate = recording({
  record: 'agent_type:aqe_agent_duration_seconds_count:rate5m',
  expr: promql`sum by (${agentType}) (rate(${count(agentDuration)}[${FIVE_MINUTES}]))`,
  description: 'Agent runs finished per second, by agent type',
});

/**
 * Run-duration buckets per agent type and task type: what every latency quantile and the
 * developer dashboard's heatmap read, so a 7-day panel reads a few hundred recorded series
 * instead of every raw bucket (docs/benchmarks.md measured the raw ones at about 1 s).
 */
export const durationBuckets = recording({
  record: 'agent_type_task_type_le:aqe_agent_duration_seconds_bucket:rate5m',
  expr: promql`sum by (${agentType}, ${taskType}, le) (rate(${bucket(agentDuration)}[${FIVE_MINUTES}]))`,
  description: 'Agent runs finishing per second in each duration bucket, by agent type and task type',
});

const durationQuantile = (quantile: string) =>
  recording({
    record: 'agent_type_quantile:aqe_agent_duration_seconds:histogram_quantile_rate5m',
    expr: promql`histogram_quantile(${quantile}, sum by (${agentType}, le) (${durationBuckets}))`,
    labels: { quantile },
    description: `P${Number(quantile) * 100} duration of agent runs, by agent type`,
  });

export const durationP50 = durationQuantile('0.5');
export const durationP95 = durationQuantile('0.95');
export const durationP99 = durationQuantile('0.99');

const GENERATOR = { agent_type: 'qe-test-generator' };

export const agentFailureRate = alert({
  name: 'AgentFailureRate',
  // Guarded by traffic and by the count of failures: one failure among two runs, or two
  // among twenty, must not page anyone at 3 a.m.
  expr: promql`${failureRatio} > ${THRESHOLDS.agentFailureRatio} and ${spawnRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minRunsForFailureRatio} and ${errorRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minErrorsForFailureRatio}`,
  for: '5m',
  severity: 'critical',
  summary: '{{ $labels.agent_type }} fails {{ $value | humanizePercentage }} of its runs',
  description:
    'Over the last 5 minutes {{ $value | humanizePercentage }} of {{ $labels.agent_type }} runs ended in an error (threshold 10%). Check the error types on the developer dashboard.',
  runbook: 'agent-failures',
  dashboard: panelLink('developer', 'errorRate'),
  channels: [pagerduty, slackCritical],
  firing: [
    {
      name: 'one agent type failing 2 of every 10 runs pages once 3 failures are in the window, 5 minutes later',
      series: [
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'success' }, values: '0+8x20' },
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'failure' }, values: '0+2x20' },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'model_error' }, values: '0+2x20' },
        // A healthy neighbour must not be dragged in.
        { metric: agentSpawns, labels: { agent_type: 'qe-test-executor', status: 'success' }, values: '0+10x20' },
      ],
      firesAt: '7m',
      expected: [
        {
          labels: GENERATOR,
          summary: 'qe-test-generator fails 20% of its runs',
          description:
            'Over the last 5 minutes 20% of qe-test-generator runs ended in an error (threshold 10%). Check the error types on the developer dashboard.',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'one failure among two runs is low traffic, not an incident',
      series: [
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'success' }, values: '0 0 1x18' },
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'failure' }, values: '0 0 1x18' },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, values: '0 0 1x18' },
      ],
      quietAt: ['3m', '8m', '15m'],
    },
    {
      name: 'two failures among twenty runs are chance, not an incident',
      series: [
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'success' }, values: '0+4x20' },
        { metric: agentSpawns, labels: { ...GENERATOR, status: 'failure' }, values: '0 0 0 1 1 1 2x15' },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, values: '0 0 0 1 1 1 2x15' },
      ],
      quietAt: ['6m', '8m', '10m'],
    },
  ],
});

export const performanceDegradation = alert({
  name: 'PerformanceDegradation',
  expr: promql`${durationP95} > ${THRESHOLDS.p95DurationSeconds} and on (${agentType}) ${runRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minRunsForLatency}`,
  for: '10m',
  severity: 'warning',
  summary: '{{ $labels.agent_type }} P95 run time is {{ $value | humanizeDuration }}',
  description:
    'The slowest 5% of {{ $labels.agent_type }} runs took longer than {{ $value | humanizeDuration }} over the last 5 minutes (threshold 30s).',
  runbook: 'performance-degradation',
  dashboard: panelLink('developer', 'latency'),
  channels: [slackDev],
  firing: [
    {
      name: 'runs of 45 s for ten minutes raise a warning',
      series: histogramObservations(agentDuration, { ...GENERATOR, task_type: 'unit-test-generation', status: 'success' }, { value: 45, perStep: 10, steps: 20 }),
      firesAt: '11m',
      expected: [
        {
          labels: { ...GENERATOR, quantile: '0.95' },
          summary: 'qe-test-generator P95 run time is 58.5s',
          description: 'The slowest 5% of qe-test-generator runs took longer than 58.5s over the last 5 minutes (threshold 30s).',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'runs of 20 s are within the threshold',
      series: histogramObservations(agentDuration, { ...GENERATOR, task_type: 'unit-test-generation', status: 'success' }, { value: 20, perStep: 10, steps: 20 }),
      quietAt: ['11m', '20m'],
    },
  ],
});

export const newAgentDeployed = alert({
  name: 'NewAgentDeployed',
  // "New" means: spawning now, and not an hour ago, while the fleet was running an hour ago
  // (without that, a fresh Prometheus would announce every agent type). A plain
  // increase() > 0 would fire on every spawn of every agent.
  expr: promql`(count by (${agentType}) (${agentSpawns}) unless count by (${agentType}) (${agentSpawns} offset ${ONE_HOUR})) and on () (count(${agentSpawns} offset ${ONE_HOUR}) > 0)`,
  for: '0s',
  severity: 'info',
  summary: 'New agent type {{ $labels.agent_type }} started running',
  description: '{{ $labels.agent_type }} spawned its first agents in the last hour. Check it on the operations dashboard.',
  runbook: 'new-agent-deployed',
  dashboard: panelLink('operations', 'agentsActive'),
  channels: [slackOps],
  firing: [
    {
      name: 'an agent type that starts spawning after an hour of others is announced',
      series: [
        { metric: agentSpawns, labels: { agent_type: 'qe-test-executor', status: 'success' }, values: '1+1x120' },
        { metric: agentSpawns, labels: { agent_type: 'qe-chaos-engineer', status: 'success' }, values: '_x90 1+1x30' },
      ],
      firesAt: '90m',
      expected: [
        {
          labels: { agent_type: 'qe-chaos-engineer' },
          summary: 'New agent type qe-chaos-engineer started running',
          description: 'qe-chaos-engineer spawned its first agents in the last hour. Check it on the operations dashboard.',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'a fresh Prometheus, with nothing spawned an hour before, announces nothing',
      series: [
        { metric: agentSpawns, labels: { agent_type: 'qe-test-executor', status: 'success' }, values: '1+1x60' },
        { metric: agentSpawns, labels: { agent_type: 'qe-chaos-engineer', status: 'success' }, values: '_x10 1+1x50' },
      ],
      quietAt: ['1m', '10m', '30m'],
    },
  ],
});

export const AGENT_RULES: RuleFile = {
  name: 'agents',
  // One group, recordings first: rules of a group run in order, so an alert sees the
  // recordings of the same evaluation (separate groups run in no fixed order).
  groups: [{ name: 'aqe-agents', interval: '15s', rules: [spawnRate, errorRate, failureRatio, runRate, durationBuckets, durationP50, durationP95, durationP99, agentFailureRate, performanceDegradation, newAgentDeployed] }],
};
