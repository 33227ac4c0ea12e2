import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { priceByModel, prices } from '../../out/instrumentation/prices';
import { costOf, type TokenUsage } from '../../runtime/cost';
import { PRICE_SOURCES } from '../../schema/prices';

/**
 * The generated price table (out/instrumentation/prices.ts) against @pydantic/genai-prices' own
 * calcPrice for the same call: the numbers are derived from the package at test time, never
 * copied, so a table that drifted from the pinned package fails here.
 */

const ROOT = resolve(__dirname, '../..');
const pin = (JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@pydantic/genai-prices'];
const providerOf = (model: string) => PRICE_SOURCES.models.find((m) => m.model === model)!.provider;
/** The package's prices for this call; it counts cache reads and writes as input tokens too. */
function packageUsd(model: string, u: TokenUsage): number {
  const cacheRead = u.cacheReadTokens ?? 0;
  const cacheWrite = u.cacheWriteTokens ?? 0;
  const usage = { input_tokens: u.inputTokens + cacheRead + cacheWrite, output_tokens: u.outputTokens, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite };
  const result = calcPrice(usage, model, { providerId: providerOf(model), timestamp: new Date('9999-12-31T00:00:00Z') });
  if (!result) throw new Error(`the package does not price ${model}`);
  return result.total_price;
}
const M = 1_000_000;
const ONE_OF_EACH: Readonly<Record<string, TokenUsage>> = {
  input: { inputTokens: M, outputTokens: 0 },
  output: { inputTokens: 0, outputTokens: M },
  'cache read': { inputTokens: 0, outputTokens: 0, cacheReadTokens: 100_000 },
  'cache write': { inputTokens: 0, outputTokens: 0, cacheWriteTokens: 100_000 },
  'a mixed call': { inputTokens: 12_345, outputTokens: 678, cacheReadTokens: 50_000, cacheWriteTokens: 9_000 },
};
// Anthropic with cache writes, OpenAI without (the package bills them as input), Gemini, and the two tiered.
const KNOWN = ['claude-haiku-4-5', 'claude-opus-4-1', 'gpt-5-mini', 'gpt-4o', 'gemini-2.5-flash', 'claude-sonnet-4-5', 'gemini-2.5-pro'];

describe('the generated price table', () => {
  it(`names the pinned package version it was read from (${pin})`, () => {
    expect(prices.source).toBe(`@pydantic/genai-prices@${pin}`);
    expect(readFileSync(resolve(ROOT, 'out/instrumentation/prices.ts'), 'utf8')).toContain(`@pydantic/genai-prices@${pin}`);
  });

  it('prices every model schema/prices.ts lists, and no other', () => {
    expect(prices.models.map((p) => p.model).sort()).toEqual(PRICE_SOURCES.models.map((m) => m.model).sort());
  });

  describe.each(KNOWN)('%s', (model) => {
    it.each(Object.entries(ONE_OF_EACH))('costs what the package says for %s', (_, usage) => {
      expect(costOf(usage, priceByModel.get(model))).toBeCloseTo(packageUsd(model, usage), 12);
    });
  });

  it('carries the tiers: a tiered model costs what the package says on both sides of each tier start', () => {
    const tiered = prices.models.filter((p) => typeof p.inputPerMillion === 'object');
    expect(tiered.map((p) => p.model)).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'gemini-2.5-pro']));
    for (const p of tiered) {
      const starts = typeof p.inputPerMillion === 'object' ? p.inputPerMillion.tiers.map((t) => t.start) : [];
      for (const start of starts) {
        for (const input of [start - 1, start, start + 1, start * 2]) {
          // The tier is chosen by the whole input: uncached, cache reads and writes together.
          const usage = { inputTokens: input - 30_000, outputTokens: 2_000, cacheReadTokens: 20_000, cacheWriteTokens: 10_000 };
          expect(costOf(usage, p), `${p.model} at ${input} input tokens`).toBeCloseTo(packageUsd(p.model, usage), 12);
        }
      }
    }
  });

  it('is literals: neither the table nor the runtime that prices a call loads the package', () => {
    for (const file of ['out/instrumentation/prices.ts', 'out/instrumentation/token-usage.ts', 'runtime/cost.ts', 'core/token-price.ts']) {
      expect(readFileSync(resolve(ROOT, file), 'utf8'), file).not.toMatch(/(from|import|require)\s*\(?\s*['"]@pydantic\/genai-prices/);
    }
  });

  it('is read from the bundled data, never updated from the network', () => {
    expect(readFileSync(resolve(ROOT, 'generators/resolve-prices.ts'), 'utf8')).not.toMatch(/updatePrices|waitForUpdate|REMOTE_DATA_JSON_URL/);
  });
});
