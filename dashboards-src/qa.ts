import {
  BigValueColorMode,
  BigValueTextMode,
  GraphDrawStyle,
  TableCellDisplayMode,
  VisibilityMode,
} from '@grafana/grafana-foundation-sdk/common';
import { FieldColorBuilder, FieldColorModeId } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Gauge } from '@grafana/grafana-foundation-sdk/gauge';
import {
  CellValuesBuilder,
  FilterValueRangeBuilder,
  HeatmapColorMode,
  HeatmapColorOptionsBuilder,
  HeatmapColorScale,
  PanelBuilder as Heatmap,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StatusHistory } from '@grafana/grafana-foundation-sdk/statushistory';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  agentErrors,
  agentSpawns,
  defectsFound,
  moduleCoverage,
  securityFindings,
  testsGenerated,
  testsRun,
  vulnerabilities,
} from '../schema/metrics/all';
import { agentType, codeModule, coverageType, cweCategory, gateName, project, severity, taskType, testOutcome } from '../schema/labels';
import type { Label } from '../schema/define';
import { promql } from '../core/promql';
import { durationBuckets, durationP95, gateFailures, projectCoverage, projectFlakyTests } from './recordings';
import { THRESHOLDS } from '../schema/thresholds';
import { percent } from '../core/threshold-prose';
import { at, baseDashboard, type DashboardSource, labelVariable, lastValue, matchVariable, prom, promInstant, RANGE, thresholds, thresholdLine } from './common';
import { DASHBOARD_UIDS, PANELS } from '../core/dashboard-uids';

/**
 * QA leader dashboard (spec 7.3): what ran, how much passed, where coverage is thin, which
 * gates fail, which agents earn their keep, and what the scanners found. Totals are over
 * the dashboard's range (24 h by default). Panels 4, 7, 8 and 12 are opened by the
 * FlakyTestIncrease, CoverageDecline, QualityGateBreach and SecurityCriticalFinding alerts.
 */

/** A legend of label values: `{{project}} {{module}}`. */
const legend = (...labels: Label[]) => labels.map((l) => `{{${l.name}}}`).join(' ');
/** The panel's step (`.interval('1h')` makes it an hour at least): one bar per step, no overlap. */
const INTERVAL = '$__interval';
const projects = matchVariable(project);
/** Executions that ran to a verdict: skipped tests did not run, so they count for neither rate. */
const executed = promql`sum(increase(${testsRun}{${testOutcome}=~"passed|failed|flaky",${projects}}[${RANGE}]))`;
const executionsOf = (outcome: 'passed' | 'failed' | 'flaky') =>
  promql`sum(increase(${testsRun}{${testOutcome}="${outcome}",${projects}}[${RANGE}]))`;

// Row 1: test summary stats.

const testsRunPanel = new Stat()
  .id(1)
  .title('Tests run')
  .description('How many test executions ran over the time range in the selected projects, whatever their outcome (skipped included).')
  .gridPos(at(0, 0, 6, 5))
  .decimals(0)
  .reduceOptions(lastValue())
  .colorMode(BigValueColorMode.None)
  .withTarget(promInstant('A', promql`sum(increase(${testsRun}{${projects}}[${RANGE}]))`, 'tests run'));

/** The pass-rate gauge's colours: red under the first, green from the second (the description states them). */
const PASS_RATE_ORANGE_FROM = 0.9;
const PASS_RATE_GREEN_FROM = 0.95;

const passRatePanel = new Gauge()
  .id(2)
  .title('Pass rate')
  .description(
    `Share of executed tests that passed at the first try over the time range: passed / (passed + failed + flaky). Red below ${percent(PASS_RATE_ORANGE_FROM)}, green from ${percent(PASS_RATE_GREEN_FROM)}.`,
  )
  .gridPos(at(6, 0, 6, 5))
  .unit('percentunit')
  .decimals(1)
  .min(0)
  .max(1)
  .reduceOptions(lastValue())
  .thresholds(thresholds('red', [PASS_RATE_ORANGE_FROM, 'orange'], [PASS_RATE_GREEN_FROM, 'green']))
  .withTarget(promInstant('A', promql`${executionsOf('passed').text} / ${executed.text}`, 'pass rate'));

