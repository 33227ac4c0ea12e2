import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OTLP_PROTOCOLS, type OtlpProtocol } from '../../runtime/defaults';

/**
 * Issue 15 (and 16, which measures start-up): a process loads only the exporter packages of the
 * protocols its signals use; the gRPC stack is the heaviest. The CLI and the generators load
 * none. Each case runs in a fresh Node process whose every `require` is recorded.
 */

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'aqe-otlp-loading-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  readonly packages: ReadonlySet<string>;
  /** Files loaded through require, whatever their origin. */
  readonly modules: number;
}

const TRACKER = join(dir, 'track.js');
writeFileSync(
  TRACKER,
  `const Module = require('module'); const packages = new Set(); const files = new Set(); const load = Module._load;
Module._load = function (request, parent) { try { const file = Module._resolveFilename(request, parent); files.add(file); const m = file.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/); if (m) packages.add(m[1]); } catch {} return load.apply(this, arguments); };
process.on('exit', () => require('fs').writeFileSync(process.env.AQE_LOADED_FILE, JSON.stringify({ packages: [...packages], modules: files.size })));`,
);

function loadedBy(args: readonly string[], env: Record<string, string> = {}): Loaded {
  const out = join(dir, `loaded-${Math.random().toString(36).slice(2)}.json`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('AQE_')));
  const run = spawnSync(process.execPath, ['-r', TRACKER, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...clean, AQE_LOADED_FILE: out, ...env } });
  expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  const { packages, modules } = JSON.parse(readFileSync(out, 'utf8')) as { packages: string[]; modules: number };
  return { packages: new Set(packages), modules };
}

const EXPORTER_PACKAGES = /^@opentelemetry\/(exporter-(trace|metrics|logs)-otlp-|otlp-grpc-exporter-base)|^@grpc\//;
const exportersOf = (loaded: Loaded) => [...loaded.packages].filter((p) => EXPORTER_PACKAGES.test(p)).sort();

/** The packages each protocol's exporters are in (the gRPC metric exporter extends the JSON one's base class). */
const EXPECTED: Record<OtlpProtocol, readonly string[]> = {
  'http/protobuf': ['@opentelemetry/exporter-logs-otlp-proto', '@opentelemetry/exporter-metrics-otlp-http', '@opentelemetry/exporter-metrics-otlp-proto', '@opentelemetry/exporter-trace-otlp-proto'],
  'http/json': ['@opentelemetry/exporter-logs-otlp-http', '@opentelemetry/exporter-metrics-otlp-http', '@opentelemetry/exporter-trace-otlp-http'],
  grpc: ['@grpc/grpc-js', '@opentelemetry/exporter-logs-otlp-grpc', '@opentelemetry/exporter-metrics-otlp-grpc', '@opentelemetry/exporter-metrics-otlp-http', '@opentelemetry/exporter-trace-otlp-grpc', '@opentelemetry/otlp-grpc-exporter-base'],
};

/** Sets up, exports one span (the gRPC exporters load @grpc/grpc-js on their first export), shuts down. */
const AGENT = `const { getTracer, initializeTelemetry, shutdownTelemetry } = require('./runtime/bootstrap');
initializeTelemetry({ shutdownTimeoutMillis: 300 }); getTracer().startSpan('loading').end(); shutdownTelemetry();`;
/** Nothing listens there: each export fails at once and gives up. */
const NOWHERE = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_TIMEOUT: '100' };

describe('the exporter packages a process loads', () => {
  for (const protocol of OTLP_PROTOCOLS) {
    it(`OTEL_EXPORTER_OTLP_PROTOCOL=${protocol}: only that protocol's`, () => {
      const loaded = loadedBy(['-r', 'ts-node/register', '-e', AGENT], { ...NOWHERE, OTEL_EXPORTER_OTLP_PROTOCOL: protocol });
      expect(exportersOf(loaded)).toEqual(EXPECTED[protocol]);
    }, 60_000);
  }

  it('a per-signal protocol loads its package for that signal only', () => {
    const loaded = loadedBy(['-r', 'ts-node/register', '-e', AGENT], { ...NOWHERE, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' });
    const found = exportersOf(loaded);
    expect(found).toContain('@opentelemetry/exporter-trace-otlp-grpc');
    expect(found).not.toContain('@opentelemetry/exporter-metrics-otlp-grpc');
    expect(found).not.toContain('@opentelemetry/exporter-trace-otlp-http');
    expect(found).toContain('@opentelemetry/exporter-logs-otlp-http');
  }, 60_000);

  it('with OTLP off (OTEL_TRACES/METRICS/LOGS_EXPORTER=none), none', () => {
    const loaded = loadedBy(['-r', 'ts-node/register', '-e', AGENT], { OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    expect(exportersOf(loaded)).toEqual([]);
  }, 60_000);

  it('the aqe CLI loads none', () => {
    expect(exportersOf(loadedBy([join(ROOT, 'cli/aqe.js'), 'telemetry', '--help']))).toEqual([]);
  }, 60_000);

  it('the generators, with every source loaded, load none', () => {
    const script = `const { loadSources } = require('./generators/load-sources'); require('./generators/generate'); loadSources(process.cwd(), []);`;
    expect(exportersOf(loadedBy(['-r', 'ts-node/register', '-e', script]))).toEqual([]);
  }, 60_000);
});
