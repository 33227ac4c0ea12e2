import { diag, DiagConsoleLogger } from '@opentelemetry/api';
import { diagLogLevelFromString, getNumberFromEnv, getStringFromEnv, getStringListFromEnv } from '@opentelemetry/core';
import { PeriodicExportingMetricReader, type MetricProducer, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { DEFAULT_METRIC_EXPORT_INTERVAL_MS } from './defaults';
import { MAX_TIMER_MS } from './otlp-exporters';
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
  return { traces: wants('OTEL_TRACES_EXPORTER'), metrics: wants('OTEL_METRICS_EXPORTER'), logs: wants('OTEL_LOGS_EXPORTER') };
}

/** `exporter`: the OTLP metric exporter (runtime/otlp-exporters.ts), already wrapped for failure accounting. */
export function otlpMetricReader(exporter: PushMetricExporter, intervalOption: number | undefined, metricProducers: MetricProducer[]): PeriodicExportingMetricReader {
  const interval = millis(intervalOption ?? getNumberFromEnv('OTEL_METRIC_EXPORT_INTERVAL')) ?? DEFAULT_METRIC_EXPORT_INTERVAL_MS;
  // The reader throws when both are given and the timeout exceeds the interval: clamp.
  const timeout = Math.min(millis(getNumberFromEnv('OTEL_METRIC_EXPORT_TIMEOUT')) ?? 30000, interval);
  return new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: interval,
    exportTimeoutMillis: timeout,
    metricProducers,
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

/**
 * A duration for a timer: positive, and at most {@link MAX_TIMER_MS}. OTEL_METRIC_EXPORT_INTERVAL=1e308
 * would otherwise become an export every millisecond, the opposite of what was asked.
 */
export function millis(value: unknown): number | undefined {
  const ms = positive(value);
  return ms === undefined ? undefined : Math.min(ms, MAX_TIMER_MS);
}
