// Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.

import { trace } from '@opentelemetry/api';
import { costOf, type TokenUsage } from '../../runtime/cost';
import { cacheReadTokens, cacheWriteTokens, costUsd, inputTokens, outputTokens, type CostUsdLabels } from './metrics';
import { PRICE_BY_MODEL } from './prices';

export type { TokenUsage };

/**
 * Records one model call: the token counters, its cost from the price table, and the
 * `gen_ai.usage.*` attributes (plus its cost) on the active span. Returns the cost in USD.
 * A model missing from the price table costs 0 and is recorded as `other`, and counted.
 *
 * @example
 * recordTokenUsage({ agent_type: "qe-test-generator", model: "claude-opus-4-1", task_type: "unit-test-generation" }, { inputTokens: 1200, outputTokens: 300, cacheReadTokens: 5000 });
 */
export function recordTokenUsage(labels: CostUsdLabels, usage: TokenUsage): number {
  try {
    inputTokens.add(usage.inputTokens, { agent_type: labels["agent_type"], model: labels["model"] });
    outputTokens.add(usage.outputTokens, { agent_type: labels["agent_type"], model: labels["model"] });
    cacheReadTokens.add(usage.cacheReadTokens ?? 0, { agent_type: labels["agent_type"], model: labels["model"] });
    cacheWriteTokens.add(usage.cacheWriteTokens ?? 0, { agent_type: labels["agent_type"], model: labels["model"] });
    const usd = costOf(usage, PRICE_BY_MODEL.get(labels.model));
    costUsd.add(usd, labels);
    const cacheRead = usage.cacheReadTokens ?? 0;
    const cacheWrite = usage.cacheWriteTokens ?? 0;
    trace.getActiveSpan()?.setAttributes({
      // The GenAI conventions count cached tokens as input tokens too.
      "gen_ai.usage.input_tokens": usage.inputTokens + cacheRead + cacheWrite,
      "gen_ai.usage.output_tokens": usage.outputTokens,
      "gen_ai.usage.cache_read.input_tokens": cacheRead,
      "gen_ai.usage.cache_creation.input_tokens": cacheWrite,
      "aqe.cost.usd": usd,
    });
    return usd;
  } catch {
    return 0;
  }
}
