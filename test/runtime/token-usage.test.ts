import type { SumMetricData } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { prices, recordTokenUsage, spans as helpers } from '../../out/instrumentation';
import { priceByModel, priceOfCall } from '../../out/instrumentation/prices';
import { costOf } from '../../runtime/cost';
import { unpricedModel } from '../../schema/labels';
import { inMemoryTelemetry } from '../support/in-memory-telemetry';

const { spans, metric: metricNamed } = inMemoryTelemetry();

async function sumOf(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await metricNamed<SumMetricData>(name);
  const point = metric?.dataPoints.find((p) => Object.entries(labels).every(([k, v]) => p.attributes[k] === v));
  return point?.value;
}

describe('costOf', () => {
  it('prices each kind of token at its own rate', () => {
    const price = { model: 'x', provider: 'anthropic', inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 };
    // 1M input at $3 + 0.5M output at $15 + 2M cache reads at $0.30 + 0.1M cache writes at $3.75
    expect(costOf({ inputTokens: 1_000_000, outputTokens: 500_000, cacheReadTokens: 2_000_000, cacheWriteTokens: 100_000 }, price)).toBeCloseTo(3 + 7.5 + 0.6 + 0.375, 10);
  });

  it('costs 0 for an unpriced model and ignores negative or NaN counts', () => {
    expect(costOf({ inputTokens: 1000, outputTokens: 1000 }, undefined)).toBe(0);
    const price = prices.models[0]!;
    expect(costOf({ inputTokens: -5, outputTokens: Number.NaN }, price)).toBe(0);
  });

  it('costs 0, never NaN or a throw, for usage an untyped caller got wrong', () => {
    const price = prices.models[0]!;
    const hostile = new Proxy({}, { get: () => { throw new Error('hostile'); } });
    for (const usage of [undefined, null, 'tokens', hostile, { inputTokens: Symbol('n'), outputTokens: 10n }]) {
      expect(costOf(usage as never, price)).toBe(0);
    }
    // A count above 2^53 is dropped by the counters, so it is not charged either.
    expect(costOf({ inputTokens: 1e308, outputTokens: 0 }, price)).toBe(0);
  });

  const tiered = (base: number, price: number) => ({ base, tiers: [{ start: 200_000, price }] });
  const sonnetLike = { model: 't', provider: 'anthropic', inputPerMillion: tiered(3, 6), outputPerMillion: tiered(15, 22.5), cacheReadPerMillion: tiered(0.3, 0.6), cacheWritePerMillion: tiered(3.75, 7.5) };

  it('prices a whole call at the tier its input tokens, cache reads and writes included, are above', () => {
    // 150k input + 40k cache reads + 20k cache writes = 210k > 200k: every token at the upper prices.
    expect(costOf({ inputTokens: 150_000, outputTokens: 10_000, cacheReadTokens: 40_000, cacheWriteTokens: 20_000 }, sonnetLike)).toBeCloseTo(
      (150_000 * 6 + 10_000 * 22.5 + 40_000 * 0.6 + 20_000 * 7.5) / 1e6,
      12,
    );
    // Exactly at the start is not above it: the base prices.
    expect(costOf({ inputTokens: 160_000, outputTokens: 10_000, cacheReadTokens: 40_000 }, sonnetLike)).toBeCloseTo((160_000 * 3 + 10_000 * 15 + 40_000 * 0.3) / 1e6, 12);
    // Several tiers: the last one whose start the input is above applies.
    const steps = { ...sonnetLike, inputPerMillion: { base: 1, tiers: [{ start: 100, price: 2 }, { start: 1000, price: 4 }] } };
    expect(costOf({ inputTokens: 5000, outputTokens: 0 }, steps)).toBeCloseTo((5000 * 4) / 1e6, 12);
    expect(costOf({ inputTokens: 500, outputTokens: 0 }, steps)).toBeCloseTo((500 * 2) / 1e6, 12);
  });

  it('is total over hostile tiered prices and usage: a finite cost of 0 or more, never a throw', () => {
    const numbers = [0, 1, 2.5, 200_000, -1, Number.NaN, Infinity, -Infinity, 1e308, Number.MAX_SAFE_INTEGER + 2];
    const hostile: unknown[] = [...numbers, undefined, null, 'x', {}, { base: 1 }, { base: 1, tiers: 'no' }, { base: Number.NaN, tiers: [] }, { base: 1, tiers: [null] }, { base: 1, tiers: [{ start: -5, price: Infinity }] }, { tiers: [{ start: 0, price: 1 }] }];
    let seed = 15;
    const pick = <T>(xs: readonly T[]): T => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return xs[seed % xs.length]!;
    };
    for (let i = 0; i < 5000; i++) {
      const price = { model: 'h', provider: 'anthropic', inputPerMillion: pick(hostile), outputPerMillion: pick(hostile), cacheReadPerMillion: pick(hostile), cacheWritePerMillion: pick(hostile) } as never;
      const usage = { inputTokens: pick(numbers), outputTokens: pick(numbers), cacheReadTokens: pick(numbers), cacheWriteTokens: pick(numbers) };
      const usd = costOf(usage, price);
      expect(Number.isFinite(usd) && usd >= 0, `${JSON.stringify(price)} ${JSON.stringify(usage)} -> ${usd}`).toBe(true);
    }
  });
});

