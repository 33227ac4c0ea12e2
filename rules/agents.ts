import { agentDuration, agentErrors, agentSpawns } from '../schema/metrics/agent';
import { agentType, taskType } from '../schema/labels';
import { alert, panelLink, bucket, count, formatDuration, promql, recording, type RuleFile, seconds, type Window } from './define';
import type { MetricDefinition } from '../schema/define';
import { onePerProcess } from './counting';
import { atProductionTiming, series } from './timeline';
import { FIVE_MINUTES, ONE_HOUR, ONE_WEEK } from '../core/windows';
import { pagerduty, slackCritical, slackDev, slackOps } from './channels';
import { THRESHOLDS } from '../schema/thresholds';
import { lastSpan, percent, secondsText, spokenDuration } from '../core/threshold-prose';
import { histogramObservations } from './test-series';

/** Agent health: failures, latency, and new agent types (spec 8.1, 8.2, 8.3). */

// Rates merged across delivery paths before they are summed (rules/counting.ts): a counter
// scraped from an agent and through the collector, or by two collector replicas, counts once.
const ratePerAgentType = (metric: MetricDefinition, w: Window) => promql`sum by (${agentType}) (${onePerProcess(promql`rate(${metric}[${w}])`)})`;

/** Runs started and failed per second over one window, and the share that failed, by agent type. */
function failureRecordings(w: Window, over: string) {
  const operation = `rate${formatDuration(w.ms)}`;
  const spawns = recording({ record: `agent_type:aqe_agent_spawn:${operation}`, expr: ratePerAgentType(agentSpawns, w), description: `Agent runs started per second${over}, by agent type` });
  const errors = recording({ record: `agent_type:aqe_agent_errors:${operation}`, expr: ratePerAgentType(agentErrors, w), description: `Agent runs ending in an error per second${over}, by agent type` });
  const ratio = recording({ record: `agent_type:aqe_agent_failures_per_spawn:ratio_${operation}`, expr: promql`${errors} / ${spawns}`, description: `Share of agent runs that end in an error${over}, by agent type` });
  return [spawns, errors, ratio] as const;
}

export const [spawnRate, errorRate, failureRatio] = failureRecordings(FIVE_MINUTES, '');
// The same over an hour: an agent type with a run a minute has too few runs in 5 minutes
// to judge, and enough in an hour.
export const [spawnRate1h, errorRate1h, failureRatio1h] = failureRecordings(ONE_HOUR, ` over ${lastSpan(ONE_HOUR.ms)}`);

export const runRate = recording({
  record: 'agent_type:aqe_agent_duration_seconds_count:rate5m',
  expr: promql`sum by (${agentType}) (${onePerProcess(promql`rate(${count(agentDuration)}[${FIVE_MINUTES}])`)})`,
  description: 'Agent runs finished per second, by agent type',
});

/**
 * Run-duration buckets per agent type and task type: what every latency quantile and the
 * developer dashboard's heatmap read, so a 7-day panel reads a few hundred recorded series
 * instead of every raw bucket (docs/benchmarks.md measured the raw ones at about 1 s).
 */
