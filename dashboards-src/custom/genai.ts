import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import { prometheusLabelName } from '../../core/prometheus-name';
import { bucket, count, promql, sum, type PromQL } from '../../core/promql';
import type { Label, MetricDefinition } from '../../schema/define';
import { genAiAgentName, genAiErrorType, genAiProvider, genAiRequestModel, genAiTokenType, genAiToolName } from '../../schema/labels';
import { genAiExecuteToolDuration, genAiInvokeAgentDuration, genAiOperationDuration, genAiTokenUsage } from '../../schema/metrics/genai';
import { at, baseDashboard, labelVariable, matchVariable, prom, RATE_INTERVAL, type DashboardSource } from '../common';

/**
 * The fleet through the standard GenAI metrics (schema/metrics/genai.ts), queried the way
 * off-the-shelf GenAI dashboards query them: tokens by model and token type, call duration
 * quantiles by provider and model, agent and tool durations. It reads nothing of this
 * project's own (no aqe.* metric, no recording rule), so it shows what any tool reading the
 * conventions would see. test/e2e/genai-dashboard.test.ts runs its queries on a live stack.
 */

const models = matchVariable(genAiRequestModel);
const quantile = (q: number, metric: MetricDefinition, by: PromQL) => promql`histogram_quantile(${q}, sum by (le, ${by}) (rate(${bucket(metric)}[${RATE_INTERVAL}])))`;
/** A legend of label values, by the names Prometheus gives the conventions' keys. */
const legend = (...labels: Label[]) => labels.map((l) => `{{${prometheusLabelName(l.name)}}}`).join(' ');
const byCall = promql`${genAiProvider}, ${genAiRequestModel}`;

export const genAiDashboard: DashboardSource = {
  file: 'dashboards-src/custom/genai.ts',
  dashboard: baseDashboard({
    uid: 'aqe-custom-genai',
    title: 'AQE custom: GenAI conventions',
    description: 'Token usage, model call, agent and tool durations from the OpenTelemetry GenAI metrics only.',
    from: 'now-6h',
    tags: ['custom', 'genai'],
  })
    .withVariable(labelVariable(genAiRequestModel, count(genAiTokenUsage), 'Model'))
    .withPanel(
      new TimeSeries()
        .id(1)
        .title('Tokens per second by model and token type')
        .description('Input counts cache reads and writes, as the conventions count it.')
        .gridPos(at(0, 0, 12, 8))
        .withTarget(prom('A', promql`sum by (${genAiRequestModel}, ${genAiTokenType}) (rate(${sum(genAiTokenUsage)}{${models}}[${RATE_INTERVAL}]))`, legend(genAiRequestModel, genAiTokenType))),
    )
    .withPanel(
      new TimeSeries()
        .id(2)
        .title('Model calls per second by provider and model')
        .gridPos(at(12, 0, 12, 8))
        .withTarget(prom('A', promql`sum by (${genAiProvider}, ${genAiRequestModel}) (rate(${count(genAiOperationDuration)}{${models}}[${RATE_INTERVAL}]))`, legend(genAiProvider, genAiRequestModel))),
    )
    .withPanel(
      new TimeSeries()
        .id(3)
        .title('Model call duration, P50 and P95, by provider and model')
        .unit('s')
        .gridPos(at(0, 8, 12, 8))
        .withTarget(prom('A', quantile(0.5, genAiOperationDuration, byCall), `P50 ${legend(genAiProvider, genAiRequestModel)}`))
        .withTarget(prom('B', quantile(0.95, genAiOperationDuration, byCall), `P95 ${legend(genAiProvider, genAiRequestModel)}`)),
    )
    .withPanel(
      new TimeSeries()
        .id(4)
        .title('Failed model calls per second by error type')
        .gridPos(at(12, 8, 12, 8))
        .withTarget(prom('A', promql`sum by (${genAiErrorType}) (rate(${count(genAiOperationDuration)}{${genAiErrorType}!=""}[${RATE_INTERVAL}]))`, legend(genAiErrorType))),
    )
    .withPanel(
      new TimeSeries()
        .id(5)
        .title('Agent run duration, P95, by agent')
        .unit('s')
        .gridPos(at(0, 16, 12, 8))
        .withTarget(prom('A', quantile(0.95, genAiInvokeAgentDuration, promql`${genAiAgentName}`), legend(genAiAgentName))),
    )
    .withPanel(
      new TimeSeries()
        .id(6)
        .title('Tool call duration, P95, by tool')
        .unit('s')
        .gridPos(at(12, 16, 12, 8))
        .withTarget(prom('A', quantile(0.95, genAiExecuteToolDuration, promql`${genAiToolName}`), legend(genAiToolName))),
    )
    .build(),
};
