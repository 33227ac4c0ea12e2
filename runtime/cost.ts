/**
 * Cost of one model call: the one definition of cost = f(tokens, model). The prices come
 * from @pydantic/genai-prices (and schema/prices.ts's overrides and additions), resolved at
 * generation time into the generated `prices` table (out/instrumentation/prices.ts): the
 * package is never loaded here.
 */
import type { PerMillion, TokenPrices } from '../core/token-price';
import { MAX_RECORDED_VALUE } from './instruments';

export type { PerMillion, TieredPerMillion } from '../core/token-price';

/** USD per million tokens of each kind, each a number or tiered by the call's input tokens. */
export interface ModelPrice extends TokenPrices {
  readonly model: string;
  readonly provider: string;
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
  /**
   * Of the output tokens, those the model spent reasoning (OpenAI's `reasoning_tokens`,
   * Anthropic's thinking): already in `outputTokens` and priced with them, recorded on the span.
   */
  readonly reasoningTokens?: number;
  /** A streaming call: seconds from the request to the first chunk of the answer. */
  readonly timeToFirstChunkSeconds?: number;
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
 *
 * A tiered price applies by the call's whole input (uncached, cache reads and cache writes),
 * to every kind of token priced in tiers, as @pydantic/genai-prices' calcPrice does: a call
 * of 250k input tokens to Claude Sonnet 4.5 pays the above-200k price for all of them.
 *
 * @example costOf({ inputTokens: 1_000, outputTokens: 200 }, priceByModel.get('gpt-5'))
 */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price || typeof usage !== 'object' || usage === null) return 0;
  try {
    const input = tokenCount(usage.inputTokens);
    const cacheRead = tokenCount(usage.cacheReadTokens);
    const cacheWrite = tokenCount(usage.cacheWriteTokens);
    const wholeInput = input + cacheRead + cacheWrite;
    const usd =
      (input * perMillionAt(price.inputPerMillion, wholeInput) +
        tokenCount(usage.outputTokens) * perMillionAt(price.outputPerMillion, wholeInput) +
        cacheRead * perMillionAt(price.cacheReadPerMillion, wholeInput) +
        cacheWrite * perMillionAt(price.cacheWritePerMillion, wholeInput)) /
      1_000_000;
    return Number.isFinite(usd) && usd >= 0 ? usd : 0;
  } catch {
    return 0;
  }
}

/** The price per million that applies to a call of `wholeInput` input tokens; NaN if malformed (costOf then charges 0). */
function perMillionAt(price: PerMillion, wholeInput: number): number {
  if (typeof price === 'number') return price;
  let applies = price.base;
  for (const tier of price.tiers) if (wholeInput > tier.start) applies = tier.price;
  return typeof applies === 'number' ? applies : Number.NaN;
}
