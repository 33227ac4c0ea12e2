import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { metrics } from '../../out/instrumentation';
import { DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS, type OtlpProtocol } from '../../runtime/defaults';
import { createOtlpExporter, warnOnce } from '../../runtime/otlp-exporters';
import { startCollector } from '../../stack/collector';
import { startJaeger, type RunningJaeger } from '../../stack/jaeger';
import { startLogSink, type RunningLogSink } from '../../stack/log-sink';
import { freePort, type RunningProcess } from '../../stack/process';
import { collectorTiming, localTiming } from '../../stack/timing';
import { until } from '../support/arrival';
import { closedPort, startGrpcRecorder, startHttpRecorder } from '../support/otlp-recorders';

/**
 * Issue 15: OTLP as the OpenTelemetry SDKs send it. An agent process, configured by environment
 * variables only, sends a metric (a generated helper), a span and a log line over each protocol
 * to the real collector (the distribution built from out/otel-collector/builder-config.yaml,
 * running the generated config with loopback addresses, generators/local-stack.ts); the metric is
 * scraped from the collector's Prometheus exporter, the span read from Jaeger and the log line
 * from the sink standing in for Loki, where the collector forwards them. Without the collector
 * or Jaeger binary the set-up throws (stack/tools.ts): these tests fail, never skip.
 * What the collector does not show (headers, content types, compression, timeouts) is checked
 * against small servers in the test.
 */

const ROOT = resolve(__dirname, '../..');
const COUNTED = metrics.agentSpawns;

let collector: RunningProcess;
let jaeger: RunningJaeger;
let logs: RunningLogSink;
let ports: { otlpGrpc: number; otlpHttp: number; prometheus: number; health: number; telemetry: number };
let dir: string;

beforeAll(async () => {
  const sources = readSources(ROOT);
  dir = mkdtempSync(join(tmpdir(), 'aqe-otlp-protocols-'));
  logs = await startLogSink();
  ports = { otlpGrpc: await freePort(), otlpHttp: await freePort(), prometheus: await freePort(), health: await freePort(), telemetry: await freePort() };
  const jaegerPorts = { otlpGrpcPort: await freePort(), queryHttpPort: await freePort(), queryGrpcPort: await freePort(), healthPort: await freePort(), telemetryPort: await freePort() };
  const files = renderLocalStack(sources, {
    ...productionOverrides(sources),
    collector: { listenHost: '127.0.0.1', ports, jaegerOtlpGrpc: `127.0.0.1:${jaegerPorts.otlpGrpcPort}`, lokiOtlpHttp: logs.otlpUrl },
    collectorTiming: collectorTiming(localTiming(sources, 60)),
    jaeger: { listenHost: '127.0.0.1', ...jaegerPorts, badgerDir: join(dir, 'jaeger') },
  });
  jaeger = await startJaeger(files['jaeger/config.yaml']!, { query: `http://127.0.0.1:${jaegerPorts.queryHttpPort}`, health: `http://127.0.0.1:${jaegerPorts.healthPort}/status` });
  collector = await startCollector(files['otel-collector/config.yaml']!, `http://127.0.0.1:${ports.health}/`, 'otel-collector (otlp-protocols)');
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  await jaeger?.stop();
  await logs?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * What a user's agent does: the runtime set up from the environment alone, a counter of the
 * generated helpers, a span and a log line inside it, then shutdown (which flushes all three).
 * It prints the span's trace id.
 */
const AGENT = `
const { initializeTelemetry, shutdownTelemetry } = require('./runtime/bootstrap');
const { createLogger } = require('./runtime/logger');
const { metrics, spans } = require('./out/instrumentation');
initializeTelemetry();
const log = createLogger({ destination: { write: () => undefined } });
spans.withAgentExecuteSpan({ 'aqe.agent.type': 'qe-test-generator', 'gen_ai.agent.name': 'otlp-protocols' }, (span) => {
  metrics.agentSpawns.inc({ agent_type: 'qe-test-generator', status: 'success' });
  log.info('otlp protocols probe');
  process.stdout.write(span.spanContext().traceId + '\\n');
});
shutdownTelemetry().then(() => process.exit(0));
`;

/** Runs the agent with `env` as its only telemetry configuration; resolves to its trace id and what it printed on stderr. */
function runAgent(env: Record<string, string>): Promise<{ traceId: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('AQE_')));
  const child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', AGENT], {
    cwd: ROOT,
    env: { ...clean, AQE_TRACE_FILE: '', OTEL_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the agent exited with ${code}: ${stderr}`));
      else resolvePromise({ traceId: stdout.trim(), stderr });
    });
  });
}

/** The counter's series of this service on the collector's Prometheus exporter. */
async function scrapedCount(service: string): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${ports.prometheus}/metrics`)).text();
  // job is service.namespace/service.name (the collector's resource processor adds the namespace).
  return text.split('\n').find((line) => line.startsWith(`${COUNTED.spec.prometheusName}{`) && new RegExp(`job="([^"/]+/)?${service}"`).test(line));
}

