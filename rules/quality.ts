import { coverage, flakyTests, gateDecisions } from '../schema/metrics/quality';
import { coverageType, gateName, project } from '../schema/labels';
import { alert, panelLink, promql, recording, type RuleFile } from './define';
import { ONE_DAY, ONE_HOUR } from './windows';
import { pagerduty, slackQa } from './channels';
import { THRESHOLDS } from './thresholds';

/** Quality gates, coverage and flaky tests (spec 8.1, 8.2). */

export const gateFailures = recording({
  record: 'gate_name:aqe_quality_gate_failures:increase1h',
  // `or ... * 0`: a gate that decided but never failed records 0, not nothing, so its
  // history reads "no failures" instead of "no data".
  expr: promql`sum by (${gateName}) (increase(${gateDecisions}{decision="fail"}[${ONE_HOUR}])) or sum by (${gateName}) (increase(${gateDecisions}[${ONE_HOUR}])) * 0`,
  description: 'Failed quality-gate decisions in the last hour, by gate (0 for gates that only passed)',
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

export const qualityGateBreach = alert({
  name: 'QualityGateBreach',
  expr: promql`${gateFailures} > ${THRESHOLDS.gateFailuresPerHour}`,
  for: '15m',
  severity: 'critical',
  summary: 'Quality gate {{ $labels.gate_name }} failed {{ $value | humanize }} times in the last hour',
  description:
    'The {{ $labels.gate_name }} gate has failed {{ $value | humanize }} decisions within an hour (threshold: more than 3) for 15 minutes. Releases through it are blocked.',
  runbook: 'quality-gate-breach',
  dashboard: panelLink('qa', 'qualityGates'),
  channels: [pagerduty, slackQa],
  firing: [
    {
      name: 'a gate failing every five minutes pages once four failures stand for 15 minutes',
      interval: '5m',
      series: [
        { metric: gateDecisions, labels: { ...RELEASE_GATE, decision: 'fail' }, values: '0+1x24' },
        { metric: gateDecisions, labels: { gate_name: 'pull-request', decision: 'fail' }, values: '0+0x24' },
      ],
      firesAt: '35m',
      expected: [
        {
          labels: RELEASE_GATE,
          summary: 'Quality gate release failed 7 times in the last hour',
          description:
            'The release gate has failed 7 decisions within an hour (threshold: more than 3) for 15 minutes. Releases through it are blocked.',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'three failures in an hour are within the threshold',
      interval: '5m',
      series: [{ metric: gateDecisions, labels: { ...RELEASE_GATE, decision: 'fail' }, values: '0 1 2 3x21' }],
      quietAt: ['30m', '60m', '100m'],
    },
  ],
});

const CHECKOUT_LINE = { project: 'checkout-service', coverage_type: 'line' };

export const coverageDecline = alert({
  name: 'CoverageDecline',
  // A gauge: compare with the day's highest, not delta() (which extrapolates).
  expr: promql`max_over_time(${projectCoverage}[${ONE_DAY}]) - ${projectCoverage} > ${THRESHOLDS.coverageDropPoints}`,
  for: '1h',
  severity: 'warning',
  summary: '{{ $labels.coverage_type }} coverage of {{ $labels.project }} dropped {{ printf "%.1f" $value }} points',
  description:
    '{{ $labels.coverage_type }} coverage of {{ $labels.project }} is {{ printf "%.1f" $value }} percentage points below its highest of the last day, for an hour (threshold 5).',
  runbook: 'coverage-decline',
  dashboard: panelLink('qa', 'coverageByModule'),
  channels: [slackQa],
  firing: [
    {
      name: 'coverage falling from 85 % to 78 % warns after an hour',
      series: [{ metric: coverage, labels: CHECKOUT_LINE, values: '85x180 78x120' }],
      firesAt: '241m',
      expected: [
        {
          labels: CHECKOUT_LINE,
          summary: 'line coverage of checkout-service dropped 7.0 points',
          description: 'line coverage of checkout-service is 7.0 percentage points below its highest of the last day, for an hour (threshold 5).',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'a three-point dip is noise',
      series: [{ metric: coverage, labels: CHECKOUT_LINE, values: '85x180 82x120' }],
      quietAt: ['241m', '300m'],
    },
  ],
});

const CHECKOUT = { project: 'checkout-service' };

export const flakyTestIncrease = alert({
  name: 'FlakyTestIncrease',
  expr: promql`${projectFlakyTests} > ${THRESHOLDS.flakyTests}`,
  for: '1h',
  severity: 'warning',
  summary: '{{ $labels.project }} has {{ $value }} flaky tests',
  description: '{{ $labels.project }} has had more than 20 known flaky tests for an hour ({{ $value }} now). Quarantine them or send the flaky-test hunter.',
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
          description: 'checkout-service has had more than 20 known flaky tests for an hour (25 now). Quarantine them or send the flaky-test hunter.',
        },
      ],
    },
  ],
});

export const QUALITY_RULES: RuleFile = {
  name: 'quality',
  // One group, recordings first: rules of a group run in order, so an alert sees the
  // recordings of the same evaluation (separate groups run in no fixed order).
  groups: [{ name: 'aqe-quality', interval: '30s', rules: [gateFailures, gatePassRatio, projectCoverage, projectFlakyTests, qualityGateBreach, coverageDecline, flakyTestIncrease] }],
};
