/**
 * Telemetry bootstrap (spec action A2): one call that wires traces, metrics and logs to
 * OTLP (http/protobuf by default, http/json or grpc; and optionally a Prometheus pull
 * endpoint), honouring the standard OTEL_* environment variables, and one call that flushes
 * everything on the way out.
 *
 * What the 2.12 / 0.223 SDK packages already read from the environment, and is therefore
 * not repeated here: OTEL_EXPORTER_OTLP_[TRACES_|METRICS_|LOGS_]{ENDPOINT,HEADERS,TIMEOUT,
 * COMPRESSION,CERTIFICATE,CLIENT_KEY,CLIENT_CERTIFICATE} and
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE (exporters; the protocol, which none of
 * them reads, and their unsafe cases are in otlp-exporters.ts), OTEL_TRACES_SAMPLER(_ARG),
 * OTEL_SPAN_* limits and OTEL_BSP_* (trace SDK; OTEL_BSP_* bounded in telemetry-env.ts), OTEL_SERVICE_NAME and
 * OTEL_RESOURCE_ATTRIBUTES (envDetector). What only the (unused) sdk-node reads is
 * implemented in telemetry-env.ts, and OTEL_SDK_DISABLED here. The parts live beside it:
 * resource.ts, prometheus-endpoint.ts, global-providers.ts, export-failure-accounting.ts.
 */
