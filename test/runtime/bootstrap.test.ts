import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMeter, getTracer, initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { SCOPE_NAME } from '../../runtime/scope';
import { telemetryGeneration } from '../../runtime/generation';
import { registerExportFailureSink, type TelemetrySignal } from '../../runtime/self-health';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A stand-in collector on loopback that answers every request with `status`. */
async function startCollector(status = 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.statusCode = status;
      response.setHeader('content-type', 'application/json');
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function collectFailures(): Array<[TelemetrySignal, string]> {
  const failures: Array<[TelemetrySignal, string]> = [];
  registerExportFailureSink((signal, exporter) => failures.push([signal, exporter]));
  return failures;
}

function inMemorySpans(): InMemorySpanExporter {
  return new InMemorySpanExporter();
}

let savedEnv: NodeJS.ProcessEnv;
let collector: Awaited<ReturnType<typeof startCollector>> | undefined;

beforeEach(() => {
  savedEnv = { ...process.env };
  for (const key of Object.keys(process.env)) {
    if (key.startsWith('OTEL_') || key.startsWith('AQE_')) delete process.env[key];
  }
});

afterEach(async () => {
  await shutdownTelemetry();
  await collector?.close();
  collector = undefined;
  registerExportFailureSink(() => undefined);
  process.env = savedEnv;
});

describe('resource', () => {
  it('puts service.name from the option, version, environment and OTEL_RESOURCE_ATTRIBUTES on spans', async () => {
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'k8s.namespace.name=aqe,service.name=from-env-attributes';
    const spans = inMemorySpans();
    initializeTelemetry({ otlp: false, serviceName: 'qe-test-generator', environment: 'staging', spanProcessors: [new SimpleSpanProcessor(spans)] });
    getTracer().startSpan('work').end();

    const [span] = spans.getFinishedSpans();
    expect(span?.resource.attributes).toMatchObject({
      'service.name': 'qe-test-generator',
      'service.version': '0.1.0',
      'deployment.environment.name': 'staging',
      'k8s.namespace.name': 'aqe',
      'telemetry.sdk.language': 'nodejs',
    });
    expect(span?.instrumentationScope.name).toBe(SCOPE_NAME);
  });

  it('takes service.name from OTEL_SERVICE_NAME and the environment from AQE_ENVIRONMENT when no option says otherwise', () => {
    process.env.OTEL_SERVICE_NAME = 'qe-coverage-analyzer';
    process.env.AQE_ENVIRONMENT = 'production';
    const spans = inMemorySpans();
    initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)] });
    getTracer().startSpan('work').end();

    expect(spans.getFinishedSpans()[0]?.resource.attributes).toMatchObject({
      'service.name': 'qe-coverage-analyzer',
      'deployment.environment.name': 'production',
    });
  });

  it('defaults service.name to aqe-agent and the environment to development', () => {
    const handle = initializeTelemetry({ otlp: false });
    expect(handle.resource?.attributes['service.name']).toBe('aqe-agent');
    expect(handle.resource?.attributes['deployment.environment.name']).toBe('development');
  });
});

