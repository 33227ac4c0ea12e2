import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  HeatmapCellLayout,
  LegendDisplayMode,
  LegendPlacement,
  LogsDedupStrategy,
  LogsSortOrder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TableSortByFieldStateBuilder,
  TooltipDisplayMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { TextBoxVariableBuilder, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as Heatmap, RowsHeatmapOptionsBuilder, YAxisConfigBuilder } from '@grafana/grafana-foundation-sdk/heatmap';
import { PanelBuilder as Logs } from '@grafana/grafana-foundation-sdk/logs';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { agentErrors, agentSpawns, agentsActive } from '../schema/metrics/agent';
import { operationDuration } from '../schema/metrics/performance';
import { agentType, errorType, operationType, taskType } from '../schema/labels';
import { bucket, promql } from '../core/promql';
import { durationBuckets, durationP50, durationP95, durationP99, failureRatio } from './recordings';
import { THRESHOLDS } from '../schema/thresholds';
import { at, baseDashboard, dataquery, labelVariable, matchVariable, prom, promInstant, rawQuery, RATE_INTERVAL, recorded, thresholds, type DashboardSource, thresholdLine } from './common';
import { JAEGER, LOKI } from './datasources';
import { DASHBOARD_UIDS, PANELS } from '../core/dashboard-uids';

/**
 * Developer console (spec 7.2): find a trace, read its spans and its logs, and see which
 * agent types fail or slow down. Traces come from Jaeger, logs from Loki (Loki 3 keeps
 * the OTLP trace id as structured metadata), numbers from Prometheus recording rules.
 */

const agentTypes = matchVariable(agentType);

/** A time series with one line per agent type (or error type...): legend shown, all series in the tooltip. */
const timeSeries = () =>
  new TimeSeries()
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom))
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));

// Template variables of the trace panels. Jaeger's search takes exact values, not the
// regex that `$agent_type` becomes with "All", so trace search has its own text boxes.
const SERVICE = 'service';
const OPERATION = 'operation';
const TRACE_TAGS = 'trace_tags';
const MIN_DURATION = 'min_duration';
const TRACE_ID = 'trace_id';

const textBox = (name: string, label: string, description: string, value = '') =>
  new TextBoxVariableBuilder(name).label(label).description(description).defaultValue(value).current({ text: value, value });

const serviceVariable = textBox(SERVICE, 'Service', 'service.name of the agents in Jaeger (the runtime default is aqe-agent).', 'aqe-agent');
const operationVariable = textBox(OPERATION, 'Operation', 'Span name to search for, e.g. "invoke_agent qe-test-generator"; empty for all.');
const traceTagsVariable = textBox(TRACE_TAGS, 'Trace tags', 'Span attributes in logfmt, e.g. aqe.agent.type=qe-test-generator aqe.task.type=unit-test-generation error=true');
const minDurationVariable = textBox(MIN_DURATION, 'Min duration', 'Only traces at least this long, e.g. 30s or 500ms; empty for all.');
const traceIdVariable = textBox(TRACE_ID, 'Trace ID', 'The trace the waterfall and the correlated logs show: click a Trace ID in a trace table, or paste one.');

/** Clicking a trace id in a table reopens this dashboard with that trace in the waterfall and logs. */
const openTraceHere = [
  {
    id: 'links',
    value: [
      {
        title: 'Show trace ${__value.raw} in the waterfall and logs below',
        url:
          `/d/${DASHBOARD_UIDS.developer}?\${__url_time_range}&\${${agentType.name}:queryparam}&\${${SERVICE}:queryparam}` +
          `&\${${OPERATION}:queryparam}&\${${TRACE_TAGS}:queryparam}&\${${MIN_DURATION}:queryparam}&var-${TRACE_ID}=\${__value.raw}`,
      },
    ],
  },
];

const traceTable = (id: number, title: string, description: string, query: Record<string, unknown>, pos: ReturnType<typeof at>) =>
  new Table()
    .id(id)
    .title(title)
    .description(description)
    .gridPos(pos)
    .datasource(JAEGER)
    .sortBy([new TableSortByFieldStateBuilder().displayName('Start time').desc(true)])
    .overrideByName('traceID', openTraceHere)
    .withTarget(rawQuery({ refId: 'A', datasource: JAEGER, queryType: 'search', service: `$${SERVICE}`, limit: 20, ...query }));

