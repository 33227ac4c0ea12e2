import {
  BigValueColorMode,
  BigValueGraphMode,
  TableCellDisplayMode,
  TableSortByFieldStateBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { schema } from '../schema';
import {
  agentSpawns,
  agentsActive,
  exportFailures,
  operationDuration,
  queueDepth,
  rejectedLabelValues,
  tasksCompleted,
} from '../schema/metrics/all';
import { agentType, exporterName, operationType, priority, telemetryLabel, telemetryMetric, telemetrySignal } from '../schema/labels';
import { bucket, promql } from '../core/promql';
import { spawnRate } from './recordings';
import { at, baseDashboard, type DashboardSource, labelVariable, lastValue, matchVariable, prom, promInstant, RANGE, RATE_INTERVAL, thresholdLine, thresholds } from './common';
import { DASHBOARD_UIDS, PANELS } from '../core/dashboard-uids';

/**
 * Operations (spec 2.2, DevOps): is the telemetry stack up, what is firing, what it costs
 * in memory, CPU and series, how loaded the fleet is, and whether telemetry itself is
 * losing data. Prometheus' own series (up, ALERTS, process_*, prometheus_tsdb_head_series,
 * scrape_samples_scraped) are declared in schema/external-series.ts.
 */

const agentTypes = matchVariable(agentType);

const targetsUpPanel = new Stat()
  .id(PANELS.operations.targetsUp)
  .title('Scrape targets up')
  .description(
    'One stat per scrape job (otel-collector, aqe-agents, prometheus): UP when every target of the job answered its last scrape, DOWN (red) when at least one did not.',
  )
  .gridPos(at(0, 0, 8, 8))
  .reduceOptions(lastValue())
  .colorMode(BigValueColorMode.Background)
  .graphMode(BigValueGraphMode.None)
  .mappings([
    {
      type: MappingType.ValueToText,
      options: { '0': { text: 'DOWN', color: 'red', index: 0 }, '1': { text: 'UP', color: 'green', index: 1 } },
    },
  ])
  .thresholds(thresholds('red', [1, 'green']))
  .withTarget(promInstant('A', promql`min by (job) (up)`, '{{job}}'));

/** Severity as a number, so the table sorts critical first; shown as its name. */
const SEVERITY_RANK: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: {
      '3': { text: 'critical', color: 'red', index: 0 },
      '2': { text: 'warning', color: 'orange', index: 1 },
      '1': { text: 'info', color: 'blue', index: 2 },
    },
  },
];

const firingAlertsPanel = new Table()
  .id(PANELS.operations.firingAlerts)
  .title('Firing alerts')
  .description(
    'Alerts firing now (ALERTS{alertstate="firing"}), critical first. Each alert has a runbook in docs/runbooks/ named in its notification.',
  )
  .gridPos(at(8, 0, 16, 8))
  .withTarget(
    promInstant(
      'A',
      promql`sort_desc(3 * ALERTS{alertstate="firing",severity="critical"} or 2 * ALERTS{alertstate="firing",severity="warning"} or 1 * ALERTS{alertstate="firing",severity="info"})`,
      '__auto',
      'table',
    ),
  )
  .withTransformation({
    id: 'organize',
    options: {
      excludeByName: { Time: true, alertstate: true, severity: true, __name__: true },
      indexByName: { Value: 0, alertname: 1, agent_type: 2, project: 3, gate_name: 4 },
      renameByName: { Value: 'Severity', alertname: 'Alert', agent_type: 'Agent type', project: 'Project', gate_name: 'Gate' },
    },
  })
  .sortBy([new TableSortByFieldStateBuilder().displayName('Severity').desc(true)])
  .noValue('No alert firing')
  .overrideByName('Severity', [
    { id: 'mappings', value: SEVERITY_RANK },
    { id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } },
    { id: 'custom.width', value: 100 },
  ]);

const memoryPanel = new TimeSeries()
  .id(3)
  .title('Memory by process')
  .description('Resident memory of each scraped process that exposes process_resident_memory_bytes (Prometheus; the collector and agents when they export it), by job and instance.')
  .gridPos(at(0, 8, 8, 8))
  .unit('bytes')
  .withTarget(prom('A', promql`sum by (job, instance) (process_resident_memory_bytes)`, '{{job}} {{instance}}'));

const cpuPanel = new TimeSeries()
  .id(4)
  .title('CPU by process (cores)')
  .description('CPU seconds used per second (1 = one core busy) by each scraped process, by job and instance.')
  .gridPos(at(8, 8, 8, 8))
  .decimals(2)
  .withTarget(prom('A', promql`sum by (job, instance) (rate(process_cpu_seconds_total[${RATE_INTERVAL}]))`, '{{job}} {{instance}}'));

