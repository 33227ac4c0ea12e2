/**
 * The OTLP exporters of the three signals, over the protocol the standard variables choose:
 * OTEL_EXPORTER_OTLP_{TRACES_,METRICS_,LOGS_}PROTOCOL, then OTEL_EXPORTER_OTLP_PROTOCOL, then
 * `http/protobuf` (the OpenTelemetry specification's and the JS SDK's default).
 *
 * Only the protocol is ours: no exporter package reads it (in the SDK only the unused sdk-node
 * does). The rest, per signal and generic (the per-signal variable wins, headers combine),
 * the exporters read themselves when given no option, and are left to them:
 * ENDPOINT (http: base + `/v1/<signal>`, per-signal as is; grpc: `host:port` or a URL, both as is),
 * HEADERS, COMPRESSION (`gzip`|`none`), TIMEOUT, CERTIFICATE, CLIENT_KEY, CLIENT_CERTIFICATE,
 * grpc's INSECURE, and OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE.
 *
 * What is added here, because the exporters do not do it safely:
 * - a bad protocol is named in one warning and the next in precedence is used;
 * - an endpoint that does not parse: the gRPC exporters throw at construction (telemetry
 *   would be off altogether), the HTTP ones warn without naming the variable, and take a
 *   URL of any scheme (`localhost:4318` parses, as scheme `localhost:`, and every export then
 *   fails). One warning names the variable, and the exporter is given the next endpoint in
 *   precedence explicitly;
 * - a malformed header list: the exporters drop the malformed entries silently;
 * - a timeout past Node's timer range, which setTimeout turns into 1 ms (every export would
 *   time out): it is given, bounded.
 * A bad COMPRESSION or TIMEOUT is already named, with what is accepted, by the exporters'
 * own warning (once per exporter that reads it), and they fall back the same way.
 *
 * Each protocol's package is required only when a signal uses it, and the CLI and the
 * generators load none (test/runtime/otlp-loading.test.ts). Measured here (Node 20, all three
 * signals): http/json 333 modules after set-up, http/protobuf 338, grpc 340 and another 71
 * (@grpc/grpc-js, which its exporters load on the first export); OTLP off 253.
 */
import { diag } from '@opentelemetry/api';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_OTLP_GRPC_ENDPOINT, DEFAULT_OTLP_HTTP_ENDPOINT, DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS, type OtlpProtocol } from './defaults';

export type OtlpSignal = 'TRACES' | 'METRICS' | 'LOGS';

interface ExporterOptions {
  url?: string;
  timeoutMillis?: number;
}

/** What each signal's exporter class is, in whichever package. */
interface ExporterClasses {
  TRACES: new (options: ExporterOptions) => SpanExporter;
  METRICS: new (options: ExporterOptions) => PushMetricExporter;
  LOGS: new (options: ExporterOptions) => LogRecordExporter;
}

/*
 * require, not import: an import would load all nine packages at start-up. The types come
 * from `typeof import(...)`, which loads nothing.
 */