const traceSearchPanel = traceTable(
  1,
  'Trace search',
  'Which traces match what I am looking for? Jaeger search over the service, operation, span tags (logfmt, e.g. aqe.agent.type=qe-test-generator error=true) and minimum duration set in the variables above; 20 most recent matches. Click a Trace ID to open it below.',
  { operation: `$${OPERATION}`, tags: `$${TRACE_TAGS}`, minDuration: `$${MIN_DURATION}` },
  at(0, 0, 12, 9),
);

const recentTracesPanel = traceTable(
  2,
  'Recent traces',
  'What did the agents do last? The 20 most recent traces of the service, unfiltered. A trace shows here only once its spans have ended; runs still going are in "Active agents". Click a Trace ID to open it below.',
  {},
  at(12, 0, 12, 9),
);

/** The foundation SDK has no builder for the traces panel: the panel JSON, built by hand. */
const spanWaterfallPanel: cog.Builder<Panel> = {
  build: () => ({
    type: 'traces',
    id: 3,
    title: 'Span waterfall: $trace_id',
    description:
      'Where did the time of this run go, and which span failed? Every span of the trace in $trace_id (click a trace id above or paste one): model calls, tool calls, memory reads and writes under the agent run. Spans with errors are marked; their attributes carry error.type and the exception.',
    gridPos: at(0, 9, 24, 13),
    datasource: JAEGER,
    targets: [dataquery({ refId: 'A', datasource: JAEGER, query: `$${TRACE_ID}` })],
  }),
};

const correlatedLogsPanel = new Logs()
  .id(4)
  .title('Correlated logs')
  .description(
    'What did the agent log during this trace? Loki lines whose trace_id (OTLP structured metadata) starts with $trace_id; with no trace selected, every log line that has trace context. Click a line to jump to its trace.',
  )
  .gridPos(at(0, 22, 16, 10))
  .datasource(LOKI)
  .showTime(true)
  .wrapLogMessage(true)
  .enableLogDetails(true)
  .sortOrder(LogsSortOrder.Descending)
  .dedupStrategy(LogsDedupStrategy.None)
  .withTarget(rawQuery({ refId: 'A', datasource: LOKI, expr: `{service_name=~".+"} | trace_id != "" | trace_id =~ "$${TRACE_ID}.*"`, queryType: 'range' }));

const activeAgentsPanel = new Table()
  .id(7)
  .title('Active agents')
  .description(
    'What is running right now? Agents started and not yet finished, by agent type (aqe_agent_active). Jaeger only receives a span once it ends, so running operations cannot be searched as traces: this gauge is the live view.',
  )
  .gridPos(at(16, 22, 8, 10))
  .sortBy([new TableSortByFieldStateBuilder().displayName('running').desc(true)])
  .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { Value: 'running' } } })
  .withTarget(promInstant('A', promql`sum by (${agentType}) (${agentsActive}{${agentTypes}})`, '{{agent_type}}', 'table'));

const errorRatePanel = timeSeries()
  .id(PANELS.developer.errorRate)
  .title('Error rate per agent type')
  .description(
    `Which agent types fail, and since when? Share of runs ending in an error over 5 minutes (recording rule ${failureRatio.record}). What AgentFailureRate watches: above ${THRESHOLDS.agentFailureRatio * 100}% with at least ${THRESHOLDS.minRunsForFailureRatio} runs in 5 minutes, for 5 minutes, it pages.`,
  )
  .gridPos(at(0, 32, 12, 8))
  .unit('percentunit')
  .min(0)
  .thresholds(thresholds('green', [THRESHOLDS.agentFailureRatio, 'red']))
  .thresholdsStyle(thresholdLine('dashed'))
  .withTarget(prom('A', promql`${failureRatio}{${agentTypes}}`, '{{agent_type}}'));

const latencyPanel = timeSeries()
  .id(PANELS.developer.latency)
  .title('Run duration P50 / P95 / P99 by agent type')
  .description(
    `Are runs getting slower, for everyone or only the tail? Percentiles of agent run duration over 5 minutes (recording rules ${durationP95.record}). What PerformanceDegradation watches: a P95 above ${THRESHOLDS.p95DurationSeconds}s with at least ${THRESHOLDS.minRunsForLatency} runs in 5 minutes, for 10 minutes, warns. Interpolated within a bucket; 300 s is the top.`,
  )
  .gridPos(at(12, 32, 12, 8))
  .unit('s')
  .min(0)
  .thresholds(thresholds('green', [THRESHOLDS.p95DurationSeconds, 'red']))
  .thresholdsStyle(thresholdLine('dashed'))
  .withTarget(prom('A', recorded(durationP50, agentTypes), '{{agent_type}} P50'))
  .withTarget(prom('B', recorded(durationP95, agentTypes), '{{agent_type}} P95'))
  .withTarget(prom('C', recorded(durationP99, agentTypes), '{{agent_type}} P99'));

