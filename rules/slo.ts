import { agentDuration, agentSpawns } from '../schema/metrics/agent';
import { agentType, outcome } from '../schema/labels';
import { bucket, count, panelLink, promql, type ExpectedAlert, type RuleFile } from './define';
import { leMatcher, slo } from './slo-define';
import { counterTraffic, histogramTraffic, type TrafficPhase } from './slo-test-series';
import { THRESHOLDS } from './thresholds';
import { collectorScrape } from './timeline';

/** Prometheus' scrape of the collector, for a case that says when Prometheus started. */
const SCRAPE = collectorScrape();

/**
 * The fleet's service level objectives, per agent type, and the rule file they generate
 * (docs/slo.md). Objectives are set from what the fleet does in normal operation, with room
 * for incidents: it fails about 2 % of its runs (sim/profiles.ts), so a 99 % objective would
 * be broken every month without anything being wrong, and its ticket would never close.
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
  summary: `Run success of qe-test-generator: error budget burning at ${burn}x`,
  description:
    kind === 'page'
      ? `95% of qe-test-generator runs must end without an error over 30d. The error budget (5%) burns at ${burn}x the rate that would spend it in exactly 30d. It pages above 14.4x over both 1h and 5m (2% of the budget in 1h), or above 6x over both 6h and 30m (5% of the budget in 6h), with at least 3 failed runs in the long window.`
      : `95% of qe-test-generator runs must end without an error over 30d. The error budget (5%) burns at ${burn}x the rate that would spend it in exactly 30d. It opens a ticket above 1x over both 3d and 6h (10% of the budget in 3d), with at least 10 failed runs in the long window.`,
});

export const runSuccess = slo({
  name: 'run_success',
  title: 'Run success',
  eventsName: 'runs',
  promise: 'end without an error',
  badEventsName: 'failed runs',
  // 95 %: at the normal 2 % the fleet spends 40 % of its budget, and a steady 5 % spends it all.
  objective: 0.95,
  by: agentType,
  // A cancelled run was stopped by its caller: neither a success nor the agent's failure.
  sli: {
    total: promql`${agentSpawns}{${outcome}!="cancelled"}`,
    bad: promql`${agentSpawns}{${outcome}=~"failure|timeout"}`,
  },
  runbook: 'slo-run-success',
  dashboard: panelLink('slo', 'runSuccess'),
  cases: {
    page: {
      firing: [
        {
          // 10 runs a minute. At 120m + k every run of the last k minutes failed: the hour's
          // span (59 minutes) holds 10k failures in 590 runs, over 14.4 x 5 % = 0.72 first at
          // k = 43 (0.729, burn 14.6); at k = 42 it is 0.712. The 5 minutes are all failures.
          // The six hours hold all 163 minutes so far: 430 / 1630 = 0.26, under 6 x 5 % = 0.3.
          name: 'Every run failing after two healthy hours pages 43 minutes in, once the last hour is more than 72 % failures',
          interval: '1m',
          series: [...runs('1m', [{ for: '2h', good: 10, bad: 0 }, { for: '1h', good: 0, bad: 10 }]), ...runsOf(EXECUTOR)('1m', [{ for: '3h', good: 10, bad: 0 }])],
          firesAt: '163m',
          expected: [successAlert('page', '14.6')],
        },
        {
          // 12 runs a minute, 5 of them failing from 60m: never 0.72 in the hour. At 60m + k
          // the six hours hold all 60 + k minutes: 5k failures in 12 (60 + k) runs, over 0.3
          // first at k = 155 (775 / 2580 = 0.3004, burn 6.0); at k = 154, 770 / 2568 = 0.2998.
          name: 'Five runs in twelve failing for hours pages through the six-hour window 155 minutes in',
          interval: '1m',
          series: runs('1m', [{ for: '1h', good: 12, bad: 0 }, { for: '3h', good: 7, bad: 5 }]),
          firesAt: '215m',
          expected: [successAlert('page', '6.0')],
        },
      ],
      quiet: [
        {
          // Three agent types side by side (one test, to keep promtool's minute-by-minute
          // evaluation short). qe-test-generator: 100 failures from 60m; the hour holds at most
          // 100 / 590 = 0.17 (under 0.72), all the data at most 100 / 700 = 0.14 (under 0.3).
          // qe-test-executor: 3 failures in 40 runs throughout, burn 1.5 on every window: a
          // ticket's business. qe-chaos-engineer: two hourly runs succeed, the third, at 180m,
          // fails: the hour, the 30 and the 5 minutes hold one run, failed (burn 20), the six
          // hours 1 in 3 (burn 6.7). Both pairs are over; only the guard (3 failed runs) keeps
          // it quiet.
          name: 'A ten-minute blip, a steady 7.5 % failure rate and the one failed run of an agent type run once an hour page nobody',
          interval: '1m',
          series: [
            ...runs('1m', [{ for: '1h', good: 10, bad: 0 }, { for: '10m', good: 0, bad: 10 }, { for: '2h', good: 10, bad: 0 }]),
            ...runsOf(EXECUTOR)('1m', [{ for: '3h', good: 37, bad: 3 }, { for: '10m', good: 37, bad: 3 }]),
            ...runsOf(CHAOS)('1m', [...hourlyRuns(3).slice(0, -1), { for: '1m', good: 0, bad: 1 }, { for: '10m', good: 0, bad: 0 }]),
          ],
          quietAt: ['65m', '70m', '80m', '180m', '182m', '185m'],
        },
        {
          // A fresh Prometheus (its first scrape at 0): every window holds the same minutes,
          // all failures, burn 20. It would page at 3 minutes (the third failed run); it waits
          // for an hour of history, when the 1h pair reads a whole hour.
          name: 'A fresh Prometheus whose windows all hold the same few minutes of failures does not page before it holds an hour',
          interval: '1m',
          series: [...runs('1m', [{ for: '70m', good: 0, bad: 10 }]), { metric: SCRAPE.metric, labels: SCRAPE.labels, values: '1x70' }],
          quietAt: ['5m', '30m', '59m'],
        },
        {
          // As the first firing case, from 180m: it pages at 223m. The failures end at 230m: at
          // 232m the 5 minutes' span (228m-232m) holds 20 failures in 40 runs (0.5, under
          // 0.72), while the hour still holds 500 in 590 (0.85) and all the data 500 / 2320.
          name: 'An outage that ended stops paging within two minutes, though the last hour still holds it',
          interval: '1m',
          series: runs('1m', [{ for: '3h', good: 10, bad: 0 }, { for: '50m', good: 0, bad: 10 }, { for: '30m', good: 10, bad: 0 }]),
          quietAt: ['232m', '240m', '250m'],
        },
      ],
    },
    ticket: {
      firing: [
        {
          // Samples every 15 minutes, 25 runs each, 2 of them failing from 4h (8 %). At 240m +
          // 15k every window holds all the data, 2k failures in 25 (16 + k) runs, over 1 x 5 %
          // first at k = 27 (54 / 1075 = 0.0502, burn 1.0): 645m. One minute before, the last
          // sample is k = 26 (52 / 1050 = 0.0495). The six hours are all at 8 % by then.
          name: 'A steady 8 % failure rate after four healthy hours opens a ticket once the longest window holds more than 5 %',
          interval: '15m',
          series: runs('15m', [{ for: '4h', good: 25, bad: 0 }, { for: '7h', good: 23, bad: 2 }]),
          firesAt: '645m',
          expected: [successAlert('ticket', '1.0')],
        },
      ],
      quiet: [
        {
          // Samples every 5 minutes. qe-test-generator: 40 runs each, and from 7h 20 minutes of
          // every run failing, 160 failures. The six hours' span (71 intervals) holds
          // 160 / 2840 = 0.056, over 1x; the longest window, all 88 to 96 intervals so far, at
          // most 160 / 3520 = 0.045, under it. Both must be over. qe-test-executor fails its
          // normal 1 run in 50. qe-chaos-engineer, twelve runs an hour and a failure after each
          // hour: every window holds all of it, 3 failures in 40 runs at 200m (burn 1.5), in 50 at
          // 250m (burn 1.2); three failures are under the guard's 10.
          name: 'Twenty minutes of failures after seven healthy hours, the normal 2 % of failures, and three failures among a new agent type’s first fifty runs open no ticket',
          interval: '5m',
          series: [
            ...runs('5m', [{ for: '7h', good: 40, bad: 0 }, { for: '20m', good: 0, bad: 40 }, { for: '1h', good: 40, bad: 0 }]),
            ...runsOf(EXECUTOR)('5m', [{ for: '8h', good: 49, bad: 1 }]),
            ...runsOf(CHAOS)('5m', [
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '1h', good: 1, bad: 0 },
              { for: '5m', good: 0, bad: 1 },
              { for: '55m', good: 1, bad: 0 },
            ]),
          ],
          quietAt: ['200m', '250m', '440m', '450m', '480m'],
        },
      ],
    },
  },
});

// ---- Run latency ----

/**
 * The latency promise is PerformanceDegradation's threshold read as an SLO: 95 % of runs
 * within 30 s is a P95 of at most 30 s. It must be a bucket bound (leMatcher checks), or
 * the runs within it could not be counted.
 */
