import { agentDuration, agentSpawns } from '../schema/metrics/agent';
import { outcome } from '../schema/labels';
import { RUN_LATENCY, RUN_SUCCESS } from '../schema/slos';
import { bucket, count, panelLink, promql, type ExpectedAlert, type RuleFile } from './define';
import { burnAlertProse, leMatcher, slo } from './slo-define';
import { BURN_RATE_ALERTS } from './slo-policy';
import { counterTraffic, histogramTraffic, type TrafficPhase } from './slo-test-series';
import { THRESHOLDS } from '../schema/thresholds';
import { collectorScrape } from './timeline';

/** Prometheus' scrape of the collector, for a case that says when Prometheus started. */
const SCRAPE = collectorScrape();

/**
 * The fleet's service level objectives, per agent type, and the rule file they generate
 * (docs/slo.md). Objectives are set from what the fleet does in normal operation, with room
 * for incidents, and tight enough that a total outage pages within minutes: the fleet fails
 * about 0.5 % of its runs and runs over 30 s almost never (sim/profiles.ts), so at 99 % it
 * spends half its run-success budget a month, and every run failing is 14.4 % of the last hour
 * (the page) 9 minutes in. At 95 % the same outage would need 43 minutes.
 *
 * Test arithmetic, for every case below: the group is evaluated every minute, and a case's
 * samples come every `interval`. An increase over a window of w holds the samples of
 * (t - w, t], so its first-to-last difference spans w minus one sample interval; bad and
 * valid events are extrapolated alike (no counter starts at 0, rules/slo-test-series.ts), so
 * a ratio is exactly (bad events) / (valid events) over that span.
 */

const GENERATOR = { agent_type: 'qe-test-generator' };
const EXECUTOR = { agent_type: 'qe-test-executor' };
const CHAOS = { agent_type: 'qe-chaos-engineer' };
/** `n` hours of one successful run an hour, at the end of each hour (1-minute samples). */
const hourlyRuns = (n: number): TrafficPhase[] => Array.from({ length: n }, (): TrafficPhase[] => [{ for: '59m', good: 0, bad: 0 }, { for: '1m', good: 1, bad: 0 }]).flat();

// ---- Run success ----

const runsOf = (agent: Readonly<Record<string, string>>) => counterTraffic(agentSpawns, { good: { ...agent, status: 'success' }, bad: { ...agent, status: 'failure' } });
const runs = runsOf(GENERATOR);

const successAlert = (kind: 'page' | 'ticket', burn: string): ExpectedAlert => ({
  labels: GENERATOR,
  ...burnAlertProse(RUN_SUCCESS, BURN_RATE_ALERTS[kind], GENERATOR.agent_type, burn),
});

