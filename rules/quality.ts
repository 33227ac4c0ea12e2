import { coverage, flakyTests, gateDecisions } from '../schema/metrics/quality';
import { coverageType, gateName, project } from '../schema/labels';
import { alert, panelLink, promql, recording, type RuleFile } from './define';
import { countedIncrease, perProcessCounter } from './counting';
import { atProductionTiming, collectorScrape, series } from './timeline';
import { ONE_DAY, ONE_HOUR, THIRTY_MINUTES } from '../core/windows';
import { pagerduty, slackQa } from './channels';
import { THRESHOLDS } from '../schema/thresholds';
import { lastSpan, spokenDuration } from '../core/threshold-prose';

/** Quality gates, coverage and flaky tests (spec 8.1, 8.2). */

/** Gate decisions, one series per agent process (rules/counting.ts): what gate failures are counted from. */
export const processGateDecisions = perProcessCounter(gateDecisions);

export const gateFailures = recording({
  record: 'gate_name:aqe_quality_gate_failures:increase1h',
  // Counted, not extrapolated (rules/counting.ts): three failures read 3, a new `fail` series
  // counts its first failures, a gap or a move to another collector replica counts nothing.
  // `or ... * 0`: a gate that decided but never failed records 0, not nothing, so its
  // history reads "no failures" instead of "no data".
  expr: promql`${countedIncrease(processGateDecisions, '{decision="fail"}', ONE_HOUR, [gateName])} or sum by (${gateName}) (${processGateDecisions}) * 0`,
  description: 'Failed quality-gate decisions in the last hour, counted exactly, by gate (0 for gates that only passed)',
});

export const gatePassRatio = recording({
  record: 'gate_name:aqe_quality_gate_passes_per_decision:ratio_rate1h',
  expr: promql`sum by (${gateName}) (rate(${gateDecisions}{decision="pass"}[${ONE_HOUR}])) / sum by (${gateName}) (rate(${gateDecisions}[${ONE_HOUR}]))`,
  description: 'Share of quality-gate decisions that passed in the last hour, by gate',
});

// Several agents may report the coverage of one project: the highest report is the truth.
export const projectCoverage = recording({
  record: 'project_coverage_type:aqe_quality_coverage_percent:max',
  expr: promql`max by (${project}, ${coverageType}) (${coverage})`,
  description: 'Latest test coverage, by project and kind of coverage',
});

export const projectFlakyTests = recording({
  record: 'project:aqe_quality_flaky_tests:max',
  expr: promql`max by (${project}) (${flakyTests})`,
  description: 'Tests currently known to be flaky, by project',
});

const RELEASE_GATE = { gate_name: 'release' };

const FAIL = { ...RELEASE_GATE, decision: 'fail' };
const PASS = { ...RELEASE_GATE, decision: 'pass' };
/** Passing decisions all along: the gate is known long before it fails. */
const passingAllAlong = { metric: gateDecisions, labels: PASS, timeline: series().appears('0s', 1).addEvery('10m', 1, { from: '0s', until: '4h' }) };
/** How long a breach must last; its description says it in words. */
const GATE_BREACH_FOR = '15m';

/** Before the first failure of the cases below, Prometheus has scraped for more than an hour. */
const gateBreach = (failures: number) => ({
  labels: RELEASE_GATE,
  summary: `Quality gate release failed ${failures} times in ${lastSpan(ONE_HOUR.ms)}`,
  description: `The release gate has failed ${failures} decisions within ${spokenDuration(ONE_HOUR.ms)} (threshold: more than ${THRESHOLDS.gateFailuresPerHour}) for ${spokenDuration(GATE_BREACH_FOR)}. Releases through it are blocked.`,
});

