import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getTracer, initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { registerExportFailureSink } from '../../runtime/self-health';
import { TRACE_FILE_ENV, TraceFileExporter, traceFileSpanProcessor, type TraceFileRecord } from '../../runtime/trace-file';

/** The local trace file (runtime/trace-file.ts): what a line holds, the size bound, and failures that stay out of agent code. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aqe-trace-file-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const readRecords = (path: string): TraceFileRecord[] =>
  existsSync(path) ? readFileSync(path, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceFileRecord) : [];

/** A provider of its own (not the global one) that exports each span as it ends. */
function provider(exporter: TraceFileExporter) {
  return new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': 'qe-test-generator' }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

describe('trace file exporter', () => {
  it('writes one JSON line per span: ids, parent, service, µs times, status, schema attributes, events', async () => {
    const file = join(dir, 'nested', 'traces.jsonl');
    const tracerProvider = provider(new TraceFileExporter(file));
    const tracer = tracerProvider.getTracer('test');
    const parent = tracer.startSpan('invoke_agent qe-test-generator', { attributes: { 'aqe.agent.type': 'qe-test-generator', 'gen_ai.operation.name': 'invoke_agent' } });
    const child = tracer.startSpan('chat claude-sonnet-4', { attributes: { 'gen_ai.usage.input_tokens': 1200 } }, trace.setSpan(ROOT_CONTEXT, parent));
    child.addEvent('exception', { 'exception.message': 'rate limited' });
    child.setStatus({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    child.end();
    parent.setStatus({ code: SpanStatusCode.OK });
    parent.end();
    await tracerProvider.forceFlush();
    await tracerProvider.shutdown();

    const records = readRecords(file);
    expect(records).toHaveLength(2);
    const [c, p] = records as [TraceFileRecord, TraceFileRecord];
    const sdkChild = child as unknown as ReadableSpan;
    expect(c).toMatchObject({
      traceId: parent.spanContext().traceId,
      spanId: child.spanContext().spanId,
      parentSpanId: parent.spanContext().spanId,
      name: 'chat claude-sonnet-4',
      kind: 'INTERNAL',
      service: 'qe-test-generator',
      status: { code: 'ERROR', message: 'rate limited' },
      attributes: { 'gen_ai.usage.input_tokens': 1200 },
    });
    expect(c.events).toEqual([{ name: 'exception', timeUnixUs: expect.any(Number), attributes: { 'exception.message': 'rate limited' } }]);
    const startUs = sdkChild.startTime[0] * 1e6 + Math.floor(sdkChild.startTime[1] / 1000);
    const endUs = sdkChild.endTime[0] * 1e6 + Math.floor(sdkChild.endTime[1] / 1000);
    expect(c.startTimeUnixUs).toBe(startUs);
    expect(c.durationUs).toBe(endUs - startUs);
    expect(Math.abs(c.startTimeUnixUs / 1000 - Date.now())).toBeLessThan(60_000);
    expect(p.parentSpanId).toBeUndefined();
    expect(p).toMatchObject({ status: { code: 'OK' }, attributes: { 'aqe.agent.type': 'qe-test-generator' } });
    expect(p.startTimeUnixUs).toBeLessThanOrEqual(c.startTimeUnixUs);
  });

  it('at the size bound renames the file to <file>.1 and starts a new one, keeping the newest spans', async () => {
    const file = join(dir, 'traces.jsonl');
    const maxBytes = 4000;
    const tracerProvider = provider(new TraceFileExporter(file, maxBytes));
    const tracer = tracerProvider.getTracer('test');
    const names: string[] = [];
    for (let i = 0; i < 60; i++) {
      names.push(`span-${i}`);
      tracer.startSpan(`span-${i}`).end();
      await tracerProvider.forceFlush();
    }
    await tracerProvider.shutdown();
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(maxBytes);
    expect(statSync(`${file}.1`).size).toBeLessThanOrEqual(maxBytes);
    const kept = [...readRecords(`${file}.1`), ...readRecords(file)].map((r) => r.name);
    // The two files hold the most recent spans, in order, and the oldest are gone.
    expect(kept).toEqual(names.slice(names.length - kept.length));
    expect(kept.length).toBeLessThan(names.length);
    expect(kept.at(-1)).toBe('span-59');
  });

  it('a write that fails is a FAILED result counted as an export failure, never a throw', async () => {
    const failures: [string, string][] = [];
    registerExportFailureSink((signal, exporter) => failures.push([signal, exporter]));
    // A directory where the file should be: every append fails with EISDIR.
    const exporter = new TraceFileExporter(dir);
    const tracerProvider = provider(new TraceFileExporter(join(dir, 'unused.jsonl')));
    const span = tracerProvider.getTracer('test').startSpan('x');
    span.end();
    const result = await new Promise<ExportResult>((resolve) => exporter.export([span as unknown as ReadableSpan], resolve));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/EISDIR/);

    const processor = traceFileSpanProcessor(dir, { batch: { scheduledDelayMillis: 10 } });
    const failing = new BasicTracerProvider({ spanProcessors: [processor] });
    expect(() => failing.getTracer('test').startSpan('y').end()).not.toThrow();
    // The batch processor's own flush reports the failed batch; what matters is that it was counted.
    await failing.forceFlush().catch(() => undefined);
    await failing.shutdown().catch(() => undefined);
    expect(failures).toContainEqual(['traces', 'file']);
    await tracerProvider.shutdown();
  });
});

describe('initializeTelemetry with AQE_TRACE_FILE', () => {
  it('writes the spans of the agent to the file named by the environment', async () => {
    const file = join(dir, 'env.jsonl');
    process.env[TRACE_FILE_ENV] = file;
    try {
      initializeTelemetry({ otlp: false, serviceName: 'qe-chaos-engineer' });
      getTracer().startSpan('invoke_agent qe-chaos-engineer', { attributes: { 'aqe.agent.type': 'qe-chaos-engineer' } }).end();
      await shutdownTelemetry();
    } finally {
      delete process.env[TRACE_FILE_ENV];
    }
    const records = readRecords(file);
    expect(records.map((r) => [r.name, r.service, r.attributes['aqe.agent.type']])).toEqual([['invoke_agent qe-chaos-engineer', 'qe-chaos-engineer', 'qe-chaos-engineer']]);
  });
});