async function jaegerTraces(service: string): Promise<{ traceID: string; spans: { operationName: string }[] }[] | undefined> {
  const response = await fetch(`${jaeger.queryUrl}/api/traces?service=${encodeURIComponent(service)}`);
  if (!response.ok) return undefined;
  const { data } = (await response.json()) as { data: { traceID: string; spans: { operationName: string }[] }[] | null };
  return data && data.length > 0 ? data : undefined;
}

/**
 * Spans the collector's OTLP receiver accepted, by transport (`grpc`, `http`), from its own
 * metrics: which of its two receivers a protocol reached.
 */
async function acceptedSpansByTransport(): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${ports.telemetry}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = /^otelcol_receiver_accepted_spans(?:_total)?\{([^}]*)\} (\S+)$/.exec(line);
    const transport = match && /transport="([^"]+)"/.exec(match[1]!)?.[1];
    if (transport) counts[transport] = (counts[transport] ?? 0) + Number(match[2]);
  }
  return counts;
}

/** The collector's OTLP address for a protocol: gRPC host:port as a URL, HTTP the base URL. */
const collectorEndpoint = (protocol: OtlpProtocol) => `http://127.0.0.1:${protocol === 'grpc' ? ports.otlpGrpc : ports.otlpHttp}`;

/** Arrival of all three signals of one agent run at the collector's backends. */
async function expectDelivered(service: string, traceId: string): Promise<void> {
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(await until(`${COUNTED.spec.prometheusName} of ${service}`, () => scrapedCount(service))).toMatch(/ 1$/);
  const traces = await until(`the trace of ${service} in Jaeger`, () => jaegerTraces(service));
  expect(traces.map((t) => t.traceID)).toContain(traceId);
  const record = await until(`the log line of ${service}`, async () => logs.records.find((r) => r.resource['service.name'] === service));
  expect(record.body).toBe('otlp protocols probe');
  expect(record.traceId).toBe(traceId);
}

const slug = (protocol: OtlpProtocol) => protocol.replace('/', '-');

describe('an agent configured by OTEL_EXPORTER_OTLP_* variables only, against the real collector', () => {
  it(`sends ${DEFAULT_OTLP_PROTOCOL} when OTEL_EXPORTER_OTLP_PROTOCOL is unset`, async () => {
    const service = 'otlp-default-protocol';
    const { traceId } = await runAgent({ OTEL_SERVICE_NAME: service, OTEL_EXPORTER_OTLP_ENDPOINT: collectorEndpoint(DEFAULT_OTLP_PROTOCOL) });
    await expectDelivered(service, traceId);
  }, 60_000);

  for (const protocol of OTLP_PROTOCOLS) {
    for (const compression of ['none', 'gzip'] as const) {
      it(`delivers a metric, a span and a log line over ${protocol}, compression ${compression}`, async () => {
        const service = `otlp-${slug(protocol)}-${compression}`;
        const before = await acceptedSpansByTransport();
        const { traceId, stderr } = await runAgent({
          OTEL_SERVICE_NAME: service,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          OTEL_EXPORTER_OTLP_ENDPOINT: collectorEndpoint(protocol),
          OTEL_EXPORTER_OTLP_COMPRESSION: compression,
        });
        await expectDelivered(service, traceId);
        expect(stderr).toBe(''); // no warning, no failed export
        const after = await acceptedSpansByTransport();
        const transport = protocol === 'grpc' ? 'grpc' : 'http';
        expect((after[transport] ?? 0) - (before[transport] ?? 0), `spans accepted over ${transport}: ${JSON.stringify({ before, after })}`).toBe(1);
        for (const other of Object.keys(after).filter((t) => t !== transport)) expect(after[other]).toBe(before[other]);
      }, 60_000);
    }
  }

  it('takes the per-signal protocol and endpoint over the generic ones: traces over gRPC to the collector, the rest to nowhere', async () => {
    const service = 'otlp-per-signal';
    const nowhere = await closedPort();
    const { traceId } = await runAgent({
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${nowhere}`,
      OTEL_EXPORTER_OTLP_TIMEOUT: '300',
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collectorEndpoint('grpc'),
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${collectorEndpoint('http/json')}/v1/logs`,
    });
    const traces = await until(`the trace of ${service} in Jaeger`, () => jaegerTraces(service));
    expect(traces.map((t) => t.traceID)).toContain(traceId);
    const record = await until(`the log line of ${service}`, async () => logs.records.find((r) => r.resource['service.name'] === service));
    expect(record.traceId).toBe(traceId);
    // Metrics went to the generic endpoint, where nothing listens.
    expect(await scrapedCount(service)).toBeUndefined();
  }, 60_000);
});

const HTTP_CONTENT_TYPES: Record<Exclude<OtlpProtocol, 'grpc'>, string> = { 'http/protobuf': 'application/x-protobuf', 'http/json': 'application/json' };
const GRPC_SERVICES = { traces: 'TraceService', metrics: 'MetricsService', logs: 'LogsService' } as const;

