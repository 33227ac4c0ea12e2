import { diag, type Attributes } from '@opentelemetry/api';
import type { LogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { IMetricReader, ViewOptions } from '@opentelemetry/sdk-metrics';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { PrometheusOptions } from './prometheus-endpoint';

/** What initializeTelemetry (bootstrap.ts) takes; declared here, beside its checks, so neither file imports the other. */
export interface TelemetryOptions {
  /** Wins over OTEL_SERVICE_NAME, as in the OpenTelemetry NodeSDK. @default OTEL_SERVICE_NAME or 'aqe-agent' */
  readonly serviceName?: string;
  /** @default the aqe-telemetry package version */
  readonly serviceVersion?: string;
  /** `deployment.environment.name`. @default AQE_ENVIRONMENT or 'development' */
  readonly environment?: string;
  /** Extra resource attributes; they win over OTEL_RESOURCE_ATTRIBUTES. */
  readonly resourceAttributes?: Attributes;
  /** `false` creates no OTLP exporter whatever the environment says (tests, Prometheus-only). @default true */
  readonly otlp?: boolean;
  /** Serve metrics for Prometheus to scrape. Also enabled by OTEL_METRICS_EXPORTER=prometheus. */
  readonly prometheus?: PrometheusOptions;
  /**
   * Also append finished spans as JSON lines to this file (runtime/trace-file.ts), which
   * `aqe telemetry trace` reads when no Jaeger is configured; `false` writes none whatever
   * the environment says.
   * @default AQE_TRACE_FILE, else none
   */
  readonly traceFile?: string | false;
  /** @default from OTEL_TRACES_SAMPLER/_ARG, else ParentBased(AlwaysOn): the spec wants 100% of QE operations */
  readonly sampler?: Sampler;
  /**
   * 5 s rather than the OpenTelemetry default of 60 s: an immediate critical alert must reach
   * its receiver within 30 s of the event (spec 11.1), and this is the first hop of that
   * budget (docs/alerting.md).
   * @default OTEL_METRIC_EXPORT_INTERVAL or 5000
   */
  readonly metricExportIntervalMillis?: number;
  /** Upper bound of {@link shutdownTelemetry}, so a dead collector cannot hold an agent's exit. @default 5000 */
  readonly shutdownTimeoutMillis?: number;
  readonly spanProcessors?: readonly SpanProcessor[];
  readonly metricReaders?: readonly IMetricReader[];
  readonly logRecordProcessors?: readonly LogRecordProcessor[];
  /** Metric views, e.g. histogram buckets for an instrument without `advice`. */
  readonly views?: readonly ViewOptions[];
  /**
   * The generated helpers keep their series in typed arrays that this session's readers
   * collect (runtime/metric-cells.ts), a few times cheaper per call than the SDK's
   * instruments, with the same output. `false` records them through the SDK's instruments.
   * The SDK's instruments are used anyway when `metricReaders` or `views` are given, or a
   * reader asks for delta temporality or a non-default aggregation.
   * @default true
   */
  readonly metricCells?: boolean;
}


/**
 * TelemetryOptions as an untyped caller may pass them (null, a Proxy, a string where an
 * array goes), reduced to what the SDK can take. The SDK throws on some of them at
 * construction, and worse, takes others and then throws later into agent code: a string of
 * span processors is spread into one processor per character, and every span start then
 * calls `onStart` on a character. A field of the wrong shape is left out, as if not given
 * (its default applies), and named once on the diag channel.
 */

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const hasMethods =
  (...methods: string[]): Check =>
  (v) =>
    isObject(v) && methods.every((m) => typeof v[m] === 'function');
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);

/** One check per option: a new option of TelemetryOptions does not compile until it has one. */
const CHECKS: { readonly [K in keyof Required<TelemetryOptions>]: Check } = {
  serviceName: isString,
  serviceVersion: isString,
  environment: isString,
  resourceAttributes: (v) => isObject(v) && !Array.isArray(v),
  otlp: (v) => typeof v === 'boolean',
  prometheus: isObject, // its fields are read by servePrometheus
  traceFile: (v) => isString(v) || v === false,
  sampler: hasMethods('shouldSample'),
  metricExportIntervalMillis: isNumber, // bounded where it is used (millis())
  shutdownTimeoutMillis: isNumber,
  spanProcessors: arrayOf(hasMethods('onStart', 'onEnd', 'forceFlush', 'shutdown')),
  metricReaders: arrayOf(hasMethods('setMetricProducer', 'collect', 'forceFlush', 'shutdown')),
  logRecordProcessors: arrayOf(hasMethods('onEmit', 'forceFlush', 'shutdown')),
  views: arrayOf(isObject),
  metricCells: (v) => typeof v === 'boolean',
};

export function readTelemetryOptions(given: unknown): TelemetryOptions {
  if (given === undefined) return {};
  if (!isObject(given)) {
    diag.warn(`aqe-telemetry: initializeTelemetry options must be an object, got ${typeof given}; using the defaults`);
    return {};
  }
  const options: Record<string, unknown> = {};
  const ignored: string[] = [];
  for (const [name, check] of Object.entries(CHECKS)) {
    try {
      const value = given[name];
      if (value === undefined) continue;
      // Copied, so that a caller changing its array or object later changes nothing here.
      if (check(value)) options[name] = Array.isArray(value) ? [...value] : name === 'resourceAttributes' ? { ...(value as object) } : value;
      else ignored.push(name);
    } catch {
      ignored.push(name); // a getter or Proxy that throws
    }
  }
  if (ignored.length > 0) diag.warn(`aqe-telemetry: initializeTelemetry options ${ignored.join(', ')} are not of their type; ignored`);
  return options as TelemetryOptions;
}
