import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag, metrics, trace } from '@opentelemetry/api';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { createLogger } from '../../runtime/logger';
import { environmentVariablesRead, FUZZ_SEED, hostile, HUGE_STRING, isRecord, resolveHostile, ROOT } from '../support/fuzz';

/**
 * Issue 13: no environment variable, and no option, makes the bootstrap or a logger throw
 * or leave a rejection nobody handles (which ends a Node process). The variables are those
 * the runtime and the SDK packages it wires name in their sources; the options are the
 * fields of TelemetryOptions as runtime/telemetry-options.ts declares them.
 */

const VARIABLES = environmentVariablesRead();

/** Values that mean something to some parser, and the ones that mean nothing. */
const envValue = fc.oneof(
  fc.constantFrom('', ' ', 'none', 'otlp', 'prometheus', 'otlp,prometheus', 'console', 'true', 'false', 'TRUE', '0', '-1', '1e308', 'NaN', '65536', '99999999', '2147483648', 'ALL', 'VERBOSE', 'http://', 'http://127.0.0.1:1', '127.0.0.1:1', 'localhost:4318', 'unix:///nowhere.sock', 'grpc', 'http/protobuf', 'http/json', 'http/xml', 'gzip', 'GZIP', 'br', 'a=b,c', '=,=', '%zz', HUGE_STRING.slice(0, 100_000)),
  fc.string({ maxLength: 40 }),
  // Any code unit but NUL, which no environment can hold.
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, '')),
);

/** The fields of TelemetryOptions, read from its declaration so a new option is fuzzed too. */
function telemetryOptionNames(): string[] {
  const source = readFileSync(join(ROOT, 'runtime/telemetry-options.ts'), 'utf8');
  const body = /export interface TelemetryOptions \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s*readonly (\w+)\?:/gm)].map((m) => m[1] as string);
}
const OPTIONS = telemetryOptionNames();

/**
 * Nothing listens on port 1: an export fails at once, and gives up retrying after 100 ms,
 * instead of waiting on a network or on a collector some other test started on 4318.
 */
const NOWHERE = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_EXPORTER_OTLP_TIMEOUT: '100' };

/** Short, so a session whose exporters point nowhere cannot hold a run for seconds. */
const SHUTDOWN_TIMEOUT_MS = 200;

let saved: NodeJS.ProcessEnv;
let unhandled: string[] = [];
const onUnhandled = (reason: unknown) => {
  let text = 'an unprintable reason';
  try {
    text = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
  } catch {
    // keep the placeholder
  }
  unhandled.push(text);
};

beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});
beforeEach(() => {
  saved = { ...process.env };
  unhandled = [];
  clearTelemetryEnv();
});
afterEach(async () => {
  await shutdownTelemetry();
  process.env = saved;
  diag.disable();
});

/** A session started and stopped; a throw, a rejection or a handle that breaks its promises fails it. */
async function session(options: unknown): Promise<void> {
  diag.disable(); // an OTEL_LOG_LEVEL of an earlier run would print the SDK's diagnostics
  const handle = initializeTelemetry(options as never);
  // Before any flush, so the call paths the variables configure run (samplers, limits, readers).
  trace.getTracer('fuzz').startSpan('fuzz').end();
  metrics.getMeter('fuzz').createCounter('fuzz').add(1);
  createLogger({ destination: { write: () => undefined } }).info('fuzz');
  await handle.prometheusUrl;
  await handle.forceFlush();
  await shutdownTelemetry();
}

function clearTelemetryEnv(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('AQE_')) delete process.env[key];
}

async function settle(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('the variables the runtime reads', () => {
  it('are found in the sources: the runtime\'s own and the SDK\'s', () => {
    for (const name of ['AQE_LOG_LEVEL', 'AQE_TRACE_FILE', 'AQE_ENVIRONMENT', 'OTEL_SDK_DISABLED', 'OTEL_EXPORTER_PROMETHEUS_PORT', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', 'OTEL_EXPORTER_OTLP_METRICS_INSECURE']) {
      expect(VARIABLES).toContain(name);
    }
    expect(OPTIONS).toEqual(expect.arrayContaining(['serviceName', 'prometheus', 'shutdownTimeoutMillis']));
  });
});

describe('bootstrap and logger with hostile environment variables', () => {
  it('never throw and leave no unhandled rejection, whatever the variables hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...VARIABLES), envValue, { minKeys: 1, maxKeys: 12 }), async (env) => {
        clearTelemetryEnv();
        Object.assign(process.env, env, { AQE_TRACE_FILE: '' }); // spans go nowhere on disk
        await session({ otlp: false, shutdownTimeoutMillis: SHUTDOWN_TIMEOUT_MS });
        await settle();
        expect(unhandled).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: 120 },
    );
  });

  it('with OTLP on as well: exporters built from hostile variables never throw into the agent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...VARIABLES.filter((v) => v.startsWith('OTEL_EXPORTER_OTLP') || v.endsWith('_EXPORTER'))), envValue, { minKeys: 1, maxKeys: 6 }), async (env) => {
        clearTelemetryEnv();
        Object.assign(process.env, NOWHERE, env);
        await session({ shutdownTimeoutMillis: SHUTDOWN_TIMEOUT_MS });
        await settle();
        expect(unhandled).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: 40 },
    );
  });
});

describe('bootstrap with hostile options', () => {
  it('never throws and leaves no unhandled rejection, whatever each option holds', async () => {
    const field = (name: string) =>
      name === 'prometheus'
        ? fc.oneof(hostile, fc.record({ port: fc.oneof(hostile, fc.constant(0)), host: hostile, endpoint: hostile, withoutScopeInfo: hostile }, { requiredKeys: [] }))
        : hostile;
    const options = fc.oneof(
      { weight: 4, arbitrary: fc.record(Object.fromEntries(OPTIONS.map((name) => [name, field(name)])), { requiredKeys: [] }) },
      { weight: 1, arbitrary: hostile },
    );
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        Object.assign(process.env, NOWHERE);
        // A string would be a real file: the trace file has its own tests (trace-file.test.ts).
        await session(isRecord(given) ? { ...(resolveHostile(given) as object), traceFile: false } : resolveHostile(given));
        await settle();
        expect(unhandled).toEqual([]);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
