import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { OTLP_PROTOCOLS } from '../../runtime/defaults';
import { withExportFailureAccounting } from '../../runtime/export-failure-accounting';
import { createOtlpExporter, warnOnce } from '../../runtime/otlp-exporters';
import { startGrpcRecorder, startHttpRecorder, type Recorder } from '../support/otlp-recorders';

/**
 * Issue 15: a bad value of an OTEL_EXPORTER_OTLP_* variable never throws into the agent and never
 * turns telemetry off: it is named in a warning, with its value and what is accepted, and the
 * next in precedence (per-signal, generic, default) is used. Where the exporters themselves
 * warn well (COMPRESSION, TIMEOUT), theirs is the warning: one per exporter that reads the variable.
 */

let saved: NodeJS.ProcessEnv;
let warnings: string[];
let recorder: Recorder | undefined;

beforeEach(() => {
  saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('AQE_')) delete process.env[key];
  process.env.AQE_TRACE_FILE = '';
  warnings = [];
  const keep = (message: string, ...args: unknown[]) => void warnings.push([message, ...args.map(String)].join(' '));
  diag.setLogger({ error: keep, warn: keep, info: () => undefined, debug: () => undefined, verbose: () => undefined }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
});

afterEach(async () => {
  await shutdownTelemetry();
  await recorder?.close();
  recorder = undefined;
  process.env = saved;
  diag.disable();
});

/**
 * `env` set (OTEL_EXPORTER_OTLP_ENDPOINT: a recorder of `kind`, unless `env` has one), one span
 * exported; returns the trace export the recorder got, if any.
 */
async function exportWith(env: Record<string, string>, kind: 'http' | 'grpc' | 'none' = 'http') {
  recorder = kind === 'none' ? undefined : kind === 'grpc' ? await startGrpcRecorder() : await startHttpRecorder();
  Object.assign(process.env, recorder ? { OTEL_EXPORTER_OTLP_ENDPOINT: recorder.url } : {}, env);
  await exportOneSpan();
  return recorder?.requests.find((r) => r.path === '/v1/traces' || r.path.includes('TraceService/Export'));
}

/** One span exported through the bootstrap as configured by the environment; the session must be on. */
async function exportOneSpan(): Promise<void> {
  const handle = initializeTelemetry({ shutdownTimeoutMillis: 2000, metricExportIntervalMillis: 60_000 });
  expect(handle.enabled, `telemetry was turned off: ${warnings.join('\n')}`).toBe(true);
  trace.getTracer('otlp-env').startSpan('probe').end();
  await shutdownTelemetry();
}

const warningsNaming = (variable: string) => warnings.filter((w) => new RegExp(`\\b${variable}\\b`).test(w));

/** The one warning that names `variable`. */
function theWarningNaming(variable: string): string {
  const named = warningsNaming(variable);
  expect(named, `warnings naming ${variable}`).toHaveLength(1);
  return named[0]!;
}

describe('a bad OTEL_EXPORTER_OTLP_* value: one warning naming it, and the next in precedence', () => {
  it('an unknown protocol: http/protobuf, the default', async () => {
    const traces = await exportWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' });
    expect(traces?.headers['content-type']).toBe('application/x-protobuf');
    const named = theWarningNaming('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(named).toContain('"http/xml"');
    for (const protocol of OTLP_PROTOCOLS) expect(named).toContain(protocol);
  });

  it('an unknown per-signal protocol: the generic one', async () => {
    const traces = await exportWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'json' });
    expect(traces?.headers['content-type']).toBe('application/json');
    theWarningNaming('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL');
    expect(warningsNaming('OTEL_EXPORTER_OTLP_PROTOCOL')).toHaveLength(0);
  });

  it('a per-signal HTTP endpoint that is no http(s) URL: the generic endpoint with the signal path', async () => {
    const traces = await exportWith({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'localhost:4318' });
    expect(traces?.path).toBe('/v1/traces');
    const named = theWarningNaming('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
    expect(named).toContain('"localhost:4318"');
    expect(named).toContain('http:// or https://');
  });

  for (const protocol of OTLP_PROTOCOLS) {
    it(`${protocol}: a generic endpoint that does not parse: the default endpoint, telemetry stays on`, async () => {
      // Before the check, the gRPC exporters threw here and the whole session was a no-op.
      await exportWith({ OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://', OTEL_EXPORTER_OTLP_TIMEOUT: '200' }, 'none');
      const ours = theWarningNaming('OTEL_EXPORTER_OTLP_ENDPOINT');
      expect(ours).toContain('"http://"');
    });
  }

  it('grpc: a per-signal endpoint that does not parse: the generic one', async () => {
    expect(await exportWith({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://[::1' }, 'grpc')).toBeDefined();
    theWarningNaming('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  });

  it('a malformed header list: the well-formed entries are sent, the malformed named without their values', async () => {
    const traces = await exportWith({ OTEL_EXPORTER_OTLP_HEADERS: 'x-aqe-good=yes,Authorization: Bearer s3cret-token' });
    expect(traces?.headers['x-aqe-good']).toBe('yes');
    const named = theWarningNaming('OTEL_EXPORTER_OTLP_HEADERS');
    expect(named).toContain('key=value');
    expect(named).not.toContain('s3cret');
  });

  it("an unknown compression: none, with the exporters' own warning naming the variable, the value and gzip", async () => {
    const traces = await exportWith({ OTEL_EXPORTER_OTLP_COMPRESSION: 'br' });
    expect(traces?.headers['content-encoding']).toBeUndefined();
    const named = warningsNaming('OTEL_EXPORTER_OTLP_COMPRESSION');
    expect(named.length).toBeGreaterThanOrEqual(1);
    expect(named.length).toBeLessThanOrEqual(3); // one per signal's exporter
    for (const warning of named) expect(warning).toMatch(/'br'.*gzip|gzip.*'br'/);
  });

  it("a timeout that is not a number: the default, with the SDK's warning naming the variable, the value and 'number'", async () => {
    expect(await exportWith({ OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' })).toBeDefined();
    const named = warningsNaming('OTEL_EXPORTER_OTLP_TIMEOUT');
    expect(named.length).toBeGreaterThanOrEqual(1);
    for (const warning of named) expect(warning).toMatch(/soon.*number/);
  });
});

describe('OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', () => {
  for (const protocol of OTLP_PROTOCOLS) {
    it(`${protocol}: still reaches the metric reader through the failure accounting`, async () => {
      Object.assign(process.env, { OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: 'delta' });
      // As the bootstrap builds it (runtime/bootstrap.ts).
      const exporter = withExportFailureAccounting(createOtlpExporter('METRICS', warnOnce()), 'metrics', 'otlp');
      expect(exporter.selectAggregationTemporality?.(InstrumentType.COUNTER)).toBe(AggregationTemporality.DELTA);
      await exporter.shutdown();
    });
  }
});