export const runSuccess = slo({
  ...RUN_SUCCESS,
  // A cancelled run was stopped by its caller: neither a success nor the agent's failure.
  sli: {
    total: promql`${agentSpawns}{${outcome}!="cancelled"}`,
    bad: promql`${agentSpawns}{${outcome}=~"failure|timeout"}`,
  },
  runbook: 'slo-run-success',
  dashboard: panelLink('slo', RUN_SUCCESS.panel),
  cases: {
    page: {
      firing: [
        {
          // 10 runs a minute; six healthy hours, so every window but the 3 days is full. At
          // 360m + k every run of the last k minutes failed: the hour's span (59 minutes) holds
          // 10k failures in 590 runs, over 14.4 x 1 % = 0.144 first at k = 9 (90 / 590 = 0.153,
          // burn 15.3); at k = 8 it is 80 / 590 = 0.136. The 5 minutes are all failures (burn
          // 100). The six hours' span (359 minutes) holds 90 / 3590 = 0.025, under 6 x 1 % = 0.06.
          name: 'Every run failing after six healthy hours pages 9 minutes in, once the last hour is more than 14.4 % failures',
          interval: '1m',
          series: [...runs('1m', [{ for: '6h', good: 10, bad: 0 }, { for: '10m', good: 0, bad: 10 }]), ...runsOf(EXECUTOR)('1m', [{ for: '370m', good: 10, bad: 0 }])],
          firesAt: '369m',
          expected: [successAlert('page', '15.3')],
        },
        {
          // 12 runs a minute, 1 of them failing from 60m (8.3 %): never 0.144 in the hour. At
          // 60m + k the six hours hold all 60 + k minutes: k failures in 12 (60 + k) runs, over
          // 0.06 first at k = 155 (155 / 2580 = 0.0601, burn 6.0); at k = 154, 154 / 2568 =
          // 0.05997. The 30 minutes hold 1 in 12 (0.083).
          name: 'One run in twelve failing for hours pages through the six-hour window 155 minutes in',
          interval: '1m',
          series: runs('1m', [{ for: '1h', good: 12, bad: 0 }, { for: '3h', good: 11, bad: 1 }]),
          firesAt: '215m',
          expected: [successAlert('page', '6.0')],
        },
      ],
      quiet: [
        {
          // Three agent types side by side (one test, to keep promtool's minute-by-minute
          // evaluation short). qe-test-generator, 10 runs a minute: five minutes of every run
          // failing at 120m-125m, 50 failures. The hour holds at most 50 / 590 = 0.085 (under
          // 0.144); the six hours hold all the data, at most 50 / 1250 = 0.04 at 125m (under
          // 0.06). qe-test-executor: the steady 5 % (2 failures in 40 runs) throughout,
          // burn 5 on every window: under 6, a ticket's business. qe-chaos-engineer: two hourly
          // runs succeed, the third, at 180m, fails: the hour, the 30 and the 5 minutes hold one
          // run, failed (burn 100), the six hours 1 in 3 (burn 33). Both pairs are over; only
          // the guard (3 failed runs) keeps it quiet.
          name: 'A five-minute blip, the steady 5 % failure rate and the one failed run of an agent type run once an hour page nobody',
          interval: '1m',
          series: [
            ...runs('1m', [{ for: '2h', good: 10, bad: 0 }, { for: '5m', good: 0, bad: 10 }, { for: '65m', good: 10, bad: 0 }]),
            ...runsOf(EXECUTOR)('1m', [{ for: '190m', good: 38, bad: 2 }]),
            ...runsOf(CHAOS)('1m', [...hourlyRuns(3).slice(0, -1), { for: '1m', good: 0, bad: 1 }, { for: '10m', good: 0, bad: 0 }]),
          ],
          quietAt: ['125m', '126m', '130m', '180m', '182m', '185m'],
        },
        {
          // A fresh Prometheus (its first scrape at 0): every window holds the same minutes,
          // all failures, burn 100. Without the guard the 1h pair would page in its first
          // minutes; it waits for an hour of history, when the 1h pair reads a whole hour.
          name: 'A fresh Prometheus whose windows all hold the same few minutes of failures does not page before it holds an hour',
          interval: '1m',
          series: [...runs('1m', [{ for: '70m', good: 0, bad: 10 }]), { metric: SCRAPE.metric, labels: SCRAPE.labels, values: '1x70' }],
          quietAt: ['5m', '30m', '59m'],
        },
        {
          // As the first firing case: it pages at 369m. The failures end with the minute at
          // 375m (150 failures): at 379m the 5 minutes' span (375m-379m) holds only good runs
          // (burn 0), while the hour still holds 150 in 590 (burn 25); at 378m it still holds
          // one failed minute in four (0.25). The six hours hold at most 150 / 3590 = 0.042,
          // under 0.06, so the 30-minute pair cannot hold the page either.
          name: 'An outage that ended stops paging four minutes after its last failed run, though the last hour still holds it',
          interval: '1m',
          series: runs('1m', [{ for: '6h', good: 10, bad: 0 }, { for: '15m', good: 0, bad: 10 }, { for: '30m', good: 10, bad: 0 }]),
          quietAt: ['379m', '385m', '400m'],
        },
      ],
    },
    ticket: {
      firing: [
        {
          // The steady 5 %. Samples every 15 minutes, 60 runs each, 3 of them failing
          // from 4h30m. At 270m + 15k every window holds all the data, 3k failures in
          // 60 (18 + k) runs, over 1 x 1 % first at k = 5 (15 / 1380 = 0.0109, burn 1.1): 345m.
          // One minute before, the last sample is k = 4 (12 / 1320 = 0.0091), already 12
          // failures (over the guard's 10): the ratio decides. After three healthy days the
          // same 5 % would take 14.4 hours: a fifth of the 3-day window at 5 % is 1 %.
          name: 'A steady 5 % failure rate after four and a half healthy hours opens a ticket once the longest window holds more than 1 %',
          interval: '15m',
          series: runs('15m', [{ for: '270m', good: 60, bad: 0 }, { for: '2h', good: 57, bad: 3 }]),
          firesAt: '345m',
          expected: [successAlert('ticket', '1.1')],
        },
      ],
      quiet: [
        {
          // Samples every 5 minutes. qe-test-generator: 40 runs each, and after nine healthy
          // hours the same five-minute blip as the page's (every run failing, 40 failures). At
          // 545m the six hours' span (71 intervals) holds 40 / 2840 = 0.014, over 1x; the
          // longest window, all 109 to 120 intervals so far, at most 40 / 4360 = 0.0092, under
          // it. Both must be over. qe-test-executor fails its normal 1 run in 200 (one failure
          // every 25 minutes among 40 runs each 5 minutes, burn 0.5). qe-chaos-engineer,
          // twelve runs an hour and a failure after each of its first three hours: every
          // window holds all of it at 200m, 3 failures in 40 runs (burn 7.5), in 50 at 250m
          // (burn 6); at 545m the six hours hold one in 71 (burn 1.4), the 3 days 3 in 109
          // (burn 2.8). Both are over; three failures are under the guard's 10.
          name: 'A five-minute blip after nine healthy hours, the normal 0.5 % of failures, and three failures among a new agent type’s first fifty runs open no ticket',
          interval: '5m',
          series: [
            ...runs('5m', [{ for: '9h', good: 40, bad: 0 }, { for: '5m', good: 0, bad: 40 }, { for: '55m', good: 40, bad: 0 }]),
            ...runsOf(EXECUTOR)('5m', Array.from({ length: 24 }, (): TrafficPhase[] => [{ for: '20m', good: 40, bad: 0 }, { for: '5m', good: 39, bad: 1 }]).flat()),
            ...runsOf(CHAOS)('5m', [
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '405m', good: 1, bad: 0 },
            ]),
          ],
          quietAt: ['200m', '250m', '545m', '550m', '600m'],
        },
      ],
    },
  },
});

