import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterEach, describe, expect, it } from 'vitest';
import { getTracer, initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import {
  agentBaggageFrom,
  extractTraceContext,
  InMemoryAgentMemory,
  injectTraceContext,
  traceContextKey,
  withAgentBaggage,
  type AgentMemory,
} from '../../runtime/context-propagation';

const ids = { agentId: 'qe-test-generator-1', taskId: 'task-42', sessionId: 'session-7' };

function startTelemetry(): InMemorySpanExporter {
  const spans = new InMemorySpanExporter();
  initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)] });
  return spans;
}

afterEach(async () => {
  await shutdownTelemetry();
});

describe('trace context through agent memory', () => {
  it('parents agent B on agent A and hands over A baggage when B starts from the root context', async () => {
    const spans = startTelemetry();
    const memory = new InMemoryAgentMemory();
    const childTaskId = 'task-43';

    const spanA = getTracer().startSpan('agent-a');
    await withAgentBaggage(ids, () => injectTraceContext(memory, childTaskId), trace.setSpan(context.active(), spanA));
    spanA.end();

    // Agent B: a separate async flow that knows nothing but the memory and its task id.
    const seenByB = await context.with(ROOT_CONTEXT, async () => {
      expect(trace.getActiveSpan()).toBeUndefined();
      const parent = await extractTraceContext(memory, childTaskId);
      const spanB = getTracer().startSpan('agent-b', {}, parent);
      spanB.end();
      return agentBaggageFrom(parent);
    });

    const a = spans.getFinishedSpans().find((span) => span.name === 'agent-a');
    const b = spans.getFinishedSpans().find((span) => span.name === 'agent-b');
    expect(b?.spanContext().traceId).toBe(a?.spanContext().traceId);
    expect(b?.parentSpanContext?.spanId).toBe(a?.spanContext().spanId);
    expect(b?.parentSpanContext?.isRemote).toBe(true);
    expect(seenByB).toEqual(ids);
  });

  it('stores a W3C carrier under aqe/tracing/context/<taskId>', async () => {
    startTelemetry();
    const memory = new InMemoryAgentMemory();
    const span = getTracer().startSpan('agent-a');
    await withAgentBaggage(ids, () => injectTraceContext(memory, 'task-9'), trace.setSpan(context.active(), span));
    span.end();

    const carrier = memory.retrieve('aqe/tracing/context/task-9') as Record<string, string>;
    expect(traceContextKey('task-9')).toBe('aqe/tracing/context/task-9');
    expect(carrier.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    expect(carrier.baggage).toContain('aqe.agent.id=qe-test-generator-1');
    expect(carrier.baggage).toContain('aqe.session.id=session-7');
  });

  it('reads a carrier that the memory store serialised to JSON', async () => {
    startTelemetry();
    const memory = new InMemoryAgentMemory();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    memory.store(traceContextKey('t'), JSON.stringify({ traceparent }));
    const spanContext = trace.getSpanContext(await extractTraceContext(memory, 't'));
    expect(spanContext?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(spanContext?.spanId).toBe('b7ad6b7169203331');
  });

  it.each([
    ['a missing carrier', undefined],
    ['a garbled traceparent', { traceparent: 'not-a-traceparent', baggage: 42 }],
    ['a carrier of the wrong type', 12345],
    ['unparseable JSON', '{"traceparent": '],
  ])('gives the root context, without throwing, for %s', async (_case, stored) => {
    startTelemetry();
    const memory = new InMemoryAgentMemory();
    if (stored !== undefined) memory.store(traceContextKey('t'), stored);
    const ctx = await extractTraceContext(memory, 't');
    expect(trace.getSpanContext(ctx)).toBeUndefined();
    expect(agentBaggageFrom(ctx)).toEqual({});
  });

  it('never throws when the memory itself fails', async () => {
    startTelemetry();
    const broken: AgentMemory = {
      store: () => Promise.reject(new Error('memory down')),
      retrieve: () => {
        throw new Error('memory down');
      },
    };
    await expect(injectTraceContext(broken, 't')).resolves.toBeUndefined();
    await expect(extractTraceContext(broken, 't')).resolves.toBe(ROOT_CONTEXT);
  });

  it('keeps baggage entries that were already there and replaces outer agent ids', () => {
    startTelemetry();
    const outer = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ 'team.name': { value: 'qe' } }));
    const inner = withAgentBaggage({ agentId: 'outer', taskId: 'x', sessionId: 's' }, () =>
      withAgentBaggage(ids, () => context.active()),
      outer,
    );
    expect(agentBaggageFrom(inner)).toEqual(ids);
    expect(propagation.getBaggage(inner)?.getEntry('team.name')?.value).toBe('qe');
    expect(agentBaggageFrom()).toEqual({});
  });
});

describe('trace context helpers given what no typed caller could pass', () => {
  it('never throw: a Symbol task id, no ids, no context', async () => {
    startTelemetry();
    const memory = new InMemoryAgentMemory();
    const task = Symbol('task') as never;
    expect(traceContextKey(task)).toBe('aqe/tracing/context/Symbol(task)');
    await expect(injectTraceContext(memory, task)).resolves.toBeUndefined();
    await expect(extractTraceContext(memory, task)).resolves.toBeDefined();
    expect(agentBaggageFrom(null as never)).toEqual({});
    expect(withAgentBaggage(undefined as never, () => 'ran')).toBe('ran');
    expect(withAgentBaggage(ids, null as never)).toBeUndefined();
  });

  it('carry only the ids that are strings', () => {
    startTelemetry();
    const carried = withAgentBaggage({ agentId: 'a', taskId: 7, sessionId: undefined } as never, () => agentBaggageFrom());
    expect(carried).toEqual({ agentId: 'a' });
  });
});
