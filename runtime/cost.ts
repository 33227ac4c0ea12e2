/**
 * Cost of one model call: the one definition of cost = f(tokens, model). The prices come
 * from schema/prices.ts through the generated `prices` table (out/instrumentation/prices.ts).
 */
import { MAX_RECORDED_VALUE } from './instruments';

export interface ModelPrice {
  readonly model: string;
  readonly provider: string;
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly cacheReadPerMillion: number;
  readonly cacheWritePerMillion: number;
}

/**
 * Tokens of one call, split the way providers bill them. `inputTokens` excludes tokens
 * read from or written to the prompt cache (Anthropic reports it that way; for OpenAI,
 * subtract `cached_tokens` from `prompt_tokens`).
 */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadTokens?: number;
  readonly cacheWriteTokens?: number;
}

/**
 * A token count as the metrics record it: a number from 0 to {@link MAX_RECORDED_VALUE}, else
 * 0. The counters drop what is out of that range, so the cost must not charge for it either.
 */
export function tokenCount(n: unknown): number {
  return typeof n === 'number' && n > 0 && n <= MAX_RECORDED_VALUE ? n : 0;
}

/**
 * USD for the call; 0 for a model the table does not price (it is recorded as `other`), and
 * for usage an untyped caller got wrong (undefined, a Proxy): a cost is never NaN or Infinity.
 */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price || typeof usage !== 'object' || usage === null) return 0;
  try {
    const usd =
      (tokenCount(usage.inputTokens) * price.inputPerMillion +
        tokenCount(usage.outputTokens) * price.outputPerMillion +
        tokenCount(usage.cacheReadTokens) * price.cacheReadPerMillion +
        tokenCount(usage.cacheWriteTokens) * price.cacheWritePerMillion) /
      1_000_000;
    return Number.isFinite(usd) && usd >= 0 ? usd : 0;
  } catch {
    return 0;
  }
}