export const qualityGateBreach = alert({
  name: 'QualityGateBreach',
  expr: promql`${gateFailures} > ${THRESHOLDS.gateFailuresPerHour}`,
  for: GATE_BREACH_FOR,
  severity: 'critical',
  summary: `Quality gate {{ $labels.gate_name }} failed {{ $value | humanize }} times in ${lastSpan(ONE_HOUR.ms)}`,
  description: `The {{ $labels.gate_name }} gate has failed {{ $value | humanize }} decisions within ${spokenDuration(ONE_HOUR.ms)} (threshold: more than ${THRESHOLDS.gateFailuresPerHour}) for ${spokenDuration(GATE_BREACH_FOR)}. Releases through it are blocked.`,
  runbook: 'quality-gate-breach',
  dashboard: panelLink('qa', 'qualityGates'),
  channels: [pagerduty, slackQa],
  firing: [
    atProductionTiming({
      // The fourth failure (76m) is first scraped at 76m02s and recorded at the 76m30s
      // evaluation; 15 minutes of `for` later is 91m30s.
      name: 'four failures of a gate whose fail series is new page, counted from its first',
      series: [collectorScrape(), passingAllAlong, { metric: gateDecisions, labels: FAIL, timeline: series().appears('70m', 1).add('72m').add('74m').add('76m') }],
      firesAt: '91m30s',
      expected: [gateBreach(4)],
    }),
    atProductionTiming({
      // Same timing; the agent's own endpoint and the collector deliver one counter twice.
      name: 'four failures reaching Prometheus by two paths (agent endpoint and collector) count four, not eight',
      series: [
        collectorScrape(),
        passingAllAlong,
        { metric: gateDecisions, labels: { ...FAIL, job: 'otel-collector', instance: 'otel-collector-0:8889', exported_job: 'aqe-fleet' }, timeline: series().appears('70m', 1).add('72m').add('74m').add('76m') },
        { metric: gateDecisions, labels: { ...FAIL, job: 'aqe-agents', instance: '10.0.0.7:9464' }, timeline: series().appears('70m', 1).add('72m').add('74m').add('76m') },
      ],
      firesAt: '91m30s',
      expected: [gateBreach(4)],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'exactly three failures in an hour are within the threshold (no 3.001 from extrapolation)',
      series: [collectorScrape(), passingAllAlong, { metric: gateDecisions, labels: FAIL, timeline: series().appears('10m', 1).add('70m').add('75m').add('80m') }],
      quietAt: ['81m', '100m', '125m', '140m'],
    }),
    atProductionTiming({
      // Twelve failures happened while Prometheus was down; nobody can say they were in one hour.
      name: 'failures during a two-hour gap in the data are not counted as the last hour\'s when it ends',
      series: [
        collectorScrape(series().appears('0s', 1).gap('60m', '180m')),
        { ...passingAllAlong, timeline: passingAllAlong.timeline.gap('60m', '180m') },
        { metric: gateDecisions, labels: FAIL, timeline: series().appears('10m', 1).addEvery('10m', 1, { from: '60m', until: '180m' }).gap('60m', '180m') },
      ],
      quietAt: ['181m', '200m', '240m', '241m'],
    }),
    atProductionTiming({
      // Collector replica a keeps exporting the old value until its series expire (5 minutes).
      name: 'a fail series moving to another collector replica does not count its old failures again',
      series: [
        collectorScrape(),
        passingAllAlong,
        { metric: gateDecisions, labels: { ...FAIL, instance: 'otel-collector-0:8889' }, timeline: series().appears('10m', 5).disappears('80m') },
        { metric: gateDecisions, labels: { ...FAIL, instance: 'otel-collector-1:8889' }, timeline: series().appears('75m', 5).add('90m') },
      ],
      quietAt: ['76m', '80m', '91m', '130m'],
    }),
    atProductionTiming({
      name: 'a counter reset (the agent restarting) is not read as failures',
      series: [collectorScrape(), passingAllAlong, { metric: gateDecisions, labels: FAIL, timeline: series().appears('10m', 5).reset('80m').add('82m') }],
      quietAt: ['81m', '83m', '100m', '141m'],
    }),
    atProductionTiming({
      // A fresh TSDB: old counters appear at once; an hour later they are history, not news.
      name: 'a fresh Prometheus finding old counters of many failures does not page',
      series: [collectorScrape(), { metric: gateDecisions, labels: FAIL, timeline: series().appears('0s', 40) }, { metric: gateDecisions, labels: PASS, timeline: series().appears('0s', 900) }],
      quietAt: ['1m', '30m', '61m', '90m'],
    }),
  ],
});

const CHECKOUT_LINE = { project: 'checkout-service', coverage_type: 'line' };

/**
 * The lowest coverage of the last half hour: the level a project held, which one outlier
 * report (a partial run that measured three files) cannot raise.
 */
export const sustainedCoverage = recording({
  record: 'project_coverage_type:aqe_quality_coverage_percent:min_over_time30m',
  expr: promql`min_over_time(${projectCoverage}[${THIRTY_MINUTES}])`,
  description: 'Coverage each project held for the last half hour, by kind of coverage',
});

/** How long coverage must stay down; its description says it in words, with the windows it is judged over. */
const COVERAGE_DECLINE_FOR = '1h';
const COVERAGE_DROP_SPAN = `the highest it held for ${spokenDuration(THIRTY_MINUTES.ms)} in ${lastSpan(ONE_DAY.ms)}, for ${spokenDuration(COVERAGE_DECLINE_FOR)}`;