// ---- Run latency ----

/**
 * The latency promise (schema/slos.ts RUN_LATENCY) is PerformanceDegradation's threshold. It
 * must be a bucket bound (leMatcher checks), or the runs within it could not be counted.
 */
const LATENCY_SECONDS = THRESHOLDS.p95DurationSeconds;
/** Good runs take 5 s, slow ones 45 s: either side of the 30 s bound, inside other buckets. */
const timed = histogramTraffic(agentDuration, { ...GENERATOR, task_type: 'unit-test-generation', status: 'success' }, { good: 5, bad: 45 });

const latencyAlert = (kind: 'page' | 'ticket', burn: string): ExpectedAlert => ({
  labels: GENERATOR,
  ...burnAlertProse(RUN_LATENCY, BURN_RATE_ALERTS[kind], GENERATOR.agent_type, burn),
});

export const runLatency = slo({
  ...RUN_LATENCY,
  sli: {
    total: promql`${count(agentDuration)}{${outcome}="success"}`,
    good: promql`${bucket(agentDuration)}{${outcome}="success",${leMatcher(agentDuration, LATENCY_SECONDS)}}`,
  },
  runbook: 'slo-run-latency',
  dashboard: panelLink('slo', RUN_LATENCY.panel),
  cases: {
    page: {
      firing: [
        {
          // The first run success case with runs of 45 s for failures: 10k slow runs in 590
          // at 360m + k, over 0.144 first at k = 9 (burn 15.3); the six hours hold 0.025.
          name: 'Every run taking 45 s after six healthy hours pages 9 minutes in, once the last hour is more than 14.4 % slow',
          interval: '1m',
          series: timed('1m', [{ for: '6h', good: 10, bad: 0 }, { for: '10m', good: 0, bad: 10 }]),
          firesAt: '369m',
          expected: [latencyAlert('page', '15.3')],
        },
      ],
    },
    ticket: {
      firing: [
        {
          // The run success ticket's steady 5 %, slow instead of failed: 3k slow runs in
          // 60 (18 + k) at 270m + 15k, over 1 % first at k = 5 (burn 1.1): 345m.
          name: 'Five percent of runs turning slow after four and a half healthy hours opens a ticket once the longest window holds over 1 % slow runs',
          interval: '15m',
          series: timed('15m', [{ for: '270m', good: 60, bad: 0 }, { for: '2h', good: 57, bad: 3 }]),
          firesAt: '345m',
          expected: [latencyAlert('ticket', '1.1')],
        },
      ],
    },
  },
});

/** Every SLO, in the order of the rule file and the SLO dashboard. */
export const SLOS = [runSuccess, runLatency];

export const SLO_RULES: RuleFile = {
  name: 'slo',
  // One group, recordings first, so the alerts read the recordings of the same evaluation.
  // Every minute: the shortest window (5 minutes) moves by a fifth at most between two
  // evaluations, and the fastest page needs 9 minutes of burn, so it adds a minute at most;
  // every 30 s would read the three days of raw samples twice as often for that minute.
  groups: [{ name: 'aqe-slo', interval: '1m', rules: SLOS.flatMap((s) => s.rules) }],
};
