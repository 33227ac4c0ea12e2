import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader, type SumMetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prices, recordTokenUsage, spans as helpers } from '../../out/instrumentation';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { costOf } from '../../runtime/cost';

const spans = new InMemorySpanExporter();
const metricsOut = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metricsOut, exportIntervalMillis: 60_000 });

beforeAll(() => {
  initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)], metricReaders: [reader] });
});
afterAll(() => shutdownTelemetry());

async function sumOf(name: string, labels: Record<string, string>): Promise<number | undefined> {
  await reader.forceFlush();
  const batches = metricsOut.getMetrics();
  const metric = batches.at(-1)?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name) as SumMetricData | undefined;
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