export const durationBuckets = recording({
  record: 'agent_type_task_type_le:aqe_agent_duration_seconds_bucket:rate5m',
  expr: promql`sum by (${agentType}, ${taskType}, le) (${onePerProcess(promql`rate(${bucket(agentDuration)}[${FIVE_MINUTES}])`)})`,
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

const SUCCESS = { ...GENERATOR, status: 'success' };
const FAILURE = { ...GENERATOR, status: 'failure' };
const failureRateAlert = (ratio: number) => ({
  labels: GENERATOR,
  summary: `qe-test-generator fails ${ratio * 100}% of its runs`,
  description: `Recently ${ratio * 100}% of qe-test-generator runs ended in an error (threshold ${percent(THRESHOLDS.agentFailureRatio)}). Check the error types on the developer dashboard.`,
});

export const agentFailureRate = alert({
  name: 'AgentFailureRate',
  // Over 5 minutes, guarded by traffic and by the count of failures: one failure among two
  // runs, or two among twenty, must not page anyone at 3 a.m. Under that traffic, over the
  // hour instead, as long as runs still fail now: an agent type with a run a minute that
  // fails every run pages too (the 5-minute guard alone kept it silent for ever).
  expr: promql`(${failureRatio} > ${THRESHOLDS.agentFailureRatio} and ${spawnRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minRunsForFailureRatio} and ${errorRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minErrorsForFailureRatio}) or (${failureRatio1h} > ${THRESHOLDS.agentFailureRatio} and ${errorRate1h} * ${seconds(ONE_HOUR)} >= ${THRESHOLDS.minErrorsForFailureRatio} and ${errorRate} > 0 and ${spawnRate} * ${seconds(FIVE_MINUTES)} < ${THRESHOLDS.minRunsForFailureRatio})`,
  for: '5m',
  severity: 'critical',
  summary: '{{ $labels.agent_type }} fails {{ $value | humanizePercentage }} of its runs',
  description: `Recently {{ $value | humanizePercentage }} of {{ $labels.agent_type }} runs ended in an error (threshold ${percent(THRESHOLDS.agentFailureRatio)}). Check the error types on the developer dashboard.`,
  runbook: 'agent-failures',
  dashboard: panelLink('developer', 'errorRate'),
  channels: [pagerduty, slackCritical],
  firing: [
    atProductionTiming({
      // Runs finish in batches each minute. The second batch (2m) brings the failures in the
      // window to 4 (>= 3); it is scraped at 2m02s and first evaluated at 2m15s; 5 minutes of
      // `for` later is 7m15s.
      name: 'one agent type failing 2 of every 10 runs pages once 3 failures are in the window, 5 minutes later',
      series: [
        { metric: agentSpawns, labels: SUCCESS, timeline: series().appears('0s').addEvery('1m', 8, { from: '0s', until: '20m' }) },
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').addEvery('1m', 2, { from: '0s', until: '20m' }) },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'model_error' }, timeline: series().appears('0s').addEvery('1m', 2, { from: '0s', until: '20m' }) },
        // A healthy neighbour must not be dragged in.
        { metric: agentSpawns, labels: { agent_type: 'qe-test-executor', status: 'success' }, timeline: series().appears('0s').addEvery('1m', 10, { from: '0s', until: '20m' }) },
      ],
      firesAt: '7m15s',
      expected: [failureRateAlert(0.2)],
    }),
    atProductionTiming({
      // One run a minute, all failing: 5 runs in 5 minutes is under the traffic guard. The
      // third failure (3m) is scraped at 3m02s, evaluated at 3m15s; `for` 5m: 8m15s.
      name: 'an agent type with one run a minute that fails every run pages, judged over the hour',
      series: [
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').addEvery('1m', 1, { from: '0s', until: '20m' }) },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, timeline: series().appears('0s').addEvery('1m', 1, { from: '0s', until: '20m' }) },
      ],
      firesAt: '8m15s',
      expected: [failureRateAlert(1)],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'one failure among two runs is low traffic, not an incident',
      series: [
        { metric: agentSpawns, labels: SUCCESS, timeline: series().appears('0s').add('2m') },
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').add('2m') },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, timeline: series().appears('0s').add('2m') },
      ],
      quietAt: ['3m', '8m', '15m'],
    }),
    atProductionTiming({
      name: 'two failures among twenty runs are chance, not an incident',
      series: [
        { metric: agentSpawns, labels: SUCCESS, timeline: series().appears('0s').addEvery('1m', 4, { from: '0s', until: '20m' }) },
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').add('3m').add('6m') },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, timeline: series().appears('0s').add('3m').add('6m') },
      ],
      quietAt: ['6m', '8m', '10m', '15m'],
    }),
    atProductionTiming({
      name: 'a low-traffic agent type whose failures stopped does not page on the hour behind it',
      series: [
        { metric: agentSpawns, labels: SUCCESS, timeline: series().appears('0s').addEvery('1m', 1, { from: '10m', until: '60m' }) },
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').addEvery('1m', 1, { from: '0s', until: '4m' }) },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, timeline: series().appears('0s').addEvery('1m', 1, { from: '0s', until: '4m' }) },
      ],
      // Failing from 1m to 4m; the alert may be pending then, but runs stop failing before its 5 minutes.
      quietAt: ['5m', '9m', '10m', '20m'],
    }),
    atProductionTiming({
      // Failing at 20 % before a two-hour gap in the data (Prometheus down), healthy after it;
      // one agent restart (its counters back to 0) on the way.
      name: 'failures before a gap longer than every look-back, and a counter reset, do not page when data returns',
      series: [
        { metric: agentSpawns, labels: SUCCESS, timeline: series().appears('0s').addEvery('1m', 8, { from: '0s', until: '4h' }).gap('10m', '130m').reset('150m') },
        { metric: agentSpawns, labels: FAILURE, timeline: series().appears('0s').addEvery('1m', 2, { from: '0s', until: '4m' }).gap('10m', '130m').reset('150m') },
        { metric: agentErrors, labels: { ...GENERATOR, error_type: 'timeout' }, timeline: series().appears('0s').addEvery('1m', 2, { from: '0s', until: '4m' }).gap('10m', '130m').reset('150m') },
      ],
      // Failing from 1m to 4m only: under 5 minutes, so never for its 5 minutes.
      quietAt: ['8m', '130m15s', '135m', '150m15s', '160m'],
    }),
    // No case for a move to another collector replica here: the copy left behind is flat while it
    // expires, so its rate adds 0 whether or not copies are merged (QualityGateBreach's cases,
    // which count, are where a move could be miscounted).
  ],
});

export const performanceDegradation = alert({
  name: 'PerformanceDegradation',
  expr: promql`${durationP95} > ${THRESHOLDS.p95DurationSeconds} and on (${agentType}) ${runRate} * ${seconds(FIVE_MINUTES)} >= ${THRESHOLDS.minRunsForLatency}`,
  for: '10m',
  severity: 'warning',
  summary: '{{ $labels.agent_type }} P95 run time is {{ $value | humanizeDuration }}',
  description:
    `The slowest 5% of {{ $labels.agent_type }} runs took longer than {{ $value | humanizeDuration }} over the last ${spokenDuration(FIVE_MINUTES.ms)} (threshold ${secondsText(THRESHOLDS.p95DurationSeconds)}).`,
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
          description: `The slowest 5% of qe-test-generator runs took longer than 58.5s over the last ${spokenDuration(FIVE_MINUTES.ms)} (threshold 30s).`,
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

/**
 * Agent types spawning, recorded once a minute: a week of it is cheap to look back over
 * (10k samples per agent type), where a week of the raw counters of every process is not.
 */
export const agentTypesSpawning = recording({
  record: 'agent_type:aqe_agent_spawn_series:count',
  expr: promql`count by (${agentType}) (${agentSpawns})`,
  description: 'Agent types with spawn counters in Prometheus now (1 each)',
});

const EXECUTOR = { agent_type: 'qe-test-executor', status: 'success' };
const CHAOS = { agent_type: 'qe-chaos-engineer', status: 'success' };
const executorAllAlong = { metric: agentSpawns, labels: EXECUTOR, timeline: series().appears('0s', 1).addEvery('1m', 1, { from: '0s', until: '4h' }) };

export const newAgentDeployed = alert({
  name: 'NewAgentDeployed',
  // "New" means: spawning now, and in none of the week's recordings until an hour ago, while
  // the fleet was recorded an hour ago (without that, a fresh Prometheus would announce every
  // agent type). A week, not an hour: an agent type run nightly or on demand is known, not new.
  expr: promql`(count by (${agentType}) (${agentSpawns}) unless on (${agentType}) last_over_time(${agentTypesSpawning}[${ONE_WEEK}] offset ${ONE_HOUR})) and on () (count(last_over_time(${agentTypesSpawning}[${ONE_WEEK}] offset ${ONE_HOUR})) > 0)`,
  for: '0s',
  severity: 'info',
  summary: 'New agent type {{ $labels.agent_type }} started running',
  description: `{{ $labels.agent_type }} spawned its first agents in ${lastSpan(ONE_HOUR.ms)}. Check it on the operations dashboard.`,
  runbook: 'new-agent-deployed',
  dashboard: panelLink('operations', 'agentsActive'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      // First scraped at 90m02s, so first seen by the evaluation at 90m15s.
      name: 'an agent type that starts spawning after an hour of others is announced',
      series: [executorAllAlong, { metric: agentSpawns, labels: CHAOS, timeline: series().appears('90m', 1).addEvery('1m', 1, { from: '90m', until: '2h' }) }],
      firesAt: '90m15s',
      expected: [
        {
          labels: { agent_type: 'qe-chaos-engineer' },
          summary: 'New agent type qe-chaos-engineer started running',
          description: `qe-chaos-engineer spawned its first agents in ${lastSpan(ONE_HOUR.ms)}. Check it on the operations dashboard.`,
        },
      ],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'a fresh Prometheus, with nothing spawned an hour before, announces nothing',
      series: [executorAllAlong, { metric: agentSpawns, labels: CHAOS, timeline: series().appears('10m', 1).addEvery('1m', 1, { from: '10m', until: '1h' }) }],
      quietAt: ['1m', '10m15s', '30m'],
    }),
    atProductionTiming({
      name: 'an agent type moving to another collector replica, or back after a two-hour gap in the data, is not new',
      series: [
        { ...executorAllAlong, labels: { ...EXECUTOR, instance: 'otel-collector-0:8889' }, timeline: executorAllAlong.timeline.disappears('90m') },
        { ...executorAllAlong, labels: { ...EXECUTOR, instance: 'otel-collector-1:8889' }, timeline: series().appears('85m', 86).addEvery('1m', 1, { from: '85m', until: '5h' }).gap('100m', '220m') },
      ],
      quietAt: ['85m15s', '90m15s', '220m15s', '230m'],
    }),
    atProductionTiming({
      // Its counters expire from the collector when its run ends; it returns two hours later.
      name: 'an intermittent agent type that ran earlier in the week is not announced when it runs again',
      series: [
        executorAllAlong,
        { metric: agentSpawns, labels: CHAOS, timeline: series().appears('10m', 1).add('20m').disappears('40m').appears('160m', 1).add('165m') },
      ],
      quietAt: ['160m15s', '161m', '200m'],
    }),
  ],
});

export const AGENT_RULES: RuleFile = {
  name: 'agents',
  // One group, recordings first: rules of a group run in order, so an alert sees the
  // recordings of the same evaluation (separate groups run in no fixed order).
  groups: [{ name: 'aqe-agents', interval: '15s', rules: [spawnRate, errorRate, failureRatio, spawnRate1h, errorRate1h, failureRatio1h, runRate, durationBuckets, durationP50, durationP95, durationP99, agentFailureRate, performanceDegradation] },
    // Once a minute: NewAgentDeployed looks back over a week, and an announcement can wait a minute.
    { name: 'aqe-agents-history', interval: '1m', rules: [agentTypesSpawning, newAgentDeployed] },
  ],
};