import { diag, metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { getBooleanFromEnv } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { withExportFailureAccounting } from './export-failure-accounting';
import { CellsProducer, cellsServe } from './cells-producer';
import { bumpTelemetryGeneration } from './generation';
import { registerGlobals, withTimeout } from './global-providers';
import { createOtlpExporter, warnOnce } from './otlp-exporters';
import { activateCellStore, CellStore, deactivateCellStore } from './metric-cells';
import { announceExporters } from './self-health';
import { servePrometheus } from './prometheus-endpoint';
import { buildResource } from './resource';
import { SCOPE_NAME, SCOPE_VERSION } from './scope';
import { traceFileFromEnv, traceFileSpanProcessor } from './trace-file';
import { batchOptionsFromEnv, millis, otlpMetricReader, otlpSignalsFromEnv, prometheusFromEnv, setDiagLoggerFromEnv } from './telemetry-env';
import { readTelemetryOptions, type TelemetryOptions } from './telemetry-options';

export { DEFAULT_ENVIRONMENT, DEFAULT_SERVICE_NAME } from './resource';
export { DEFAULT_METRIC_EXPORT_INTERVAL_MS } from './telemetry-env';
export type { PrometheusOptions } from './prometheus-endpoint';
export { TRACE_FILE_ENV } from './trace-file';

export { DEFAULT_OTLP_GRPC_ENDPOINT, DEFAULT_OTLP_HTTP_ENDPOINT, DEFAULT_OTLP_PROTOCOL, OTLP_PROTOCOLS, type OtlpProtocol } from './defaults';
export type { TelemetryOptions } from './telemetry-options';

export interface TelemetryHandle {
  /** `false` when OTEL_SDK_DISABLED=true or set-up failed: every call is then the API's no-op. */
  readonly enabled: boolean;
  readonly resource: Resource | undefined;
  /** Resolves to the scrape URL once the pull endpoint listens; `undefined` when there is none. */
  readonly prometheusUrl: Promise<string | undefined>;
  /** Exports what is buffered now, bounded by `shutdownTimeoutMillis`. Never rejects. */
  forceFlush(): Promise<void>;
  /** Same as {@link shutdownTelemetry}. */
  shutdown(): Promise<void>;
}

interface Session {
  readonly handle: TelemetryHandle;
  /** Unregisters the globals this session registered; idempotent. */
  releaseGlobals(): void;
  close(): Promise<void>;
  /** Set by the first {@link closeSession}: what every later shutdown call returns. */
  closed?: Promise<void>;
}

let active: Session | undefined;
let closing: Session | undefined;
let lastShutdown: Promise<void> = Promise.resolve();

/**
 * Builds and registers the global tracer, meter and logger providers, the async-hooks
 * context manager and the W3C trace-context + baggage propagator. Never throws: a failure
 * is reported through `diag` and leaves telemetry a no-op. Calling it again returns the
 * existing handle (its options are ignored); after {@link shutdownTelemetry} it starts afresh.
 *
 * @example
 * const telemetry = initializeTelemetry({ serviceName: 'qe-test-generator' });
 * getTracer().startActiveSpan('aqe.agent.execute', (span) => { ...; span.end(); });
 * process.on('SIGTERM', () => void telemetry.shutdown());
 */
export function initializeTelemetry(options: TelemetryOptions = {}): TelemetryHandle {
  if (active) return active.handle;
  // A shutdown still flushing gives its globals up now, so the new session can register.
  closing?.releaseGlobals();
  setDiagLoggerFromEnv();
  try {
    active = getBooleanFromEnv('OTEL_SDK_DISABLED') ? disabledSession() : startSession(readTelemetryOptions(options));
  } catch (error) {
    diag.error('aqe-telemetry: initialisation failed; telemetry stays a no-op', error);
    active = disabledSession();
  }
  bumpTelemetryGeneration();
  return active.handle;
}

/**
 * Flushes spans and logs, then unregisters the globals and shuts the providers down (the
 * meter provider last, so export failures of the final flush are still counted).
 * Idempotent: later calls return the same promise. Never rejects, and resolves within
 * `shutdownTimeoutMillis`. With the collector unreachable, the OTLP exporters keep
 * retrying in the background until their own OTEL_EXPORTER_OTLP_TIMEOUT (default 10 s)
 * runs out, which can delay a natural process exit by that much: lower it for short CLI runs.
 *
 * @example
 * await shutdownTelemetry();
 */
export function shutdownTelemetry(): Promise<void> {
  return active ? closeSession(active) : lastShutdown;
}

/** A handle's own shutdown: shutting down an old handle must not touch a newer session. */
function closeSession(session: Session): Promise<void> {
  if (active === session) active = undefined;
  if (!session.closed) {
    closing = session;
    session.closed = session
      .close()
      .catch((error: unknown) => diag.error('aqe-telemetry: shutdown failed', error))
      .finally(() => {
        if (closing === session) closing = undefined;
      });
    lastShutdown = session.closed;
  }
  return session.closed;
}

/**
 * The package's tracer from the global provider (a no-op before initialisation).
 *
 * @example
 * const span = getTracer().startSpan('aqe.agent.execute');
 */
export function getTracer(): Tracer {
  return trace.getTracer(SCOPE_NAME, SCOPE_VERSION);
}

/**
 * The package's meter from the global provider. Instruments made before
 * initialisation stay no-ops: the generated helpers re-create theirs when the provider changes.
 *
 * @example
 * getMeter().createCounter('aqe.agent.spawn_total').add(1);
 */
export function getMeter(): Meter {
  return metrics.getMeter(SCOPE_NAME, SCOPE_VERSION);
}

function startSession(options: TelemetryOptions): Session {
  const resource = buildResource(options);
  const otlp = otlpSignalsFromEnv(options.otlp ?? true);
  const shutdownTimeout = millis(options.shutdownTimeoutMillis) ?? 5000;
  const traceFile = options.traceFile === false ? undefined : options.traceFile ?? traceFileFromEnv();
  const warn = warnOnce();

  const tracerProvider = new NodeTracerProvider({
    resource,
    // Left out when not given: the provider then reads OTEL_TRACES_SAMPLER(_ARG) itself.
    ...(options.sampler ? { sampler: options.sampler } : {}),
    spanProcessors: [
      ...(otlp.traces ? [new BatchSpanProcessor(withExportFailureAccounting(createOtlpExporter('TRACES', warn), 'traces', 'otlp'), batchOptionsFromEnv('spans'))] : []),
      ...(traceFile ? [traceFileSpanProcessor(traceFile)] : []),
      ...(options.spanProcessors ?? []),
    ],
  });

  // The helpers' series, for the readers made here (runtime/metric-cells.ts).
  const cells = new CellStore();
  const producers = [new CellsProducer(cells)];
  const prometheusOptions = options.prometheus ?? prometheusFromEnv();
  const prometheus = prometheusOptions ? servePrometheus(prometheusOptions, producers) : undefined;
  const readers = [
    ...(otlp.metrics ? [otlpMetricReader(withExportFailureAccounting(createOtlpExporter('METRICS', warn), 'metrics', 'otlp'), options.metricExportIntervalMillis, producers)] : []),
    ...(prometheus ? [prometheus.reader] : []),
  ];
  const views = options.views ?? [];
  const meterProvider = new MeterProvider({ resource, views: [...views], readers: [...readers, ...(options.metricReaders ?? [])] });

  const loggerProvider = new LoggerProvider({
    resource,
    processors: [
      ...(otlp.logs ? [new BatchLogRecordProcessor({ exporter: withExportFailureAccounting(createOtlpExporter('LOGS', warn), 'logs', 'otlp'), ...batchOptionsFromEnv('logs') })] : []),
      ...(options.logRecordProcessors ?? []),
    ],
  });

  const releaseProviders = registerGlobals(tracerProvider, meterProvider, loggerProvider);
  // A reader this session did not make cannot see the cells: then the SDK's instruments serve.
  const useCells = options.metricCells !== false && (options.metricReaders ?? []).length === 0 && cellsServe(readers, views) && metrics.getMeterProvider() === meterProvider;
  if (useCells) activateCellStore(cells);
  const releaseGlobals = () => {
    deactivateCellStore(cells);
    releaseProviders();
  };
  announceExporters([
    ...(otlp.traces ? [['traces', 'otlp'] as const] : []),
    ...(otlp.metrics ? [['metrics', 'otlp'] as const] : []),
    ...(otlp.logs ? [['logs', 'otlp'] as const] : []),
    ...(traceFile ? [['traces', 'file'] as const] : []),
  ]);
  const flushSpansAndLogs = () => Promise.allSettled([tracerProvider.forceFlush(), loggerProvider.forceFlush()]);
  const session: Session = {
    releaseGlobals,
    handle: {
      enabled: true,
      resource,
      prometheusUrl: prometheus?.url ?? Promise.resolve(undefined),
      forceFlush: () =>
        withTimeout(Promise.allSettled([flushSpansAndLogs(), meterProvider.forceFlush()]), shutdownTimeout, 'forceFlush'),
      shutdown: () => closeSession(session),
    },
    async close() {
      const deadline = Date.now() + shutdownTimeout;
      await withTimeout(flushSpansAndLogs(), shutdownTimeout, 'flush');
      releaseGlobals();
      const providers = Promise.allSettled([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
      await withTimeout(providers, Math.max(deadline - Date.now(), 0), 'shutdown');
      await prometheus?.close();
    },
  };
  return session;
}

function disabledSession(): Session {
  const session: Session = {
    releaseGlobals: () => undefined,
    close: async () => {
      bumpTelemetryGeneration();
    },
    handle: {
      enabled: false,
      resource: undefined,
      prometheusUrl: Promise.resolve(undefined),
      forceFlush: async () => undefined,
      shutdown: () => closeSession(session),
    },
  };
  return session;
}










