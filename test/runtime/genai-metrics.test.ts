import { SpanKind } from '@opentelemetry/api';
import type { HistogramMetricData } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { prices, recordTokenUsage, spans as helpers } from '../../out/instrumentation';
import { bumpTelemetryGeneration } from '../../runtime/generation';
import { genAiMetricsOn, SEMCONV_OPT_IN_ENV, standardErrorType } from '../../runtime/genai-metrics';
import { schema } from '../../schema';
import { inMemoryTelemetry } from '../support/in-memory-telemetry';

/**
 * The standard GenAI metrics the existing helper calls record beside the aqe.* ones
 * (schema/genai-conventions.ts): what each call records, under which attributes, taken from
 * the schema binding and the span's own attributes, never from the generated code.
 */
const genAi = schema.genAi!;
const { spans, metric: metricNamed } = inMemoryTelemetry();
afterEach(() => spans.reset());

type Point = HistogramMetricData['dataPoints'][number];
/** The points of a histogram whose attributes include `attributes` exactly (a key given as undefined must be absent). */
async function pointsOf(name: string, attributes: Record<string, string | undefined>): Promise<Point[]> {
  const metric = await metricNamed<HistogramMetricData>(name);
  return (metric?.dataPoints ?? []).filter((p) => Object.entries(attributes).every(([k, v]) => (v === undefined ? !(k in p.attributes) : p.attributes[k] === v)));
}
const provider = (model: string) => prices.models.find((m) => m.model === model)!.provider;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('recordTokenUsage: the standard token usage', () => {
  it('records input (cache reads and writes included) and output tokens as two points of the token histogram, by operation, provider, type and model', async () => {
    const model = prices.models[1]!.model;
    const call = { 'gen_ai.operation.name': genAi.operation, 'gen_ai.provider.name': provider(model), 'gen_ai.request.model': model };
    const before = async (type: string) => (await pointsOf(genAi.tokenUsage.name, { ...call, 'gen_ai.token.type': type }))[0]?.value.count ?? 0;
    const [inBefore, outBefore] = [await before('input'), await before('output')];
    recordTokenUsage({ inputTokens: 2000, outputTokens: 500, cacheReadTokens: 10_000, cacheWriteTokens: 1000 }, { agent_type: 'qe-test-generator', model: model as never, task_type: 'unit-test-generation' });
    const [input] = await pointsOf(genAi.tokenUsage.name, { ...call, 'gen_ai.token.type': 'input' });
    const [output] = await pointsOf(genAi.tokenUsage.name, { ...call, 'gen_ai.token.type': 'output' });
    expect(input!.value.count - inBefore).toBe(1);
    expect(output!.value.count - outBefore).toBe(1);
    expect(input!.value.max).toBe(2000 + 10_000 + 1000);
    expect(output!.value.max).toBe(500);
    // The conventions' bucket boundaries, not the SDK's millisecond defaults.
    expect(input!.value.buckets.boundaries).toEqual([...genAi.tokenUsage.buckets!]);
  });

  it('records the time to the first chunk only for a streaming call that gives it', async () => {
    const model = prices.models[0]!.model;
    const call = { 'gen_ai.operation.name': genAi.operation, 'gen_ai.provider.name': provider(model), 'gen_ai.request.model': model };
    const count = async () => (await pointsOf(genAi.timeToFirstChunk.name, call))[0]?.value.count ?? 0;
    const start = await count();
    recordTokenUsage({ inputTokens: 10, outputTokens: 10 }, { agent_type: 'qe-test-generator', model: model as never, task_type: 'unit-test-generation' });
    expect(await count()).toBe(start);
    recordTokenUsage({ inputTokens: 10, outputTokens: 10, timeToFirstChunkSeconds: 0.42 }, { agent_type: 'qe-test-generator', model: model as never, task_type: 'unit-test-generation' });
    expect(await count()).toBe(start + 1);
    expect((await pointsOf(genAi.timeToFirstChunk.name, call))[0]!.value.max).toBeGreaterThanOrEqual(0.42);
  });

  it('marks a streaming call on its span, with its time to the first chunk, and leaves both out otherwise', async () => {
    const model = prices.models[0]!.model;
    const labels = { agent_type: 'qe-test-generator', model: model as never, task_type: 'unit-test-generation' } as const;
    const span = { 'gen_ai.provider.name': provider(model) as never, 'gen_ai.request.model': model };
    await helpers.withModelCallSpan(span, async () => recordTokenUsage({ inputTokens: 10, outputTokens: 900, timeToFirstChunkSeconds: 0.8 }, labels));
    await helpers.withModelCallSpan(span, async () => recordTokenUsage({ inputTokens: 10, outputTokens: 900 }, labels));
    const { stream, timeToFirstChunk } = genAi.streaming;
    const [streamed, whole] = spans.getFinishedSpans();
    expect(streamed!.attributes[stream.name]).toBe(true);
    expect(streamed!.attributes[timeToFirstChunk.name]).toBe(0.8);
    expect(whole!.attributes).not.toHaveProperty(stream.name);
    expect(whole!.attributes).not.toHaveProperty(timeToFirstChunk.name);
  });

  it('sets the reasoning tokens on the model-call span when given, and leaves them out when not', async () => {
    const model = prices.models[0]!.model;
    const labels = { agent_type: 'qe-test-generator', model: model as never, task_type: 'unit-test-generation' } as const;
    const span = { 'gen_ai.provider.name': provider(model) as never, 'gen_ai.request.model': model };
    await helpers.withModelCallSpan(span, async () => recordTokenUsage({ inputTokens: 10, outputTokens: 900, reasoningTokens: 700 }, labels));
    await helpers.withModelCallSpan(span, async () => recordTokenUsage({ inputTokens: 10, outputTokens: 900 }, labels));
    const [reasoned, plain] = spans.getFinishedSpans();
    expect(reasoned!.attributes[genAi.reasoningTokens.name]).toBe(700);
    expect(plain!.attributes).not.toHaveProperty(genAi.reasoningTokens.name);
  });
});