describe('priceOfCall', () => {
  it("gives a priced model's price and counts nothing", async () => {
    expect(priceOfCall('gpt-5')).toBe(priceByModel.get('gpt-5'));
    expect(await sumOf('aqe.cost.unpriced_calls_total', { unpriced_model: 'gpt-5' })).toBeUndefined();
  });

  it('counts a call of a model the table does not price by its name, within the label cap', async () => {
    expect(priceOfCall('llama-9000')).toBeUndefined();
    priceOfCall('llama-9000');
    expect(await sumOf('aqe.cost.unpriced_calls_total', { unpriced_model: 'llama-9000' })).toBe(2);
    for (let i = 0; i < 50; i++) priceOfCall(`flood-${i}`);
    const metric = await metricNamed<SumMetricData>('aqe.cost.unpriced_calls_total');
    // The open label's cap, plus `other`: a flood of names cannot add series without bound.
    expect(metric?.dataPoints.length).toBeLessThanOrEqual(unpricedModel.cap + 1);
    expect(metric?.dataPoints.some((p) => p.attributes.unpriced_model === 'other')).toBe(true);
  });
});

describe('recordTokenUsage', () => {
  it('counts tokens and cost per agent type and model, and sets gen_ai.usage on the model-call span', async () => {
    const labels = { agent_type: 'qe-coverage-analyzer', model: 'claude-sonnet-4-5', task_type: 'coverage-analysis' } as const;
    const usd = await helpers.withModelCallSpan({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5' }, async () =>
      recordTokenUsage({ inputTokens: 2000, outputTokens: 500, cacheReadTokens: 10_000, cacheWriteTokens: 1000 }, labels),
    );
    // claude-sonnet-4-5: $3 in, $15 out, $0.30 cache read, $3.75 cache write per million.
    const expected = (2000 * 3 + 500 * 15 + 10_000 * 0.3 + 1000 * 3.75) / 1e6;
    expect(usd).toBeCloseTo(expected, 12);

    const byAgentAndModel = { agent_type: 'qe-coverage-analyzer', model: 'claude-sonnet-4-5' };
    expect(await sumOf('aqe.tokens.input_total', byAgentAndModel)).toBe(2000);
    expect(await sumOf('aqe.tokens.output_total', byAgentAndModel)).toBe(500);
    expect(await sumOf('aqe.tokens.cache_read_total', byAgentAndModel)).toBe(10_000);
    expect(await sumOf('aqe.tokens.cache_write_total', byAgentAndModel)).toBe(1000);
    expect(await sumOf('aqe.cost.usd_total', labels)).toBeCloseTo(expected, 12);

    const span = spans.getFinishedSpans().find((s) => s.name === 'chat claude-sonnet-4-5');
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      // The GenAI conventions count cache reads and writes as input tokens.
      'gen_ai.usage.input_tokens': 13_000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 10_000,
      'gen_ai.usage.cache_creation.input_tokens': 1000,
    });
    expect(span?.attributes['aqe.cost.usd']).toBeCloseTo(expected, 12);
  });

  it('records an unpriced model as other with cost 0, instead of throwing', async () => {
    const usd = recordTokenUsage({ inputTokens: 100, outputTokens: 10 }, { agent_type: 'qe-test-executor', model: 'llama-9000', task_type: 'test-execution' } as never);
    expect(usd).toBe(0);
    expect(await sumOf('aqe.tokens.input_total', { agent_type: 'qe-test-executor', model: 'other' })).toBe(100);
  });
});