const errorsByTypePanel = timeSeries()
  .id(8)
  .title('Errors per minute by error type')
  .description(
    'What kind of error is it? Failed runs per minute of the selected agent types, stacked by error_type: model_error and rate_limited point at the provider, timeout at slow calls, validation_error at a prompt or schema change, tool_error and dependency_unavailable at infrastructure, crash at the agent itself.',
  )
  .gridPos(at(0, 40, 12, 8))
  .min(0)
  .fillOpacity(40)
  .stacking(new StackingConfigBuilder().mode(StackingMode.Normal))
  .withTarget(prom('A', promql`sum by (${errorType}) (rate(${agentErrors}{${agentTypes}}[${RATE_INTERVAL}])) * 60`, '{{error_type}}'));

const durationDistributionPanel = new Heatmap()
  .id(9)
  .title('Run duration distribution')
  .description(
    'How are run durations spread: one slow mode or a long tail? Agent runs of the selected agent types per second in each duration bucket of aqe_agent_duration_seconds (0.1 s to 300 s, and above).',
  )
  .gridPos(at(12, 40, 12, 8))
  .calculate(false)
  .rowsFrame(new RowsHeatmapOptionsBuilder().layout(HeatmapCellLayout.Le))
  .yAxis(new YAxisConfigBuilder().unit('s'))
  .withTarget(
    prom('A', promql`sum by (le) (${durationBuckets}{${agentTypes}})`, '{{le}}').format(PromQueryFormat.Heatmap),
  );

const p95ByTaskTypePanel = timeSeries()
  .id(10)
  .title('Run duration P95 by task type')
  .description('Which kind of work got slow? P95 run duration of the selected agent types, split by task_type.')
  .gridPos(at(0, 48, 12, 8))
  .unit('s')
  .min(0)
  .withTarget(prom('A', promql`histogram_quantile(0.95, sum by (${taskType}, le) (${durationBuckets}{${agentTypes}}))`, '{{task_type}}'));

const operationLatencyPanel = timeSeries()
  .id(11)
  .title('Model, tool and memory call latency P95 (fleet-wide)')
  .description(
    'Is the model provider, a tool or the fleet memory slow? P95 duration of model calls, tool calls and memory reads and writes (aqe_operation_duration_seconds). It has no agent_type label, so it covers the whole fleet whatever agent type is selected.',
  )
  .gridPos(at(12, 48, 12, 8))
  .unit('s')
  .min(0)
  .withTarget(
    prom(
      'A',
      promql`histogram_quantile(0.95, sum by (${operationType}, le) (rate(${bucket(operationDuration)}{${operationType}=~"model_call|tool_call|memory_read|memory_write"}[${RATE_INTERVAL}])))`,
      '{{operation_type}}',
    ),
  );

export const developer: DashboardSource = {
  file: 'dashboards-src/developer.ts',
  dashboard: baseDashboard({
    uid: DASHBOARD_UIDS.developer,
    title: 'AQE Fleet: Developer console',
    description: 'Traces, spans, correlated logs, errors and latency of the AQE agents, for debugging.',
    from: 'now-1h',
    tags: ['developer'],
  })
    .withVariable(labelVariable(agentType, agentSpawns, 'Agent type'))
    .withVariable(serviceVariable)
    .withVariable(operationVariable)
    .withVariable(traceTagsVariable)
    .withVariable(minDurationVariable)
    .withVariable(traceIdVariable)
    .withPanel(traceSearchPanel)
    .withPanel(recentTracesPanel)
    .withPanel(spanWaterfallPanel)
    .withPanel(correlatedLogsPanel)
    .withPanel(activeAgentsPanel)
    .withPanel(errorRatePanel)
    .withPanel(latencyPanel)
    .withPanel(errorsByTypePanel)
    .withPanel(durationDistributionPanel)
    .withPanel(p95ByTaskTypePanel)
    .withPanel(operationLatencyPanel)
    .build(),
};
