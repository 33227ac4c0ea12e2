/**
 * Cost of one model call: the one definition of cost = f(tokens, model). The prices come
 * from schema/prices.ts through the generated `PRICES` table.
 */

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

/** USD for the call; 0 for a model the table does not price (it is recorded as `other`). */
export function costOf(usage: TokenUsage, price: ModelPrice | undefined): number {
  if (!price) return 0;
  const tokens = (n: number | undefined) => (Number.isFinite(n) && (n as number) > 0 ? (n as number) : 0);
  return (
    (tokens(usage.inputTokens) * price.inputPerMillion +
      tokens(usage.outputTokens) * price.outputPerMillion +
      tokens(usage.cacheReadTokens) * price.cacheReadPerMillion +
      tokens(usage.cacheWriteTokens) * price.cacheWritePerMillion) /
    1_000_000
  );
}