const flakyRatePanel = new Stat()
  .id(PANELS.qa.flakyRate)
  .title('Flaky rate')
  .description(
    `Share of executed tests that failed, then passed on retry, over the time range; and the most flaky tests known in one project now (project:aqe_quality_flaky_tests:max), which FlakyTestIncrease watches: more than ${THRESHOLDS.flakyTests} for an hour raises it.`,
  )
  .gridPos(at(12, 0, 6, 5))
  .unit('percentunit')
  .decimals(1)
  .reduceOptions(lastValue())
  .textMode(BigValueTextMode.ValueAndName)
  .thresholds(thresholds('green', [0.02, 'orange'], [0.05, 'red']))
  .withTarget(promInstant('A', promql`${executionsOf('flaky').text} / ${executed.text}`, 'flaky share'))
  .withTarget(promInstant('B', promql`max(${projectFlakyTests}{${projects}})`, 'flaky tests (worst project)'))
  .overrideByQuery('B', [
    { id: 'unit', value: 'none' },
    { id: 'decimals', value: 0 },
    // The count is an integer: "more than 20" is 21 or more.
    { id: 'thresholds', value: thresholds('green', [THRESHOLDS.flakyTests + 1, 'red']).build() },
  ]);

const failedPanel = new Stat()
  .id(3)
  .title('Failed tests')
  .description('Test executions that failed (and did not pass on retry) over the time range in the selected projects.')
  .gridPos(at(18, 0, 6, 5))
  .decimals(0)
  .reduceOptions(lastValue())
  .thresholds(thresholds('green', [1, 'orange']))
  .withTarget(promInstant('A', executionsOf('failed'), 'failed'));

// Row 2: coverage.

const coverageHeatmapPanel = new Heatmap()
  .id(PANELS.qa.coverageByModule)
  .title('Coverage heatmap by module')
  .description(
    'Line coverage of each module (one row per project and module) over time: red is low, green is high. Thin modules are where tests are missing; a row turning red is where CoverageDecline starts.',
  )
  .gridPos(at(0, 5, 14, 10))
  .maxDataPoints(96)
  .calculate(false)
  .color(
    new HeatmapColorOptionsBuilder().mode(HeatmapColorMode.Scheme).scheme('RdYlGn').scale(HeatmapColorScale.Linear).exponent(0.5).min(0).max(100).steps(64).reverse(false),
  )
  // The default hides cells at 0, which here is the worst module there is: hide nothing.
  .filterValues(new FilterValueRangeBuilder().le(-1))
  .cellValues(new CellValuesBuilder().unit('percent').decimals(1))
  .showValue(VisibilityMode.Never)
  .cellGap(1)
  .withTarget(prom('A', promql`max by (${project}, ${codeModule}) (${moduleCoverage}{${projects}})`, legend(project, codeModule)));

const lineCoveragePanel = new TimeSeries()
  .id(5)
  .title('Line coverage by project')
  .description('Line coverage of each selected project (the highest any agent reports), 0-100 %. A step down is a coverage decline.')
  .gridPos(at(14, 5, 10, 5))
  .unit('percent')
  .min(0)
  .max(100)
  .withTarget(prom('A', promql`${projectCoverage}{${coverageType}="line",${projects}}`, legend(project)));