describe('what goes on the wire: headers, content type, compression', () => {
  for (const protocol of OTLP_PROTOCOLS) {
    it(`${protocol}: generic and per-signal headers combine (per-signal wins), per-signal compression, the protocol's content type`, async () => {
      const recorder = protocol === 'grpc' ? await startGrpcRecorder() : await startHttpRecorder();
      try {
        await runAgent({
          OTEL_SERVICE_NAME: `otlp-wire-${slug(protocol)}`,
          OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
          OTEL_EXPORTER_OTLP_ENDPOINT: recorder.url,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-aqe-team=quality,x-aqe-token=generic',
          OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-aqe-token=traces%20only',
          OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: 'gzip',
        });
        const bySignal = (signal: keyof typeof GRPC_SERVICES) =>
          recorder.requests.find((r) => (protocol === 'grpc' ? r.path.includes(`.${GRPC_SERVICES[signal]}/Export`) : r.path === `/v1/${signal}`));
        const [traces, metricsRequest, logsRequest] = [bySignal('traces'), bySignal('metrics'), bySignal('logs')];
        expect(traces, 'no trace export arrived').toBeDefined();
        expect(metricsRequest, 'no metric export arrived').toBeDefined();
        expect(logsRequest, 'no log export arrived').toBeDefined();
        expect(traces!.headers).toMatchObject({ 'x-aqe-team': 'quality', 'x-aqe-token': 'traces only' });
        expect(metricsRequest!.headers).toMatchObject({ 'x-aqe-team': 'quality', 'x-aqe-token': 'generic' });
        if (protocol === 'grpc') {
          for (const request of [traces!, metricsRequest!, logsRequest!]) expect(request.headers['content-type']).toBe('application/grpc');
          expect(traces!.headers['grpc-encoding']).toBeUndefined();
          expect(logsRequest!.headers['grpc-encoding']).toBe('gzip');
          // gRPC framing: flag byte 1 = this message is compressed.
          expect(logsRequest!.body[0]).toBe(1);
        } else {
          for (const request of [traces!, metricsRequest!, logsRequest!]) expect(request.headers['content-type']).toBe(HTTP_CONTENT_TYPES[protocol]);
          expect(traces!.headers['content-encoding']).toBeUndefined();
          expect(logsRequest!.headers['content-encoding']).toBe('gzip');
          const body = gunzipSync(logsRequest!.body);
          expect(body.toString('utf8')).toContain('otlp protocols probe');
          if (protocol === 'http/json') expect(() => JSON.parse(traces!.body.toString('utf8')) as unknown).not.toThrow();
          else expect(() => JSON.parse(traces!.body.toString('utf8')) as unknown).toThrow(); // binary protobuf
        }
      } finally {
        await recorder.close();
      }
    }, 60_000);
  }
});

describe('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', () => {
  /** Accepts connections and never answers (and never closes them). */
  let silent: TcpServer;
  const sockets: Socket[] = [];
  let saved: NodeJS.ProcessEnv;
  beforeEach(async () => {
    saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_')) delete process.env[key];
    silent = createTcpServer((socket) => void sockets.push(socket.on('error', () => undefined)));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  });
  afterEach(async () => {
    process.env = saved;
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  /** One finished span, as a batch processor hands it to the exporter. */
  function oneSpan(): ReadableSpan {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory)] });
    provider.getTracer('timeout').startSpan('waits').end();
    return memory.getFinishedSpans()[0]!;
  }

  const TIMEOUT_MS = 600;
  /** The exporters' default, which the variable must have replaced. */
  const DEFAULT_TIMEOUT_MS = 10_000;

  for (const protocol of OTLP_PROTOCOLS) {
    it(`${protocol}: an export to a server that never answers fails with the SDK's timeout after the variable's ${TIMEOUT_MS} ms, not the default ${DEFAULT_TIMEOUT_MS} ms`, async () => {
      const { port } = silent.address() as AddressInfo;
      process.env.OTEL_EXPORTER_OTLP_PROTOCOL = protocol;
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
      process.env.OTEL_EXPORTER_OTLP_TIMEOUT = String(DEFAULT_TIMEOUT_MS * 3); // the per-signal one wins
      process.env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT = String(TIMEOUT_MS);
      const exporter = createOtlpExporter('TRACES', warnOnce());
      const started = performance.now();
      const result = await new Promise<ExportResult>((r) => exporter.export([oneSpan()], r));
      const elapsed = performance.now() - started;
      await exporter.shutdown();
      expect(result.code).toBe(ExportResultCode.FAILED);
      expect(String(result.error?.message)).toMatch(protocol === 'grpc' ? /DEADLINE_EXCEEDED|Deadline exceeded/i : /timed out/i);
      // The deadline is the variable's: not before it, and long before the default.
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS * 0.9);
      expect(elapsed).toBeLessThan(TIMEOUT_MS * 5);
    }, 30_000);
  }
});