describe('span helpers: the standard durations', () => {
  const durationOf = (id: string) => Object.values(schema.spans).find((s) => s.id === id)!.durationMetric!;

  it('a model call records its duration under the span\'s operation, provider and model, without error.type when it succeeded', async () => {
    const metric = durationOf('model_call');
    const model = prices.models[2]!.model;
    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': provider(model), 'gen_ai.request.model': model, 'error.type': undefined };
    const before = (await pointsOf(metric.name, attributes))[0]?.value.count ?? 0;
    await helpers.withModelCallSpan({ 'gen_ai.provider.name': provider(model) as never, 'gen_ai.request.model': model }, () => sleep(30));
    const [point] = await pointsOf(metric.name, attributes);
    expect(point!.value.count).toBe(before + 1);
    expect(point!.value.max).toBeGreaterThanOrEqual(0.03 - 0.005);
    expect(point!.value.buckets.boundaries).toEqual([...metric.buckets!]);
  });

  it('a failed call records error.type: the span\'s own class when the metric lists it, else the conventions\' fallback', async () => {
    const metric = durationOf('model_call');
    const model = prices.models[2]!.model;
    const call = { 'gen_ai.provider.name': provider(model) as never, 'gen_ai.request.model': model };
    const count = async (errorType: string) => (await pointsOf(metric.name, { 'gen_ai.request.model': model, 'error.type': errorType }))[0]?.value.count ?? 0;
    const [timeouts, others] = [await count('timeout'), await count(genAi.otherErrorType)];
    await expect(helpers.withModelCallSpan(call, async (span) => {
      span.setAttribute('error.type', 'timeout');
      throw new Error('the provider did not answer');
    })).rejects.toThrow();
    await expect(helpers.withModelCallSpan(call, async () => {
      throw new TypeError('a bug');
    })).rejects.toThrow(TypeError);
    expect(await count('timeout')).toBe(timeouts + 1);
    expect(await count(genAi.otherErrorType)).toBe(others + 1);
    expect(await count('TypeError')).toBe(0);
  });

  it('an agent run records gen_ai.invoke_agent.duration by agent name, and its spans carry the provider the conventions require', async () => {
    const metric = durationOf('agent_execute');
    const before = (await pointsOf(metric.name, { 'gen_ai.agent.name': 'qe-test-generator' }))[0]?.value.count ?? 0;
    await helpers.withAgentExecuteSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator' }, () => undefined);
    await helpers.withAgentSpawnSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator', 'gen_ai.provider.name': 'anthropic' }, () => undefined);
    expect((await pointsOf(metric.name, { 'gen_ai.agent.name': 'qe-test-generator' }))[0]!.value.count).toBe(before + 1);
    const [run, spawn] = spans.getFinishedSpans();
    const defaulted = Object.values(schema.spans).find((s) => s.id === 'agent_execute')!.attributes.find((u) => u.attribute.name === 'gen_ai.provider.name')!.default;
    expect(run!.attributes['gen_ai.provider.name']).toBe(defaulted);
    // A caller who knows the provider gives it.
    expect(spawn!.attributes['gen_ai.provider.name']).toBe('anthropic');
  });

  it('memory reads and writes are the conventions\' search_memory and upsert_memory, the store and record under their keys too', async () => {
    await helpers.withMemoryReadSpan({ 'aqe.memory.namespace': 'aqe/results', 'aqe.memory.key': 'task-1' }, () => undefined);
    await helpers.withMemoryWriteSpan({ 'aqe.memory.namespace': 'aqe/results', 'aqe.memory.key': 'task-1' }, () => undefined);
    const [read, write] = spans.getFinishedSpans();
    for (const [span, operation] of [[read!, 'search_memory'], [write!, 'upsert_memory']] as const) {
      expect(span.name).toBe(operation);
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes).toMatchObject({ 'gen_ai.operation.name': operation, 'gen_ai.memory.store.id': 'aqe/results', 'gen_ai.memory.record.id': 'task-1', 'aqe.memory.key': 'task-1' });
    }
  });

  it('span kinds follow the conventions: create_agent and chat CLIENT, invoke_agent and execute_tool INTERNAL', async () => {
    await helpers.withAgentSpawnSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator' }, () => undefined);
    await helpers.withAgentExecuteSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator' }, () => undefined);
    await helpers.withModelCallSpan({ 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': prices.models[0]!.model }, () => undefined);
    await helpers.withToolCallSpan({ 'gen_ai.tool.name': 'run_tests' }, () => undefined);
    expect(spans.getFinishedSpans().map((s) => [s.attributes['gen_ai.operation.name'], s.kind])).toEqual([
      ['create_agent', SpanKind.CLIENT],
      ['invoke_agent', SpanKind.INTERNAL],
      ['chat', SpanKind.CLIENT],
      ['execute_tool', SpanKind.INTERNAL],
    ]);
  });
});

describe('genAiMetricsOn: OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  const saved = process.env[SEMCONV_OPT_IN_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[SEMCONV_OPT_IN_ENV];
    else process.env[SEMCONV_OPT_IN_ENV] = saved;
    bumpTelemetryGeneration();
  });

  it("'always' records whatever the variable says; 'opt-in' only when its list names the conventions' value, read again on a new telemetry session", () => {
    delete process.env[SEMCONV_OPT_IN_ENV];
    bumpTelemetryGeneration();
    expect(genAiMetricsOn('always', genAi.optIn)).toBe(true);
    expect(genAiMetricsOn('opt-in', genAi.optIn)).toBe(false);
    process.env[SEMCONV_OPT_IN_ENV] = `http, ${genAi.optIn}`;
    // Not read per call: the same session keeps its answer.
    expect(genAiMetricsOn('opt-in', genAi.optIn)).toBe(false);
    bumpTelemetryGeneration();
    expect(genAiMetricsOn('opt-in', genAi.optIn)).toBe(true);
    process.env[SEMCONV_OPT_IN_ENV] = 'gen_ai_latest';
    bumpTelemetryGeneration();
    expect(genAiMetricsOn('opt-in', genAi.optIn)).toBe(false);
  });

  it('standardErrorType keeps a known class, falls back for any other value, and is absent on success', () => {
    expect(standardErrorType(undefined, ['timeout'], '_OTHER')).toBeUndefined();
    expect(standardErrorType('timeout', ['timeout'], '_OTHER')).toBe('timeout');
    expect(standardErrorType('TypeError', ['timeout'], '_OTHER')).toBe('_OTHER');
    expect(standardErrorType(42, ['timeout'], '_OTHER')).toBe('_OTHER');
  });
});
