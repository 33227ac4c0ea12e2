import { SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { withAgentExecuteSpan, withMemoryReadSpan, withToolCallSpan } from '../../out/instrumentation/spans';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(exporter)] });
});
afterAll(() => shutdownTelemetry());
beforeEach(() => exporter.reset());

const agent = { 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator' } as const;

describe('generated span helpers (spec 14.2)', () => {
  it('names the span from its attributes, sets the fixed GenAI operation, and ends OK', () => {
    const result = withAgentExecuteSpan({ ...agent, 'aqe.task.id': 't-1' }, () => 42);
    expect(result).toBe(42);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('invoke_agent qe-test-generator');
    expect(span?.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'aqe.task.id': 't-1', 'aqe.agent.type': 'qe-test-generator' });
    expect(span?.status.code).toBe(SpanStatusCode.OK);
  });

  it('makes the span active inside the callback, so nested spans are its children', async () => {
    await withAgentExecuteSpan(agent, async () => {
      await withToolCallSpan({ 'gen_ai.tool.name': 'run_tests' }, async () => undefined);
    });
    const [tool, parent] = exporter.getFinishedSpans();
    expect(tool?.name).toBe('execute_tool run_tests');
    expect(tool?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(tool?.spanContext().traceId).toBe(parent?.spanContext().traceId);
  });

  it('on a thrown error: records the exception, sets ERROR and error.type, ends the span, and rethrows the same error', () => {
    const boom = new TypeError('bad input');
    expect(() => withAgentExecuteSpan(agent, () => { throw boom; })).toThrow(boom);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'bad input' });
    expect(span?.attributes['error.type']).toBe('TypeError');
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('on a rejected promise: the same, once the promise settles', async () => {
    const pending = withAgentExecuteSpan(agent, async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new RangeError('late');
    });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    await expect(pending).rejects.toThrow('late');
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('keeps an ERROR status the agent set itself without throwing', () => {
    withAgentExecuteSpan(agent, (span) => {
      span.setAttributes({ 'aqe.agent.status': 'failure' });
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'gate failed' });
    });
    expect(exporter.getFinishedSpans()[0]?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'gate failed' });
  });

  it('drops optional attributes left undefined instead of recording them', () => {
    withMemoryReadSpan({ 'aqe.memory.namespace': 'aqe/tracing/context', 'aqe.memory.key': undefined }, () => undefined);
    const keys = Object.keys(exporter.getFinishedSpans()[0]!.attributes);
    expect(keys).toContain('aqe.memory.namespace');
    // Nor under the standard key it is copied to.
    expect(keys).not.toContain('aqe.memory.key');
    expect(keys).not.toContain('gen_ai.memory.record.id');
    expect(keys).toContain('gen_ai.memory.store.id');
  });

  it('leaves no span active afterwards', () => {
    withAgentExecuteSpan(agent, () => undefined);
    expect(trace.getActiveSpan()).toBeUndefined();
  });
});

describe('span helpers given what no typed caller could pass', () => {
  it('with null options still records the span under the active parent, and returns the result', () => {
    expect(withAgentExecuteSpan(agent, () => 'done', null as never)).toBe('done');
    expect(withAgentExecuteSpan(agent, () => 'done', { parent: 'not a context' } as never)).toBe('done');
    expect(exporter.getFinishedSpans().map((s) => s.status.code)).toEqual([SpanStatusCode.OK, SpanStatusCode.OK]);
  });

  it('given no function, runs nothing, returns undefined and does not throw', () => {
    expect(withAgentExecuteSpan(agent, null as never)).toBeUndefined();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('hands back a result whose then throws as it is, and ends the span', () => {
    const odd = { get then(): never { throw new Error('hostile then'); } };
    expect(withAgentExecuteSpan(agent, () => odd)).toBe(odd);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });
});

describe('span helpers across telemetry sessions', () => {
  it('keep exporting after a shutdown and a new initializeTelemetry()', async () => {
    await shutdownTelemetry();
    const second = new InMemorySpanExporter();
    initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(second)] });
    withAgentExecuteSpan(agent, () => undefined);
    expect(second.getFinishedSpans().map((s) => s.name)).toEqual(['invoke_agent qe-test-generator']);
  });
});
