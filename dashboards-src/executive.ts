import {
  VizOrientation,
} from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder as BarChart } from '@grafana/grafana-foundation-sdk/barchart';
import { PanelBuilder as Gauge } from '@grafana/grafana-foundation-sdk/gauge';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { costUsd, defectsFound, gateDecisions, qualityScore, testsGenerated, timeSaved } from '../schema/metrics/all';
import { agentType, project } from '../schema/labels';
import { promql } from '../core/promql';
import { costRate, inputTokenRate, projectCoverage } from './recordings';
import { THRESHOLDS } from '../schema/thresholds';
import { at, baseDashboard, type DashboardSource, labelVariable, lastValue, matchVariable, prom, promInstant, RANGE, thresholds } from './common';
import { DASHBOARD_UIDS, PANELS } from '../core/dashboard-uids';

/**
 * Executive overview (spec 7.1, action A8): is quality holding, what does it cost, what
 * does it save. Totals are over the dashboard's range (24 h by default).
 */

const projects = matchVariable(project);

const qualityScorePanel = new Gauge()
  .id(1)
  .title('Quality score')
  .description('Overall quality score (0-100), averaged over the selected projects. Red below 70.')
  .gridPos(at(0, 0, 6, 7))
  .min(0)
  .max(100)
  .reduceOptions(lastValue())
  .thresholds(thresholds('red', [70, 'orange'], [85, 'green']))
  .withTarget(promInstant('A', promql`avg(max by (${project}) (${qualityScore}{dimension="overall",${projects}}))`, 'score'));

const totalCostPanel = new Stat()
  .id(2)
  .title('Total model cost')
  .description('Model spend over the time range, from token counts and schema/prices.ts.')
  .gridPos(at(6, 0, 6, 7))
  .unit('currencyUSD')
  .decimals(2)
  .reduceOptions(lastValue())
  .withTarget(promInstant('A', promql`sum(increase(${costUsd}[${RANGE}]))`, 'cost'));

const timeSavedPanel = new Stat()
  .id(3)
  .title('Engineer time saved')
  .description('Time agents estimate they saved over the time range (aqe_roi_time_saved_seconds_total).')
  .gridPos(at(12, 0, 6, 7))
  .unit('s')
  .reduceOptions(lastValue())
  .withTarget(promInstant('A', promql`sum(increase(${timeSaved}[${RANGE}]))`, 'saved'));

const roiPanel = new Stat()
  .id(4)
  .title('Hours saved per dollar')
  .description('Engineer hours saved for each dollar of model spend over the time range.')
  .gridPos(at(18, 0, 6, 7))
  .decimals(1)
  .reduceOptions(lastValue())
  .withTarget(promInstant('A', promql`sum(increase(${timeSaved}[${RANGE}])) / 3600 / sum(increase(${costUsd}[${RANGE}]))`, 'hours per USD'));

const qualityTrendPanel = new TimeSeries()
  .id(5)
  .title('Quality trend')
  .description('Line coverage and quality score (left, 0-100) and defects found per hour, across the selected projects.')
  .gridPos(at(0, 7, 24, 8))
  .withTarget(prom('A', promql`avg(${projectCoverage}{coverage_type="line",${projects}})`, 'line coverage %'))
  .withTarget(prom('B', promql`avg(max by (${project}) (${qualityScore}{dimension="overall",${projects}}))`, 'quality score'))
  .withTarget(prom('C', promql`sum(rate(${defectsFound}[1h])) * 3600`, 'defects found / h'));

const roiByAgentPanel = new BarChart()
  .id(6)
  .title('Agent ROI: hours saved and cost by agent type')
  .description('For each agent type over the time range: engineer hours saved, and model spend in USD.')
  .gridPos(at(0, 15, 12, 9))
  .orientation(VizOrientation.Horizontal)
  .withTarget(promInstant('A', promql`sum by (${agentType}) (increase(${timeSaved}[${RANGE}])) / 3600`, 'hours saved', 'table'))
  .withTarget(promInstant('B', promql`sum by (${agentType}) (increase(${costUsd}[${RANGE}]))`, 'USD', 'table'));

const tokenUsagePanel = new TimeSeries()
  .id(PANELS.executive.tokenUsage)
  .title('Input tokens per minute by agent type (hourly average)')
  .description(`What HighTokenUsage watches: an agent type above ${THRESHOLDS.inputTokensPerMinute.toLocaleString('en')} a minute for 10 minutes raises it.`)
  .gridPos(at(12, 15, 12, 9))
  .thresholds(thresholds('green', [THRESHOLDS.inputTokensPerMinute, 'red']))
  .withTarget(prom('A', promql`${inputTokenRate} * 60`, '{{agent_type}}'));

const testsGeneratedPanel = new Stat()
  .id(8)
  .title('Tests generated')
  .gridPos(at(0, 24, 6, 5))
  .reduceOptions(lastValue())
  .withTarget(promInstant('A', promql`sum(increase(${testsGenerated}[${RANGE}]))`, 'tests'));

const coveragePanel = new Stat()
  .id(9)
  .title('Line coverage')
  .gridPos(at(6, 24, 6, 5))
  .unit('percent')
  .decimals(1)
  .reduceOptions(lastValue())
  .thresholds(thresholds('red', [70, 'orange'], [80, 'green']))
  .withTarget(promInstant('A', promql`avg(${projectCoverage}{coverage_type="line",${projects}})`, 'coverage'));

const gatePassPanel = new Stat()
  .id(10)
  .title('Quality gates passed')
  .gridPos(at(12, 24, 6, 5))
  .unit('percentunit')
  .decimals(1)
  .reduceOptions(lastValue())
  .thresholds(thresholds('red', [0.8, 'orange'], [0.95, 'green']))
  .withTarget(promInstant('A', promql`sum(increase(${gateDecisions}{decision="pass"}[${RANGE}])) / sum(increase(${gateDecisions}[${RANGE}]))`, 'pass rate'));

const costTrendPanel = new TimeSeries()
  .id(11)
  .title('Cost trend (USD per hour)')
  .gridPos(at(18, 24, 6, 5))
  .unit('currencyUSD')
  .withTarget(prom('A', promql`sum(${costRate}) * 3600`, 'USD / h'));

export const executive: DashboardSource = {
  file: 'dashboards-src/executive.ts',
  dashboard: baseDashboard({
    uid: DASHBOARD_UIDS.executive,
    title: 'AQE Fleet: Executive overview',
    description: 'Quality, cost and time saved by the AQE agent fleet.',
    from: 'now-24h',
    tags: ['executive'],
  })
    .withVariable(labelVariable(project, projectCoverage, 'Project'))
    .withPanel(qualityScorePanel)
    .withPanel(totalCostPanel)
    .withPanel(timeSavedPanel)
    .withPanel(roiPanel)
    .withPanel(qualityTrendPanel)
    .withPanel(roiByAgentPanel)
    .withPanel(tokenUsagePanel)
    .withPanel(testsGeneratedPanel)
    .withPanel(coveragePanel)
    .withPanel(gatePassPanel)
    .withPanel(costTrendPanel)
    .build(),
};
