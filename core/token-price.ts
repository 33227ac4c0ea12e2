/**
 * A price in USD per million tokens: one number, or tiered by the call's input tokens the way
 * @pydantic/genai-prices prices some models (Claude Sonnet 4.5 and Gemini 2.5 Pro cost more
 * above 200k input tokens). The schema's hand prices, the generated table and runtime/cost.ts
 * all use this shape.
 */
export type PerMillion = number | TieredPerMillion;

/**
 * `base` applies up to the first tier; a tier's `price` applies to every token of a call whose
 * input tokens (cache reads and writes included) are more than its `start`. Where several
 * tiers are passed, the last one listed wins, as in the package's calcPrice.
 */
export interface TieredPerMillion {
  readonly base: number;
  readonly tiers: readonly { readonly start: number; readonly price: number }[];
}

/** The four prices of a model call, one per kind of token as providers bill them. */
export interface TokenPrices {
  readonly inputPerMillion: PerMillion;
  readonly outputPerMillion: PerMillion;
  readonly cacheReadPerMillion: PerMillion;
  readonly cacheWritePerMillion: PerMillion;
}

/** The price per million of a call below every tier: what models are ranked by (feedback/adaptation.ts). */
export function basePerMillion(price: PerMillion): number {
  return typeof price === 'number' ? price : price.base;
}
