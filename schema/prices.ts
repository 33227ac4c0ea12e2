import type { PriceTable } from './define';

/**
 * Model prices, USD per million tokens, read from the providers' public price pages on
 * `takenOn`. Cost is computed from this table only (runtime/cost.ts); when a provider
 * changes a price, change it here and regenerate. Models not listed are recorded with
 * `model="other"` and cost 0, and counted as rejected label values, so a missing price
 * shows up on the operations dashboard instead of silently under-reporting spend.
 *
 * `cacheWritePerMillion` is 0 where the provider does not bill cache writes separately.
 */
export const PRICES: PriceTable = {
  takenOn: '2025-11-01',
  currency: 'USD',
  models: [
    { model: 'claude-opus-4-1', provider: 'anthropic', inputPerMillion: 15, outputPerMillion: 75, cacheReadPerMillion: 1.5, cacheWritePerMillion: 18.75 },
    { model: 'claude-sonnet-4-5', provider: 'anthropic', inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
    { model: 'claude-haiku-4-5', provider: 'anthropic', inputPerMillion: 1, outputPerMillion: 5, cacheReadPerMillion: 0.1, cacheWritePerMillion: 1.25 },
    { model: 'gpt-5', provider: 'openai', inputPerMillion: 1.25, outputPerMillion: 10, cacheReadPerMillion: 0.125, cacheWritePerMillion: 0 },
    { model: 'gpt-5-mini', provider: 'openai', inputPerMillion: 0.25, outputPerMillion: 2, cacheReadPerMillion: 0.025, cacheWritePerMillion: 0 },
    { model: 'gpt-4o', provider: 'openai', inputPerMillion: 2.5, outputPerMillion: 10, cacheReadPerMillion: 1.25, cacheWritePerMillion: 0 },
    { model: 'gpt-4o-mini', provider: 'openai', inputPerMillion: 0.15, outputPerMillion: 0.6, cacheReadPerMillion: 0.075, cacheWritePerMillion: 0 },
    { model: 'gemini-2.5-pro', provider: 'gcp.gemini', inputPerMillion: 1.25, outputPerMillion: 10, cacheReadPerMillion: 0.31, cacheWritePerMillion: 0 },
    { model: 'gemini-2.5-flash', provider: 'gcp.gemini', inputPerMillion: 0.3, outputPerMillion: 2.5, cacheReadPerMillion: 0.075, cacheWritePerMillion: 0 },
  ],
};

export const MODEL_NAMES = PRICES.models.map((m) => m.model);
