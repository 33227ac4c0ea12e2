import { metrics, trace, type MeterProvider, type TracerProvider } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { metrics as helpers, recordTokenUsage, spans } from '../../out/instrumentation';

const { agentDuration, agentSpawns, coverage } = helpers;

/** A provider whose every method throws: the worst an SDK or a bad config can do. */
const exploding = new Proxy({}, { get: () => () => { throw new Error('broken SDK'); } });

afterEach(() => {
  metrics.disable();
  trace.disable();
});

describe('helpers never throw into agent code', () => {
  it('metric helpers swallow a broken meter provider', () => {
    metrics.setGlobalMeterProvider(exploding as MeterProvider);
    expect(() => {
      agentSpawns.inc({ agent_type: 'qe-test-generator', status: 'success' });
      agentDuration.record(1, { agent_type: 'qe-test-generator', task_type: 'quality-gate', status: 'success' });
      coverage.set(90, { project: 'p', coverage_type: 'line' });
      recordTokenUsage({ inputTokens: 1, outputTokens: 1 }, { agent_type: 'qe-test-generator', model: 'gpt-5', task_type: 'quality-gate' });
      agentDuration.startTimer({ agent_type: 'qe-test-generator', task_type: 'quality-gate' })({ status: 'success' });
      agentSpawns.bind({ agent_type: 'qe-test-generator' }).bind({ status: 'success' }).inc();
    }).not.toThrow();
  });

  it('metric helpers ignore garbage from untyped callers', () => {
    expect(() => {
      agentSpawns.add(Number.NaN, null as never);
      agentSpawns.add(-3, { agent_type: 42 } as never);
      coverage.set(Infinity, undefined as never);
    }).not.toThrow();
  });

  it('span helpers still run the work, and return its result, with a broken tracer provider', () => {
    trace.setGlobalTracerProvider(exploding as TracerProvider);
    const result = spans.withAgentExecuteSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'qe-test-generator' }, () => 'done');
    expect(result).toBe('done');
  });
});