const coverageDropPanel = new TimeSeries()
  .id(6)
  .title("Coverage below the day's highest")
  .description(
    `Percentage points each project and coverage kind is below its highest of the last 24 h: what CoverageDecline watches (more than ${THRESHOLDS.coverageDropPoints} points for an hour raises it; dashed red line).`,
  )
  .gridPos(at(14, 10, 10, 5))
  .unit('none')
  .decimals(1)
  .min(0)
  .thresholds(thresholds('green', [THRESHOLDS.coverageDropPoints, 'red']))
  .thresholdsStyle(thresholdLine('dashed'))
  .withTarget(
    prom('A', promql`max_over_time(${projectCoverage}{${projects}}[1d]) - ${projectCoverage}{${projects}}`, legend(project, coverageType)),
  );

// Row 3: quality gates.

const qualityGatesPanel = new StatusHistory()
  .id(PANELS.qa.qualityGates)
  .title('Quality gate history')
  .description(
    `Failed decisions of each quality gate in the hour before each point. Green: none; orange: some; red: ${THRESHOLDS.gateFailuresPerHour} or more, the QualityGateBreach threshold (it pages when more than ${THRESHOLDS.gateFailuresPerHour} hold for 15 minutes).`,
  )
  .gridPos(at(0, 15, 24, 8))
  .maxDataPoints(96)
  .decimals(1)
  .showValue(VisibilityMode.Never)
  .colorScheme(new FieldColorBuilder().mode(FieldColorModeId.Thresholds))
  .thresholds(thresholds('green', [0.5, 'orange'], [THRESHOLDS.gateFailuresPerHour, 'red']))
  .withTarget(prom('A', promql`${gateFailures}`, legend(gateName)));

// Row 4: agents.

const agentEffectivenessPanel = new Table()
  .id(9)
  .title('Agent effectiveness')
  .description(
    `For each agent type over the time range: defects it found, tests it generated (and kept), runs it started, and the share of its runs that ended in an error (red above ${percent(THRESHOLDS.agentFailureRatio)}, the AgentFailureRate threshold).`,
  )
  .gridPos(at(0, 23, 14, 9))
  .withTarget(promInstant('A', promql`sum by (${agentType}) (increase(${defectsFound}[${RANGE}]))`, '__auto', 'table'))
  .withTarget(promInstant('B', promql`sum by (${agentType}) (increase(${testsGenerated}[${RANGE}]))`, '__auto', 'table'))
  .withTarget(promInstant('C', promql`sum by (${agentType}) (increase(${agentSpawns}[${RANGE}]))`, '__auto', 'table'))
  .withTarget(
    promInstant(
      'D',
      // An agent type without errors has no error series: count it as 0 rather than leave it blank.
      promql`(sum by (${agentType}) (increase(${agentErrors}[${RANGE}])) or sum by (${agentType}) (increase(${agentSpawns}[${RANGE}])) * 0) / sum by (${agentType}) (increase(${agentSpawns}[${RANGE}]))`,
      '__auto',
      'table',
    ),
  )
  .withTransformation({ id: 'merge', options: {} })
  .withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true },
      indexByName: { [agentType.name]: 0, 'Value #A': 1, 'Value #B': 2, 'Value #C': 3, 'Value #D': 4 },
      renameByName: {
        [agentType.name]: 'Agent type',
        'Value #A': 'Defects found',
        'Value #B': 'Tests generated',
        'Value #C': 'Runs',
        'Value #D': 'Failure share',
      },
    },
  })
  .decimals(0)
  .overrideByName('Failure share', [
    { id: 'unit', value: 'percentunit' },
    { id: 'decimals', value: 1 },
    { id: 'thresholds', value: thresholds('green', [THRESHOLDS.agentFailureRatio, 'red']).build() },
    { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorText } },
  ]);