describe('OTLP/HTTP export', () => {
  it('delivers spans to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces with OTEL_EXPORTER_OTLP_HEADERS on shutdown', async () => {
    collector = await startCollector();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.OTEL_EXPORTER_OTLP_HEADERS = 'x-aqe-token=secret';
    initializeTelemetry({ serviceName: 'otlp-check' });
    getTracer().startSpan('delivered-span').end();
    getMeter().createCounter('aqe.test.delivered_total').add(1); // an empty collection is not exported
    expect(collector.received.filter((r) => r.path === '/v1/traces')).toHaveLength(0); // batched until the flush

    await shutdownTelemetry();

    const traces = collector.received.filter((r) => r.path === '/v1/traces');
    expect(traces).toHaveLength(1);
    expect(traces[0]?.body).toContain('delivered-span');
    expect(traces[0]?.body).toContain('otlp-check');
    expect(traces[0]?.headers['x-aqe-token']).toBe('secret');
    expect(collector.received.map((r) => r.path)).toContain('/v1/metrics');
  });

  it('exports metrics every OTEL_METRIC_EXPORT_INTERVAL milliseconds, not only on shutdown', async () => {
    collector = await startCollector();
    process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${collector.url}/custom/metrics`;
    process.env.OTEL_METRIC_EXPORT_INTERVAL = '100';
    initializeTelemetry();
    getMeter().createCounter('aqe.test.interval_total').add(1);

    await expect.poll(() => collector?.received.some((r) => r.path === '/custom/metrics'), { timeout: 3000 }).toBe(true);
  });

  it('creates no OTLP exporter for a signal whose OTEL_*_EXPORTER is none', async () => {
    collector = await startCollector();
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    process.env.OTEL_TRACES_EXPORTER = 'none';
    initializeTelemetry();
    getTracer().startSpan('not-exported').end();
    getMeter().createCounter('aqe.test.exported_total').add(1);
    await shutdownTelemetry();
    expect(collector.received.map((r) => r.path)).not.toContain('/v1/traces');
    expect(collector.received.map((r) => r.path)).toContain('/v1/metrics');
  });

  it('reports a batch the collector rejects with 500 as an export failure of its signal', async () => {
    collector = await startCollector(500);
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collector.url;
    const failures = collectFailures();
    initializeTelemetry();
    getTracer().startSpan('rejected').end();
    getMeter().createCounter('aqe.test.rejected_total').add(1);

    await shutdownTelemetry();

    expect(failures).toContainEqual(['traces', 'otlp']);
    expect(failures).toContainEqual(['metrics', 'otlp']);
  });

  it('neither throws nor hangs when no collector listens, and counts the loss', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '300'; // retries of a refused connection stop at this deadline
    const failures = collectFailures();
    initializeTelemetry({ shutdownTimeoutMillis: 3000 });
    getTracer().startSpan('lost').end();
    getMeter().createCounter('aqe.test.lost_total').add(1);

    const started = Date.now();
    await expect(shutdownTelemetry()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failures).toContainEqual(['traces', 'otlp']);
  });

  it('bounds shutdown by shutdownTimeoutMillis even while exports keep retrying', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${await closedPort()}`;
    initializeTelemetry({ shutdownTimeoutMillis: 400 });
    getTracer().startSpan('lost').end();
    const started = Date.now();
    await shutdownTelemetry();
    expect(Date.now() - started).toBeLessThan(1500);
  });
});

describe('sampling', () => {
  it('records every root span by default', () => {
    const spans = inMemorySpans();
    initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)] });
    for (let i = 0; i < 20; i++) getTracer().startSpan(`op-${i}`).end();
    expect(spans.getFinishedSpans()).toHaveLength(20);
  });

  it('follows OTEL_TRACES_SAMPLER', () => {
    process.env.OTEL_TRACES_SAMPLER = 'always_off';
    const spans = inMemorySpans();
    initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)] });
    getTracer().startSpan('dropped').end();
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });
});

