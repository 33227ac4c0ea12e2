import type { PriceSources } from './define';

/**
 * The models the fleet calls, and where their prices come from.
 *
 * Prices come from `@pydantic/genai-prices` (the data behind Logfire, pinned in package.json),
 * read by `npm run generate` from the data bundled in the installed package and written into
 * out/instrumentation/prices.ts with the package version: the package is never fetched (its
 * auto-update is not used) and never loaded by agents. To take new prices, move the pin and
 * regenerate; review the diff of out/instrumentation/prices.ts.
 *
 * - `models`: every model agents call, with its `gen_ai.provider.name` (schema/attributes.ts).
 *   The `model` label's value set is this list: a model not listed is recorded as
 *   `model="other"` at cost 0, counted as a rejected label value and as an unpriced call, and
 *   named in `aqe telemetry report weekly`.
 * - `overrides`: a listed model whose price you negotiated: the kinds given replace the
 *   package's, e.g. `{ model: 'gpt-5', reason: 'enterprise contract from 2026-06-01', inputPerMillion: 1 }`.
 * - `additions`: a listed model the package does not know, priced by hand with the date and the
 *   page it was read from, e.g. `{ model: 'acme-1', takenOn: '2026-11-30', source: 'https://acme.example/pricing',
 *   inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.2, cacheWritePerMillion: 0 }`.
 *   Once the package knows it, generation says so: drop the addition.
 *
 * A price is USD per million tokens, a number or tiered by the call's input tokens
 * (`{ base: 3, tiers: [{ start: 200_000, price: 6 }] }`, see core/token-price.ts).
 */
export const PRICE_SOURCES: PriceSources = {
  currency: 'USD',
  models: [
    { model: 'claude-opus-4-1', provider: 'anthropic' },
    { model: 'claude-sonnet-4-5', provider: 'anthropic' },
    { model: 'claude-haiku-4-5', provider: 'anthropic' },
    { model: 'gpt-5', provider: 'openai' },
    { model: 'gpt-5-mini', provider: 'openai' },
    { model: 'gpt-4o', provider: 'openai' },
    { model: 'gpt-4o-mini', provider: 'openai' },
    { model: 'gemini-2.5-pro', provider: 'gcp.gemini' },
    { model: 'gemini-2.5-flash', provider: 'gcp.gemini' },
  ],
  overrides: [],
  additions: [],
};

export const MODEL_NAMES = PRICE_SOURCES.models.map((m) => m.model);
