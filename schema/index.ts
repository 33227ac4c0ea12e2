import type { Schema } from './define';
import * as metrics from './metrics/all';
import * as labels from './labels';
import * as spans from './spans';
import * as attributes from './attributes';
import { PRICE_SOURCES } from './prices';
import { GENAI_METRICS, GENAI_OPT_IN, OTHER_ERROR_TYPE } from './genai-conventions';

/** The schema: the single source of truth that `npm run generate` turns into out/. */
export const schema: Schema = {
  metrics,
  labels,
  spans,
  prices: PRICE_SOURCES,
  health: {
    rejectedLabelValues: metrics.rejectedLabelValues,
    exportFailures: metrics.exportFailures,
    unpricedCalls: metrics.unpricedCalls,
  },
  tokenUsage: {
    inputTokens: metrics.inputTokens,
    outputTokens: metrics.outputTokens,
    cacheReadTokens: metrics.cacheReadTokens,
    cacheWriteTokens: metrics.cacheWriteTokens,
    cost: metrics.costUsd,
    attributes: {
      inputTokens: attributes.genAiInputTokens,
      outputTokens: attributes.genAiOutputTokens,
      cacheReadTokens: attributes.genAiCacheReadTokens,
      cacheWriteTokens: attributes.genAiCacheCreationTokens,
      cost: attributes.aqeCostUsd,
    },
  },
  genAi: {
    metrics: GENAI_METRICS,
    optIn: GENAI_OPT_IN,
    otherErrorType: OTHER_ERROR_TYPE,
    operation: 'chat',
    tokenUsage: metrics.genAiTokenUsage,
    timeToFirstChunk: metrics.genAiTimeToFirstChunk,
    reasoningTokens: attributes.genAiReasoningTokens,
    streaming: { stream: attributes.genAiRequestStream, timeToFirstChunk: attributes.genAiTimeToFirstChunk },
  },
  seriesBudget: 100_000,
};

export { metrics, labels, spans, attributes };