describe('Prometheus pull endpoint', () => {
  it('serves recorded metrics with otel_scope labels on a free port', async () => {
    const handle = initializeTelemetry({ otlp: false, prometheus: { port: 0 } });
    getMeter().createCounter('aqe.test.scraped_total').add(3, { agent_type: 'qe-test-generator' });
    const url = await handle.prometheusUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);

    const text = await (await fetch(url!)).text();
    expect(text).toMatch(/aqe_test_scraped_total\{[^}]*agent_type="qe-test-generator"[^}]*\} 3/);
    expect(text).toContain(`otel_scope_name="${SCOPE_NAME}"`);
    expect((await fetch(url!.replace('/metrics', '/other'))).status).toBe(404);

    await shutdownTelemetry();
    await expect(fetch(url!)).rejects.toThrow();
  });

  it.each(['94640', '-1', '70000', '9464.5'])('survives OTEL_EXPORTER_PROMETHEUS_PORT=%s: no endpoint, a counted failure, no rejected promise', async (port) => {
    process.env.OTEL_METRICS_EXPORTER = 'prometheus';
    process.env.OTEL_EXPORTER_PROMETHEUS_PORT = port;
    const failures = collectFailures();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const handle = initializeTelemetry({ otlp: false });
      const url = await handle.prometheusUrl;
      expect(url).toBeUndefined();
      expect(failures).toContainEqual(['metrics', 'prometheus']);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      delete process.env.OTEL_METRICS_EXPORTER;
      delete process.env.OTEL_EXPORTER_PROMETHEUS_PORT;
    }
  });

  it('answers 400 to a request line no URL parser takes, instead of an uncaught exception in the agent', async () => {
    const handle = initializeTelemetry({ otlp: false, prometheus: { port: 0 } });
    const { port } = new URL((await handle.prometheusUrl)!);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.end('GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
  });

  it('serves on the default host when the host option is not a string, with no rejected promise', async () => {
    const handle = initializeTelemetry({ otlp: false, prometheus: { port: 0, host: ['not', 'a', 'host'] as never, endpoint: 42 as never } });
    expect(await handle.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  });

  it('reports a port already in use as a prometheus export failure instead of throwing', async () => {
    collector = await startCollector();
    const failures = collectFailures();
    const handle = initializeTelemetry({ otlp: false, prometheus: { port: Number(new URL(collector.url).port) } });
    expect(await handle.prometheusUrl).toBeUndefined();
    expect(failures).toContainEqual(['metrics', 'prometheus']);
  });
});

describe('lifecycle', () => {
  it('ignores options of the wrong type instead of failing later on every span', async () => {
    const spans = inMemorySpans();
    initializeTelemetry({ otlp: false, spanProcessors: 'abc' as never, shutdownTimeoutMillis: 1e308, metricReaders: [{}] as never, logRecordProcessors: [new SimpleSpanProcessor(spans)] as never });
    expect(() => getTracer().startSpan('fine').end()).not.toThrow();
    initializeTelemetry(null as never);
    await expect(shutdownTelemetry()).resolves.toBeUndefined();
  });

  it('returns the same handle when initialised twice', () => {
    const first = initializeTelemetry({ otlp: false });
    expect(initializeTelemetry({ otlp: false, serviceName: 'ignored' })).toBe(first);
  });

  it('is idempotent on shutdown and starts afresh after it', async () => {
    const before = inMemorySpans();
    const first = initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(before)] });
    const firstShutdown = shutdownTelemetry();
    expect(shutdownTelemetry()).toBe(firstShutdown);
    await firstShutdown;
    await expect(first.shutdown()).resolves.toBeUndefined();
    expect(getTracer().startSpan('after-shutdown').isRecording()).toBe(false);

    const after = inMemorySpans();
    const second = initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(after)] });
    expect(second).not.toBe(first);
    await first.shutdown(); // an old handle must not shut the new session down
    getTracer().startSpan('second-session').end();
    expect(after.getFinishedSpans().map((s) => s.name)).toEqual(['second-session']);
    expect(before.getFinishedSpans()).toHaveLength(0);
  });

  it('increments telemetryGeneration on initialise and on shutdown', async () => {
    const start = telemetryGeneration();
    initializeTelemetry({ otlp: false });
    const afterInit = telemetryGeneration();
    await shutdownTelemetry();
    const afterShutdown = telemetryGeneration();
    expect(afterInit).toBeGreaterThan(start);
    expect(afterShutdown).toBeGreaterThan(afterInit);
    await shutdownTelemetry();
    expect(telemetryGeneration()).toBe(afterShutdown); // nothing changed, nothing to re-create
  });

  it('registers nothing when OTEL_SDK_DISABLED=true', async () => {
    process.env.OTEL_SDK_DISABLED = 'true';
    const spans = inMemorySpans();
    const handle = initializeTelemetry({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    expect(handle.enabled).toBe(false);
    const span = getTracer().startSpan('noop');
    expect(span.isRecording()).toBe(false);
    span.end();
    expect(spans.getFinishedSpans()).toHaveLength(0);
  });
});
