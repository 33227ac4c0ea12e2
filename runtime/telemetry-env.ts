import { diag, DiagConsoleLogger } from '@opentelemetry/api';
import { diagLogLevelFromString, getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { DEFAULT_METRIC_EXPORT_INTERVAL_MS } from './defaults';
import { withExportFailureAccounting } from './export-failure-accounting';
import type { PrometheusOptions } from './prometheus-endpoint';

/**
 * The OTEL_* variables that only the (unused) sdk-node reads, implemented here:
 * OTEL_{TRACES,METRICS,LOGS}_EXPORTER, OTEL_METRIC_EXPORT_{INTERVAL,TIMEOUT}, OTEL_BLRP_*,
 * OTEL_EXPORTER_PROMETHEUS_{HOST,PORT}, OTEL_LOG_LEVEL; and OTEL_BSP_* again, bounded.
 */

export { DEFAULT_METRIC_EXPORT_INTERVAL_MS };

/** OTEL_{TRACES,METRICS,LOGS}_EXPORTER: `otlp` (default) or `none`; `prometheus` for metrics is handled apart. */
export function otlpSignalsFromEnv(otlpAllowed: boolean): { traces: boolean; metrics: boolean; logs: boolean } {
  const wants = (variable: string): boolean => {
    const names = getStringListFromEnv(variable) ?? ['otlp'];
    for (const name of names) {
      if (!['otlp', 'none', 'prometheus'].includes(name)) diag.warn(`aqe-telemetry: ${variable}=${name} is not supported; ignored`);
    }
    return otlpAllowed && names.includes('otlp');
  };
  const protocol = getStringFromEnv('OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined && protocol !== 'http/json') {
    diag.warn(`aqe-telemetry: OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported; sending http/json`);
  }
  return { traces: wants('OTEL_TRACES_EXPORTER'), metrics: wants('OTEL_METRICS_EXPORTER'), logs: wants('OTEL_LOGS_EXPORTER') };
}

/**
 * What an OTLP exporter is given: nothing, so that it reads OTEL_EXPORTER_OTLP_[SIGNAL_]TIMEOUT
 * itself, except when that timeout is past Node's timer range. The exporter hands it to
 * setTimeout, which then fires after 1 ms, and every export would time out
 * (OTEL_EXPORTER_OTLP_TIMEOUT=10000000000). Only then it is given, bounded; the precedence
 * below is the exporter's own.
 */
export function otlpExporterConfig(signal: 'TRACES' | 'METRICS' | 'LOGS'): { timeoutMillis?: number } {
  const timeout = positive(getNumberFromEnv(`OTEL_EXPORTER_OTLP_${signal}_TIMEOUT`)) ?? positive(getNumberFromEnv('OTEL_EXPORTER_OTLP_TIMEOUT'));
  return timeout !== undefined && timeout > MAX_TIMER_MS ? { timeoutMillis: MAX_TIMER_MS } : {};
}

export function otlpMetricReader(intervalOption: number | undefined): PeriodicExportingMetricReader {
  const interval = millis(intervalOption ?? getNumberFromEnv('OTEL_METRIC_EXPORT_INTERVAL')) ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;
  // The reader throws when both are given and the timeout exceeds the interval: clamp.
  const timeout = Math.min(millis(getNumberFromEnv('OTEL_METRIC_EXPORT_TIMEOUT')) ?? 30000, interval);
  return new PeriodicExportingMetricReader({
    exporter: withExportFailureAccounting(new OTLPMetricExporter(otlpExporterConfig('METRICS')), 'metrics', 'otlp'),
    exportIntervalMillis: interval,
    exportTimeoutMillis: timeout,
  });
}

/**
 * The batch processors' variables by signal. The trace SDK reads OTEL_BSP_* itself, but
 * passes a delay of 1e308 to setTimeout, which Node turns into 1 ms: read here as well, and
 * bounded, it stays the longest delay a timer can take.
 */
const BATCH_VARIABLES = {
  spans: {
    scheduledDelayMillis: 'OTEL_BSP_SCHEDULE_DELAY',
    exportTimeoutMillis: 'OTEL_BSP_EXPORT_TIMEOUT',
    maxQueueSize: 'OTEL_BSP_MAX_QUEUE_SIZE',
    maxExportBatchSize: 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  },
  logs: {
    scheduledDelayMillis: 'OTEL_BLRP_SCHEDULE_DELAY',
    exportTimeoutMillis: 'OTEL_BLRP_EXPORT_TIMEOUT',
    maxQueueSize: 'OTEL_BLRP_MAX_QUEUE_SIZE',
    maxExportBatchSize: 'OTEL_BLRP_MAX_EXPORT_BATCH_SIZE',
  },
} as const;

export function batchOptionsFromEnv(signal: keyof typeof BATCH_VARIABLES) {
  const variables = BATCH_VARIABLES[signal];
  const options = {
    scheduledDelayMillis: millis(getNumberFromEnv(variables.scheduledDelayMillis)),
    exportTimeoutMillis: millis(getNumberFromEnv(variables.exportTimeoutMillis)),
    maxQueueSize: positive(getNumberFromEnv(variables.maxQueueSize)),
    maxExportBatchSize: positive(getNumberFromEnv(variables.maxExportBatchSize)),
  };
  // Unset keys must be absent, not undefined, or they would replace the processor's defaults.
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

export function prometheusFromEnv(): PrometheusOptions | undefined {
  if (!(getStringListFromEnv('OTEL_METRICS_EXPORTER') ?? []).includes('prometheus')) return undefined;
  return { port: getNumberFromEnv('OTEL_EXPORTER_PROMETHEUS_PORT') ?? 9464 };
}

let diagFromEnv = false;
/** OTEL_LOG_LEVEL turns the SDK's own diagnostics on (to the console); unset keeps them silent. */
export function setDiagLoggerFromEnv(): void {
  const level = getStringFromEnv('OTEL_LOG_LEVEL');
  if (level === undefined || diagFromEnv) return;
  diagFromEnv = diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(level), suppressOverrideMessage: true });
}

export function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The longest delay Node's timers take: past it they warn and fire after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration for a timer: positive, and at most {@link MAX_TIMER_MS}. OTEL_METRIC_EXPORT_INTERVAL=1e308
 * would otherwise become an export every millisecond, the opposite of what was asked.
 */
export function millis(value: unknown): number | undefined {
  const ms = positive(value);
  return ms === undefined ? undefined : Math.min(ms, MAX_TIMER_MS);
}
