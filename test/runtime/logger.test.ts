import { SeverityNumber } from '@opentelemetry/api-logs';
import { InMemoryLogRecordExporter, SimpleLogRecordProcessor, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { getTracer, initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { createLogger } from '../../runtime/logger';

/** A pino destination that keeps the parsed JSON lines. */
function captureLines(): { lines: Array<Record<string, unknown>>; write(line: string): void } {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
}

function startTelemetry(): InMemoryLogRecordExporter {
  const records = new InMemoryLogRecordExporter();
  initializeTelemetry({ otlp: false, logRecordProcessors: [new SimpleLogRecordProcessor({ exporter: records })] });
  return records;
}

afterEach(async () => {
  await shutdownTelemetry();
});

describe('createLogger', () => {
  it('writes the active span ids into the JSON line and the OpenTelemetry record, with fields as attributes', () => {
    const records = startTelemetry();
    const out = captureLines();
    const log = createLogger({ name: 'qe-test-generator', destination: out }).child({ agent_type: 'qe-test-generator' });

    const span = getTracer().startSpan('aqe.agent.execute');
    const { traceId, spanId } = span.spanContext();
    getTracer().startActiveSpan('aqe.agent.execute', (active) => {
      log.warn({ tests: 12, tags: ['unit'] }, 'generated %d tests', 12);
      active.end();
      expect(out.lines[0]).toMatchObject({
        level: 'warn',
        msg: 'generated 12 tests',
        tests: 12,
        trace_id: active.spanContext().traceId,
        span_id: active.spanContext().spanId,
        trace_flags: '01',
      });
      const [record] = records.getFinishedLogRecords();
      expect(record?.spanContext?.traceId).toBe(active.spanContext().traceId);
      expect(record?.spanContext?.spanId).toBe(active.spanContext().spanId);
      expect(record?.severityNumber).toBe(SeverityNumber.WARN);
      expect(record?.severityText).toBe('warn');
      expect(record?.body).toBe('generated 12 tests');
      expect(record?.attributes).toEqual({ agent_type: 'qe-test-generator', tests: 12, tags: ['unit'] });
      expect(record?.instrumentationScope.name).toBe('qe-test-generator');
    });
    span.end();
    // The unused outer span proves the ids come from the active span, not any span.
    expect(out.lines[0]?.trace_id).not.toBe(traceId);
    expect(out.lines[0]?.span_id).not.toBe(spanId);
  });

  it.each(['warning', 'loud', ''])('takes an AQE_LOG_LEVEL=%j it does not know as info instead of throwing', (level) => {
    process.env.AQE_LOG_LEVEL = level;
    try {
      const out = captureLines();
      const log = createLogger({ destination: out });
      expect(log.level).toBe('info');
      log.debug('hidden');
      log.info('shown');
      expect(out.lines.map((l) => l.msg)).toEqual(['shown']);
    } finally {
      delete process.env.AQE_LOG_LEVEL;
    }
  });

  it('reads a known AQE_LOG_LEVEL whatever its case and spaces', () => {
    process.env.AQE_LOG_LEVEL = ' DEBUG';
    try {
      expect(createLogger({ destination: captureLines() }).level).toBe('debug');
    } finally {
      delete process.env.AQE_LOG_LEVEL;
    }
  });

  it('has no trace fields outside a span', () => {
    const records = startTelemetry();
    const out = captureLines();
    createLogger({ destination: out }).info('idle');
    expect(out.lines[0]).not.toHaveProperty('trace_id');
    expect(out.lines[0]).not.toHaveProperty('span_id');
    expect(records.getFinishedLogRecords()[0]?.spanContext).toBeUndefined();
  });

  it('maps pino levels to severities and errors to exception attributes', () => {
    const records = startTelemetry();
    const log = createLogger({ destination: captureLines(), level: 'debug' });
    log.debug('d');
    log.error(new Error('boom'));
    log.fatal({ err: new TypeError('bad input'), step: 'parse' }, 'failed');
    log.trace('below the level: neither output gets it');

    const [debug, error, fatal] = records.getFinishedLogRecords();
    expect(records.getFinishedLogRecords()).toHaveLength(3);
    expect(debug?.severityNumber).toBe(SeverityNumber.DEBUG);
    expect(error?.severityNumber).toBe(SeverityNumber.ERROR);
    expect(error?.body).toBe('boom');
    expect(error?.attributes['exception.message']).toBe('boom');
    expect(fatal?.severityNumber).toBe(SeverityNumber.FATAL);
    expect(fatal?.attributes).toMatchObject({ step: 'parse', 'exception.type': 'TypeError', 'exception.message': 'bad input' });
    expect(fatal?.attributes).not.toHaveProperty('err');
  });

  it('never throws, and still writes the JSON line, when the OpenTelemetry side fails', () => {
    const exploding: LogRecordProcessor = {
      onEmit: () => {
        throw new Error('processor exploded');
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    initializeTelemetry({ otlp: false, logRecordProcessors: [exploding] });
    const out = captureLines();
    const log = createLogger({ destination: out });
    expect(() => log.info({ n: 1 }, 'still logged')).not.toThrow();
    expect(out.lines[0]).toMatchObject({ msg: 'still logged', n: 1 });
  });

  it('reaches a provider registered after the logger was created, and stops after shutdown', async () => {
    const out = captureLines();
    const log = createLogger({ destination: out });
    log.info('before initialisation');
    // Not InMemoryLogRecordExporter: it forgets its records on shutdown.
    const bodies: unknown[] = [];
    const recorder: LogRecordProcessor = {
      onEmit: (record) => void bodies.push(record.body),
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    };
    initializeTelemetry({ otlp: false, logRecordProcessors: [recorder] });
    log.info('during');
    await shutdownTelemetry();
    log.info('after shutdown');
    expect(bodies).toEqual(['during']);
    expect(out.lines).toHaveLength(3);
  });

  it('still emits to OpenTelemetry with stdout: false and no destination', () => {
    const records = startTelemetry();
    createLogger({ stdout: false }).info('quiet');
    expect(records.getFinishedLogRecords()[0]?.body).toBe('quiet');
  });
});

describe('createLogger given what no typed caller could pass', () => {
  it('makes a working logger from null options, a level that is not a string, or a destination without write', () => {
    for (const options of [null, 42, { level: 7 }, { level: Symbol('lvl') }, { destination: {}, stdout: false }, new Proxy({}, { get: () => { throw new Error('hostile'); } })]) {
      expect(() => createLogger(options as never).info('fine')).not.toThrow();
    }
    const out = captureLines();
    createLogger({ level: 30 as never, destination: out }).info('at info');
    expect(out.lines.map((l) => l.level)).toEqual(['info']);
  });

  it('does not throw from a log call when the destination throws, or from child() without bindings', () => {
    const log = createLogger({ destination: { write: () => { throw new Error('disk full'); } } });
    expect(() => log.info('lost')).not.toThrow();
    const out = captureLines();
    const child = createLogger({ destination: out }).child(undefined as never);
    child.child('a long string is not bindings' as never).info('from the grandchild');
    expect(out.lines.map((l) => l.msg)).toEqual(['from the grandchild']);
  });
});