const durationTrendPanel = new TimeSeries()
  .id(10)
  .title('Duration trend (P95)')
  .description(
    `P95 run time of each agent type (5-minute windows), and the P95 of test-execution tasks across the fleet (thick line). Above ${THRESHOLDS.p95DurationSeconds} s (dashed red) for 10 minutes raises PerformanceDegradation.`,
  )
  .gridPos(at(14, 23, 10, 9))
  .unit('s')
  .min(0)
  .thresholds(thresholds('green', [THRESHOLDS.p95DurationSeconds, 'red']))
  .thresholdsStyle(thresholdLine('dashed'))
  .withTarget(prom('A', promql`${durationP95}`, legend(agentType)))
  .withTarget(
    prom(
      'B',
      promql`histogram_quantile(0.95, sum by (le) (${durationBuckets}{${taskType}="test-execution"}))`,
      'test execution (all agents)',
    ),
  )
  .overrideByQuery('B', [{ id: 'custom.lineWidth', value: 3 }]);

// Row 5: executions and security.

const recentExecutionsPanel = new Table()
  .id(11)
  .title('Recent executions')
  .description('Test executions over the time range, one row per project and a column per outcome (passed, failed, flaky, skipped).')
  .gridPos(at(0, 32, 12, 9))
  .decimals(0)
  .withTarget(
    promInstant('A', promql`sum by (${project}, ${testOutcome}) (increase(${testsRun}{${projects}}[${RANGE}]))`, '__auto', 'table'),
  )
  .withTransformation({ id: 'groupingToMatrix', options: { columnField: testOutcome.name, rowField: project.name, valueField: 'Value', emptyValue: 'zero' } })
  .withTransformation({ id: 'organize', options: { renameByName: { [`${project.name}\\${testOutcome.name}`]: 'Project' } } });

const securityFindingsPanel = new TimeSeries()
  .id(PANELS.qa.securityFindings)
  .title('Security findings')
  .description(
    'Bars: new critical and high findings per hour, by CWE (a critical one raises SecurityCriticalFinding at once). Lines (right axis): vulnerabilities open now, by severity.',
  )
  .gridPos(at(12, 32, 12, 9))
  .interval('1h')
  .decimals(0)
  .min(0)
  .withTarget(
    prom(
      'A',
      // As the alert does: increase() cannot see a series' first sample, so a CWE that just
      // appeared is counted by its first value.
      promql`sum by (${severity}, ${cweCategory}) (increase(${securityFindings}{${severity}=~"critical|high"}[${INTERVAL}])) or sum by (${severity}, ${cweCategory}) (${securityFindings}{${severity}=~"critical|high"} unless ${securityFindings}{${severity}=~"critical|high"} offset ${INTERVAL})`,
      legend(severity, cweCategory),
    ),
  )
  .withTarget(prom('B', promql`sum by (${severity}) (${vulnerabilities}{${severity}=~"critical|high|medium"})`, `open ${legend(severity)}`))
  .overrideByQuery('A', [
    { id: 'custom.drawStyle', value: GraphDrawStyle.Bars },
    { id: 'custom.fillOpacity', value: 80 },
  ])
  .overrideByQuery('B', [{ id: 'custom.axisPlacement', value: 'right' }]);

export const qa: DashboardSource = {
  file: 'dashboards-src/qa.ts',
  dashboard: baseDashboard({
    uid: DASHBOARD_UIDS.qa,
    title: 'AQE Fleet: Quality engineering',
    description: 'Test execution, coverage, quality gates, agent effectiveness and security findings, for QA leads.',
    from: 'now-24h',
    tags: ['qa'],
  })
    .withVariable(labelVariable(project, projectCoverage, 'Project'))
    .withPanel(testsRunPanel)
    .withPanel(passRatePanel)
    .withPanel(flakyRatePanel)
    .withPanel(failedPanel)
    .withPanel(coverageHeatmapPanel)
    .withPanel(lineCoveragePanel)
    .withPanel(coverageDropPanel)
    .withPanel(qualityGatesPanel)
    .withPanel(agentEffectivenessPanel)
    .withPanel(durationTrendPanel)
    .withPanel(recentExecutionsPanel)
    .withPanel(securityFindingsPanel)
    .build(),
};
