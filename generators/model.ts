import type { GenAiBinding, MetricDefinition, Schema } from '../schema/define';
import { DiagnosticCollector } from './diagnostics';
import type { Model } from './model-types';
import { checkMetricCollisions, resolveLabels, resolveMetric } from './resolve-metrics';
import { resolveSpans } from './resolve-spans';
import { resolvePrices } from './resolve-prices';

/** The labels of a model call's standard metrics that recordTokenUsage fills (the conventions' keys). */
export const GENAI_CALL_LABELS = ['gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model'] as const;
export const GENAI_TOKEN_TYPE = 'gen_ai.token.type';

/**
 * Validates the schema and resolves it into the Model every generator works from.
 * Throws one DiagnosticError listing every problem found, each with place and fix.
 */
export function buildModel(schema: Schema): Model {
  const diagnostics = new DiagnosticCollector();
  const model = resolveModel(schema, diagnostics);
  diagnostics.throwIfAny();
  return model;
}

/**
 * The model with its problems left in `diagnostics`: later checks (rules, dashboards) can
 * still run against it, so one run reports the problems of every area.
 */
export function resolveModel(schema: Schema, diagnostics: DiagnosticCollector): Model {
  const labels = resolveLabels(schema.labels, diagnostics);
  const metrics = Object.entries(schema.metrics)
    .map(([helperName, metric]) => resolveMetric(helperName, metric, labels, diagnostics))
    .sort((a, b) => a.otelName.localeCompare(b.otelName));
  checkMetricCollisions(metrics, diagnostics);

  const totalWorstCaseSeries = metrics.reduce((n, m) => n + m.worstCaseSeries, 0);
  if (totalWorstCaseSeries > schema.seriesBudget) {
    const largest = [...metrics].sort((a, b) => b.worstCaseSeries - a.worstCaseSeries).slice(0, 3);
    diagnostics.add(
      'schema (all metrics)',
      `worst case ${totalWorstCaseSeries} series is over the budget of ${schema.seriesBudget} (spec 11.2)`,
      `reduce the largest: ${largest.map((m) => `${m.otelName} (${m.worstCaseSeries})`).join(', ')}`,
    );
  }

  const helperOf = (role: string, def: MetricDefinition, needs: readonly string[] = []): string => {
    const entry = Object.entries(schema.metrics).find(([, m]) => m === def);
    if (!entry) {
      diagnostics.add(`schema ${role}`, `metric ${def.name} is not one of schema.metrics`, 'export it from schema/metrics/all.ts');
      return '';
    }
    const labelNames = def.labels.map((l) => l.name);
    for (const needed of needs) {
      if (!labelNames.includes(needed)) diagnostics.add(`schema ${role} (${def.name})`, `the runtime reports through a label named ${needed}, which the metric lacks`, `add a label named ${needed}`);
    }
    return entry[0];
  };
  const costLabels = schema.tokenUsage.cost.labels.map((l) => l.name);
  const tokenCounter = (role: string, def: MetricDefinition): string => {
    for (const label of def.labels) {
      if (!costLabels.includes(label.name)) {
        diagnostics.add(`schema tokenUsage.${role} (${def.name})`, `label ${label.name} is not a label of the cost metric, so recordTokenUsage has no value for it`, `add ${label.name} to ${schema.tokenUsage.cost.name} or remove it here`);
      }
    }
    return helperOf(`tokenUsage.${role}`, def);
  };

  // priceOfCall (out/instrumentation/prices.ts) counts an unpriced call by the model name, its one label.
  const unpricedCallsHelper = (): string => {
    const def = schema.health.unpricedCalls;
    const [label, ...more] = def.labels;
    if (def.kind !== 'counter' || label?.kind !== 'open' || more.length > 0) {
      diagnostics.add(`schema health.unpricedCalls (${def.name})`, 'priceOfCall counts an unpriced call by the model name alone', 'make it a counter with one open label, capped');
    }
    return helperOf('health.unpricedCalls', def);
  };

  // recordTokenUsage fills these keys of the standard metrics (out/instrumentation/token-usage.ts).
  const resolveGenAi = (binding: GenAiBinding): NonNullable<Model['genAi']> => {
    const exactly = (role: string, def: MetricDefinition, keys: readonly string[]): string => {
      const helper = helperOf(role, def, keys);
      const extra = def.labels.map((l) => l.name).filter((n) => !keys.includes(n));
      if (extra.length > 0) diagnostics.add(`schema ${role} (${def.name})`, `recordTokenUsage has no value for label ${extra.join(', ')}`, `give it only the labels ${keys.join(', ')}`);
      return helper;
    };
    return {
      metrics: binding.metrics,
      optIn: binding.optIn,
      otherErrorType: binding.otherErrorType,
      operation: binding.operation,
      tokenUsage: exactly('genAi.tokenUsage', binding.tokenUsage, [...GENAI_CALL_LABELS, GENAI_TOKEN_TYPE]),
      timeToFirstChunk: exactly('genAi.timeToFirstChunk', binding.timeToFirstChunk, GENAI_CALL_LABELS),
      reasoningTokens: binding.reasoningTokens.name,
      streaming: { stream: binding.streaming.stream.name, timeToFirstChunk: binding.streaming.timeToFirstChunk.name },
    };
  };

  const model: Model = {
    metrics,
    labels: [...labels.values()],
    spans: resolveSpans(schema.spans, diagnostics),
    prices: resolvePrices(schema, diagnostics),
    health: {
      rejectedLabelValues: helperOf('health.rejectedLabelValues', schema.health.rejectedLabelValues, ['metric', 'label']),
      exportFailures: helperOf('health.exportFailures', schema.health.exportFailures, ['signal', 'exporter']),
      unpricedCalls: unpricedCallsHelper(),
    },
    tokenUsage: {
      inputTokens: tokenCounter('inputTokens', schema.tokenUsage.inputTokens),
      outputTokens: tokenCounter('outputTokens', schema.tokenUsage.outputTokens),
      cacheReadTokens: tokenCounter('cacheReadTokens', schema.tokenUsage.cacheReadTokens),
      cacheWriteTokens: tokenCounter('cacheWriteTokens', schema.tokenUsage.cacheWriteTokens),
      cost: helperOf('tokenUsage.cost', schema.tokenUsage.cost, ['model']),
      attributes: {
        inputTokens: schema.tokenUsage.attributes.inputTokens.name,
        outputTokens: schema.tokenUsage.attributes.outputTokens.name,
        cacheReadTokens: schema.tokenUsage.attributes.cacheReadTokens.name,
        cacheWriteTokens: schema.tokenUsage.attributes.cacheWriteTokens.name,
        cost: schema.tokenUsage.attributes.cost.name,
      },
    },
    ...(schema.genAi ? { genAi: resolveGenAi(schema.genAi) } : {}),
    seriesBudget: schema.seriesBudget,
    totalWorstCaseSeries,
  };
  return model;
}