const LATENCY_SECONDS = THRESHOLDS.p95DurationSeconds;
/** Good runs take 5 s, slow ones 45 s: either side of the 30 s bound, inside other buckets. */
const timed = histogramTraffic(agentDuration, { ...GENERATOR, task_type: 'unit-test-generation', status: 'success' }, { good: 5, bad: 45 });

const latencyAlert = (kind: 'page' | 'ticket', burn: string): ExpectedAlert => ({
  labels: GENERATOR,
  summary: `Run latency of qe-test-generator: error budget burning at ${burn}x`,
  description:
    kind === 'page'
      ? `95% of qe-test-generator successful runs must finish within 30s over 30d. The error budget (5%) burns at ${burn}x the rate that would spend it in exactly 30d. It pages above 14.4x over both 1h and 5m (2% of the budget in 1h), or above 6x over both 6h and 30m (5% of the budget in 6h), with at least 3 slow runs in the long window.`
      : `95% of qe-test-generator successful runs must finish within 30s over 30d. The error budget (5%) burns at ${burn}x the rate that would spend it in exactly 30d. It opens a ticket above 1x over both 3d and 6h (10% of the budget in 3d), with at least 10 slow runs in the long window.`,
});

export const runLatency = slo({
  name: 'run_latency',
  title: 'Run latency',
  // Successful runs only: a failed run is already spent from the run success budget, and a
  // run that fails fast would otherwise count as a fast one.
  eventsName: 'successful runs',
  promise: `finish within ${LATENCY_SECONDS}s`,
  badEventsName: 'slow runs',
  objective: 0.95,
  by: agentType,
  sli: {
    total: promql`${count(agentDuration)}{${outcome}="success"}`,
    good: promql`${bucket(agentDuration)}{${outcome}="success",${leMatcher(agentDuration, LATENCY_SECONDS)}}`,
  },
  runbook: 'slo-run-latency',
  dashboard: panelLink('slo', 'runLatency'),
  cases: {
    page: {
      firing: [
        {
          // The first run success case with runs of 45 s for failures: 10k slow runs in 590
          // at 120m + k, over 0.72 first at k = 43 (burn 14.6); the six hours hold 0.26.
          name: 'Every run taking 45 s after two healthy hours pages 43 minutes in, once the last hour is more than 72 % slow',
          interval: '1m',
          series: timed('1m', [{ for: '2h', good: 10, bad: 0 }, { for: '1h', good: 0, bad: 10 }]),
          firesAt: '163m',
          expected: [latencyAlert('page', '14.6')],
        },
      ],
    },
    ticket: {
      firing: [
        {
          // Samples every 15 minutes, 50 runs each, 6 of them slow from 2h (12 %). At 120m +
          // 15k every window holds all the data, 6k slow in 50 (8 + k), over 5 % first at k = 6
          // (36 / 700 = 0.0514, burn 1.0): 210m. At k = 5, 30 / 650 = 0.046.
          name: 'Twelve percent of runs turning slow after two healthy hours opens a ticket once even the longest window holds over 5 % slow runs',
          interval: '15m',
          series: timed('15m', [{ for: '2h', good: 50, bad: 0 }, { for: '3h', good: 44, bad: 6 }]),
          firesAt: '210m',
          expected: [latencyAlert('ticket', '1.0')],
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
  // evaluations, fine for alerts whose fastest path needs tens of minutes of burn; every
  // 30 s would read the three days of raw samples twice as often for nothing.
  groups: [{ name: 'aqe-slo', interval: '1m', rules: SLOS.flatMap((s) => s.rules) }],
};