const activeSeriesPanel = new TimeSeries()
  .id(PANELS.operations.seriesBudget)
  .title('Active series vs budget')
  .description(
    `Series in Prometheus' head block, against the budget of ${schema.seriesBudget.toLocaleString('en')} active series (spec 11.2); the area turns orange at 80 % and red above the budget.`,
  )
  .gridPos(at(16, 8, 8, 8))
  .min(0)
  .thresholds(thresholds('green', [schema.seriesBudget * 0.8, 'orange'], [schema.seriesBudget, 'red']))
  .thresholdsStyle(thresholdLine())
  .withTarget(prom('A', promql`sum(prometheus_tsdb_head_series)`, 'active series'));

const agentsActivePanel = new TimeSeries()
  .id(PANELS.operations.agentsActive)
  .title('Active agents and spawn rate by agent type')
  .description(
    'Agents running now by agent type (left axis), and agents spawned per minute (right axis, dashed; agent_type:aqe_agent_spawn:rate5m). A new agent type (NewAgentDeployed) shows up here first.',
  )
  .gridPos(at(0, 16, 12, 8))
  .min(0)
  .withTarget(prom('A', promql`sum by (${agentType}) (${agentsActive}{${agentTypes}})`, '{{agent_type}} active'))
  .withTarget(prom('B', promql`sum by (${agentType}) (${spawnRate}{${agentTypes}}) * 60`, '{{agent_type}} spawns / min'))
  .overrideByQuery('B', [
    { id: 'custom.axisPlacement', value: 'right' },
    { id: 'custom.axisLabel', value: 'spawns / min' },
    { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
  ]);

const queueDepthPanel = new TimeSeries()
  .id(7)
  .title('Task queue depth by priority')
  .description('Tasks waiting for an agent, by priority. A queue that keeps growing means too few agents: scale on it (spec 10.2).')
  .gridPos(at(12, 16, 12, 8))
  .min(0)
  .withTarget(prom('A', promql`sum by (${priority}) (${queueDepth})`, '{{priority}}'));

const throughputPanel = new TimeSeries()
  .id(8)
  .title('Throughput: tasks completed per second by agent type')
  .description('Rate of aqe_task_completed_total by agent type. Read it next to the queue depth: a growing queue with flat throughput is a capacity problem.')
  .gridPos(at(0, 24, 12, 8))
  .min(0)
  .unit('reqps')
  .withTarget(prom('A', promql`sum by (${agentType}) (rate(${tasksCompleted}{${agentTypes}}[${RATE_INTERVAL}]))`, '{{agent_type}}'));

const operationLatencyPanel = new TimeSeries()
  .id(9)
  .title('Operation latency P95 by operation type')
  .description('95th percentile of aqe_operation_duration_seconds by operation type (agent spawn, model call, tool call, memory, workflow...).')
  .gridPos(at(12, 24, 12, 8))
  .unit('s')
  .withTarget(
    prom('A', promql`histogram_quantile(0.95, sum by (${operationType}, le) (rate(${bucket(operationDuration)}[${RATE_INTERVAL}])))`, '{{operation_type}}'),
  );

const rejectedTotalPanel = new Stat()
  .id(10)
  .title('Label values rejected')
  .description('Label values recorded as "other" over the time range: outside a label\'s value set, or past an open label\'s cap.')
  .gridPos(at(0, 32, 4, 4))
  .reduceOptions(lastValue())
  .decimals(0)
  .colorMode(BigValueColorMode.Background)
  .graphMode(BigValueGraphMode.None)
  .thresholds(thresholds('green', [1, 'orange']))
  .withTarget(promInstant('A', promql`sum(increase(${rejectedLabelValues}[${RANGE}])) or vector(0)`, 'rejected'));

const exportFailuresTotalPanel = new Stat()
  .id(11)
  .title('Export batches lost')
  .description('Telemetry batches (traces, metrics, logs) that failed to export over the time range. Their data is gone.')
  .gridPos(at(0, 36, 4, 4))
  .reduceOptions(lastValue())
  .decimals(0)
  .colorMode(BigValueColorMode.Background)
  .graphMode(BigValueGraphMode.None)
  .thresholds(thresholds('green', [1, 'red']))
  .withTarget(promInstant('A', promql`sum(increase(${exportFailures}[${RANGE}])) or vector(0)`, 'lost'));

const rejectedRatePanel = new TimeSeries()
  .id(PANELS.operations.rejectedLabels)
  .title('Rejected label values by metric and label')
  .description('Label values recorded as "other" per second, by metric and label: an unknown value (fix the label set in schema/labels.ts or the caller) or an open label past its cap.')
  .gridPos(at(4, 32, 7, 8))
  .min(0)
  .withTarget(prom('A', promql`sum by (${telemetryMetric}, ${telemetryLabel}) (rate(${rejectedLabelValues}[${RATE_INTERVAL}]))`, '{{metric}} {{label}}'));

const exportFailuresRatePanel = new TimeSeries()
  .id(PANELS.operations.exportFailures)
  .title('Export failures by signal and exporter')
  .description('Export batches failed per second, by signal (traces, metrics, logs) and exporter. Every failed batch is data lost.')
  .gridPos(at(11, 32, 7, 8))
  .min(0)
  .withTarget(prom('A', promql`sum by (${telemetrySignal}, ${exporterName}) (rate(${exportFailures}[${RATE_INTERVAL}]))`, '{{signal}} {{exporter}}'));

const scrapeSamplesPanel = new TimeSeries()
  .id(14)
  .title('Samples per scrape by job')
  .description('Samples each job returned in its last scrapes, summed over its targets. A jump is new series (cardinality); a drop to 0 is a target that stopped exporting.')
  .gridPos(at(18, 32, 6, 8))
  .min(0)
  .withTarget(prom('A', promql`sum by (job) (scrape_samples_scraped)`, '{{job}}'));

const collectorThroughputPanel = new TimeSeries()
  .id(15)
  .title('Collector: items in and out')
  .description('What the collector replicas accepted from agents and sent on (metrics to Prometheus, spans to Jaeger, logs to Loki), per second. "In" well above "out" is data held in queues or lost.')
  .gridPos(at(0, 40, 12, 8))
  .min(0)
  .withTarget(prom('A', promql`sum(rate(otelcol_receiver_accepted_metric_points[${RATE_INTERVAL}]))`, 'metric points in'))
  .withTarget(prom('B', promql`sum(rate(otelcol_exporter_sent_metric_points[${RATE_INTERVAL}]))`, 'metric points out'))
  .withTarget(prom('C', promql`sum(rate(otelcol_receiver_accepted_spans[${RATE_INTERVAL}]))`, 'spans in'))
  .withTarget(prom('D', promql`sum(rate(otelcol_exporter_sent_spans[${RATE_INTERVAL}]))`, 'spans out'))
  .withTarget(prom('E', promql`sum(rate(otelcol_receiver_accepted_log_records[${RATE_INTERVAL}]))`, 'log records in'))
  .withTarget(prom('F', promql`sum(rate(otelcol_exporter_sent_log_records[${RATE_INTERVAL}]))`, 'log records out'));

const collectorLossPanel = new TimeSeries()
  .id(PANELS.operations.collectorRefusedFailed)
  .title('Collector: refused and failed')
  .description('Items the collector refused (memory_limiter under pressure: agents retry, then drop) and items its exporters failed to send (a backend down), per second. Anything above 0 is telemetry at risk; see the collector runbook in docs/troubleshooting.md.')
  .gridPos(at(12, 40, 12, 8))
  .min(0)
  .withTarget(prom('A', promql`sum(rate(otelcol_receiver_refused_metric_points[${RATE_INTERVAL}])) or vector(0)`, 'metric points refused'))
  .withTarget(prom('B', promql`sum(rate(otelcol_receiver_refused_spans[${RATE_INTERVAL}])) or vector(0)`, 'spans refused'))
  .withTarget(prom('C', promql`sum(rate(otelcol_receiver_refused_log_records[${RATE_INTERVAL}])) or vector(0)`, 'log records refused'))
  .withTarget(prom('D', promql`sum(rate(otelcol_exporter_send_failed_spans[${RATE_INTERVAL}])) or vector(0)`, 'spans failed to send'))
  .withTarget(prom('E', promql`sum(rate(otelcol_exporter_send_failed_log_records[${RATE_INTERVAL}])) or vector(0)`, 'log records failed to send'));

export const operations: DashboardSource = {
  file: 'dashboards-src/operations.ts',
  dashboard: baseDashboard({
    uid: DASHBOARD_UIDS.operations,
    title: 'AQE Fleet: Operations',
    description: 'System health, firing alerts, resource use, fleet load and the health of telemetry itself.',
    from: 'now-6h',
    tags: ['operations'],
  })
    .withVariable(labelVariable(agentType, agentSpawns, 'Agent type'))
    .withPanel(targetsUpPanel)
    .withPanel(firingAlertsPanel)
    .withPanel(memoryPanel)
    .withPanel(cpuPanel)
    .withPanel(activeSeriesPanel)
    .withPanel(agentsActivePanel)
    .withPanel(queueDepthPanel)
    .withPanel(throughputPanel)
    .withPanel(operationLatencyPanel)
    .withPanel(rejectedTotalPanel)
    .withPanel(exportFailuresTotalPanel)
    .withPanel(rejectedRatePanel)
    .withPanel(exportFailuresRatePanel)
    .withPanel(scrapeSamplesPanel)
    .withPanel(collectorThroughputPanel)
    .withPanel(collectorLossPanel)
    .build(),
};