const LOADERS: { readonly [S in OtlpSignal]: { readonly [P in OtlpProtocol]: () => ExporterClasses[S] } } = {
  TRACES: {
    'http/protobuf': () => (require('@opentelemetry/exporter-trace-otlp-proto') as typeof import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter,
    'http/json': () => (require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter,
    grpc: () => (require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc')).OTLPTraceExporter,
  },
  METRICS: {
    'http/protobuf': () => (require('@opentelemetry/exporter-metrics-otlp-proto') as typeof import('@opentelemetry/exporter-metrics-otlp-proto')).OTLPMetricExporter,
    'http/json': () => (require('@opentelemetry/exporter-metrics-otlp-http') as typeof import('@opentelemetry/exporter-metrics-otlp-http')).OTLPMetricExporter,
    grpc: () => (require('@opentelemetry/exporter-metrics-otlp-grpc') as typeof import('@opentelemetry/exporter-metrics-otlp-grpc')).OTLPMetricExporter,
  },
  LOGS: {
    'http/protobuf': () => (require('@opentelemetry/exporter-logs-otlp-proto') as typeof import('@opentelemetry/exporter-logs-otlp-proto')).OTLPLogExporter,
    'http/json': () => (require('@opentelemetry/exporter-logs-otlp-http') as typeof import('@opentelemetry/exporter-logs-otlp-http')).OTLPLogExporter,
    grpc: () => (require('@opentelemetry/exporter-logs-otlp-grpc') as typeof import('@opentelemetry/exporter-logs-otlp-grpc')).OTLPLogExporter,
  },
};

const SIGNAL_PATHS: { readonly [S in OtlpSignal]: string } = { TRACES: 'v1/traces', METRICS: 'v1/metrics', LOGS: 'v1/logs' };

/** A variable's value as the exporters read it: trimmed, and blank counts as unset. */
function fromEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/**
 * Each bad variable is named once per set-up, although three signals read the generic ones.
 * `message` follows the name: `="value" is ...` or ` has ...`.
 */
export type Warn = (variable: string, message: string) => void;

export function warnOnce(): Warn {
  const warned = new Set<string>();
  return (variable, message) => {
    if (warned.has(variable)) return;
    warned.add(variable);
    diag.warn(`aqe-telemetry: ${variable}${message}`);
  };
}

/** The signal's protocol: per-signal variable, generic variable, default; a bad value is as if unset. */
export function otlpProtocol(signal: OtlpSignal, warn: Warn): OtlpProtocol {
  for (const variable of [`OTEL_EXPORTER_OTLP_${signal}_PROTOCOL`, 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = fromEnv(variable);
    if (value === undefined) continue;
    if ((OTLP_PROTOCOLS as readonly string[]).includes(value)) return value as OtlpProtocol;
    warn(variable, `=${JSON.stringify(value)} is not an OTLP protocol; expected one of ${OTLP_PROTOCOLS.join(', ')}; ignored`);
  }
  return DEFAULT_OTLP_PROTOCOL;
}

/**
 * Builds the signal's exporter over its protocol. Throws only what the exporter's own
 * constructor throws (the caller, bootstrap, turns that into telemetry off).
 *
 * @example
 * const spans = createOtlpExporter('TRACES', warnOnce()); // OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the gRPC exporter
 */
export function createOtlpExporter<S extends OtlpSignal>(signal: S, warn: Warn): InstanceType<ExporterClasses[S]> {
  const protocol = otlpProtocol(signal, warn);
  checkHeaders(signal, warn);
  const url = protocol === 'grpc' ? grpcUrl(signal, warn) : httpUrl(signal, warn);
  const timeoutMillis = boundedTimeout(signal);
  const Exporter = LOADERS[signal][protocol]() as new (options: ExporterOptions) => InstanceType<ExporterClasses[S]>;
  // Only what must be given: every option passed here wins over the environment.
  return new Exporter({ ...(url !== undefined ? { url } : {}), ...(timeoutMillis !== undefined ? { timeoutMillis } : {}) });
}

const ACCEPTED_HTTP_URL = 'expected an http:// or https:// URL';

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * `undefined` (the exporter reads the environment itself) unless the variable it would take
 * holds no http(s) URL: then the next in precedence that does, or the default.
 */
function httpUrl(signal: OtlpSignal, warn: Warn): string | undefined {
  const specific = `OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`;
  const value = fromEnv(specific);
  let bad = false;
  if (value !== undefined) {
    if (isHttpUrl(value)) return undefined;
    warn(specific, `=${JSON.stringify(value)} is not a URL the exporter can send to; ${ACCEPTED_HTTP_URL} (used as is); ignored`);
    bad = true;
  }
  const base = fromEnv('OTEL_EXPORTER_OTLP_ENDPOINT');
  const fallback = `${DEFAULT_OTLP_HTTP_ENDPOINT}/${SIGNAL_PATHS[signal]}`;
  if (base === undefined) return bad ? fallback : undefined;
  const appended = `${base.endsWith('/') ? base : `${base}/`}${SIGNAL_PATHS[signal]}`;
  if (isHttpUrl(base) && isHttpUrl(appended)) return bad ? appended : undefined;
  warn('OTEL_EXPORTER_OTLP_ENDPOINT', `=${JSON.stringify(base)} is not a URL the exporter can send to; ${ACCEPTED_HTTP_URL} (the signal's path, e.g. /v1/traces, is appended); ignored`);
  return fallback;
}

/** What the gRPC exporter does with an endpoint (otlp-grpc-configuration.js), without its throw. */
function grpcEndpointParses(value: string): boolean {
  try {
    const target = new URL(/^\w{1,8}:\/\//.test(value) ? value : `https://${value}`);
    return target.protocol === 'unix:' || target.host !== '';
  } catch {
    return false;
  }
}

function grpcUrl(signal: OtlpSignal, warn: Warn): string | undefined {
  const variables = [`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`, 'OTEL_EXPORTER_OTLP_ENDPOINT'];
  let bad = false;
  for (const variable of variables) {
    const value = fromEnv(variable);
    if (value === undefined) continue;
    if (grpcEndpointParses(value)) return bad ? value : undefined;
    warn(variable, `=${JSON.stringify(value)} is not a gRPC endpoint; expected host:port or a URL (http:// sends without TLS); ignored`);
    bad = true;
  }
  return bad ? DEFAULT_OTLP_GRPC_ENDPOINT : undefined;
}

/**
 * Warns of the entries the exporters drop (they keep the well-formed ones). Header values are
 * often secrets (an API key): a malformed entry is shown by its first characters only.
 */
function checkHeaders(signal: OtlpSignal, warn: Warn): void {
  for (const variable of [`OTEL_EXPORTER_OTLP_${signal}_HEADERS`, 'OTEL_EXPORTER_OTLP_HEADERS']) {
    const value = fromEnv(variable);
    if (value === undefined) continue;
    const malformed = value.split(',').filter((entry) => !wellFormedHeader(entry));
    if (malformed.length === 0) continue;
    const shown = malformed.map((entry) => JSON.stringify(entry.trim().length > 4 ? `${entry.trim().slice(0, 4)}…` : entry.trim())).join(', ');
    warn(variable, ` has ${malformed.length} malformed entr${malformed.length === 1 ? 'y' : 'ies'} (${shown}; the rest not shown, values may be secrets); expected comma-separated key=value pairs with URL-encoded values; the malformed ones are not sent`);
  }
}

/** As @opentelemetry/core's parseKeyPairsIntoRecord takes an entry (what it drops is malformed). */
function wellFormedHeader(entry: string): boolean {
  const pair = entry.split(';')[0] ?? '';
  const separator = pair.indexOf('=');
  if (separator <= 0) return false;
  const key = pair.slice(0, separator).trim();
  const value = pair.slice(separator + 1).trim();
  if (key === '' || value === '') return false;
  try {
    decodeURIComponent(key);
    return decodeURIComponent(value) !== '';
  } catch {
    return false;
  }
}

/** The longest delay Node's timers take: past it they warn and fire after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Given only when the timeout the exporter would read is past Node's timer range
 * (OTEL_EXPORTER_OTLP_TIMEOUT=10000000000), bounded; the precedence is the exporter's own.
 * Read quietly: the exporter warns of a value that is not a number itself.
 */
function boundedTimeout(signal: OtlpSignal): number | undefined {
  const read = (name: string) => {
    const value = Number(fromEnv(name) ?? Number.NaN);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const timeout = read(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`) ?? read('OTEL_EXPORTER_OTLP_TIMEOUT');
  return timeout !== undefined && timeout > MAX_TIMER_MS ? MAX_TIMER_MS : undefined;
}