const coverageDropped = (points: string) => ({
  labels: CHECKOUT_LINE,
  summary: `line coverage of checkout-service dropped ${points} points`,
  description: `line coverage of checkout-service is ${points} percentage points below ${COVERAGE_DROP_SPAN} (threshold ${THRESHOLDS.coverageDropPoints}).`,
});

export const coverageDecline = alert({
  name: 'CoverageDecline',
  // A gauge: compare with the day's highest sustained level, not delta() (which extrapolates),
  // and not the day's highest sample (one outlier would keep the alert firing for a day).
  expr: promql`max_over_time(${sustainedCoverage}[${ONE_DAY}]) - ${projectCoverage} > ${THRESHOLDS.coverageDropPoints}`,
  for: COVERAGE_DECLINE_FOR,
  severity: 'warning',
  summary: '{{ $labels.coverage_type }} coverage of {{ $labels.project }} dropped {{ printf "%.1f" $value }} points',
  description: `{{ $labels.coverage_type }} coverage of {{ $labels.project }} is {{ printf "%.1f" $value }} percentage points below ${COVERAGE_DROP_SPAN} (threshold ${THRESHOLDS.coverageDropPoints}).`,
  runbook: 'coverage-decline',
  dashboard: panelLink('qa', 'coverageByModule'),
  channels: [slackQa],
  firing: [
    atProductionTiming({
      // 78 % is first scraped at 3h00m02s and recorded at 3h00m30s; an hour of `for`: 4h00m30s.
      name: 'coverage falling from 85 % to 78 % warns after an hour',
      series: [{ metric: coverage, labels: CHECKOUT_LINE, timeline: series().appears('0s', 85).set('3h', 78) }],
      firesAt: '240m30s',
      expected: [coverageDropped('7.0')],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'a three-point dip is noise',
      series: [{ metric: coverage, labels: CHECKOUT_LINE, timeline: series().appears('0s', 85).set('3h', 82) }],
      quietAt: ['241m', '300m'],
    }),
    atProductionTiming({
      // One scrape reads 99 %; the highest sample of the day would say "dropped 14 points" all day.
      name: 'one outlier report does not make the day\'s normal coverage read as a decline',
      series: [{ metric: coverage, labels: CHECKOUT_LINE, timeline: series().appears('0s', 85).set('60m', 99).set('60m5s', 85) }],
      quietAt: ['61m', '121m', '180m', '300m'],
    }),
    atProductionTiming({
      name: 'coverage reported through another collector replica, or after a two-hour gap, is the same coverage',
      series: [
        { metric: coverage, labels: { ...CHECKOUT_LINE, instance: 'otel-collector-0:8889' }, timeline: series().appears('0s', 85).disappears('60m') },
        { metric: coverage, labels: { ...CHECKOUT_LINE, instance: 'otel-collector-1:8889' }, timeline: series().appears('55m', 85).gap('90m', '210m') },
      ],
      quietAt: ['60m', '91m', '211m', '280m'],
    }),
  ],
});

const CHECKOUT = { project: 'checkout-service' };

/** How long a project must keep too many flaky tests; its description says it in words. */
const FLAKY_FOR = '1h';

export const flakyTestIncrease = alert({
  name: 'FlakyTestIncrease',
  expr: promql`${projectFlakyTests} > ${THRESHOLDS.flakyTests}`,
  for: FLAKY_FOR,
  severity: 'warning',
  summary: '{{ $labels.project }} has {{ $value }} flaky tests',
  description: `{{ $labels.project }} has had more than ${THRESHOLDS.flakyTests} known flaky tests for ${spokenDuration(FLAKY_FOR)} ({{ $value }} now). Quarantine them or send the flaky-test hunter.`,
  runbook: 'flaky-tests',
  dashboard: panelLink('qa', 'flakyRate'),
  channels: [slackQa],
  firing: [
    {
      name: 'twenty-five flaky tests for an hour raise a warning',
      series: [{ metric: flakyTests, labels: CHECKOUT, values: '10x50 25x100' }],
      firesAt: '111m',
      expected: [
        {
          labels: CHECKOUT,
          summary: 'checkout-service has 25 flaky tests',
          description: `checkout-service has had more than 20 known flaky tests for ${spokenDuration(FLAKY_FOR)} (25 now). Quarantine them or send the flaky-test hunter.`,
        },
      ],
    },
  ],
});

export const QUALITY_RULES: RuleFile = {
  name: 'quality',
  // One group, recordings first: rules of a group run in order, so an alert sees the
  // recordings of the same evaluation (separate groups run in no fixed order).
  groups: [{ name: 'aqe-quality', interval: '30s', rules: [processGateDecisions, gateFailures, gatePassRatio, projectCoverage, sustainedCoverage, projectFlakyTests, qualityGateBreach, coverageDecline, flakyTestIncrease] }],
};
