/**
 * Counts failed export batches, so that lost telemetry shows up as a number instead of
 * a silent gap.
 *
 * The SDK processors only hand a failed result to `diag` (off by default); wrapping the
 * exporter is the one place that sees every result of every signal.
 */
import { diag } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { reportExportFailure, type TelemetrySignal } from './self-health';

/** What the span, metric and log-record exporters have in common. */
export interface BatchExporter<Batch> {
  export(batch: Batch, resultCallback: (result: ExportResult) => void): void;
}

/**
 * Returns a view of `exporter` whose `export` reports every FAILED result (and every
 * synchronous throw, turned into a FAILED result) through `reportExportFailure`.
 *
 * A Proxy rather than a wrapper class: the metric exporter's optional
 * `selectAggregationTemporality`/`selectAggregation` (which carry
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE) must stay visible to the reader, and
 * every other method runs on the original instance.
 *
 * @param exporterName a value of the schema's closed `exporter` label (`otlp`, `prometheus`)
 * @example
 * const spans = withExportFailureAccounting(new OTLPTraceExporter(), 'traces', 'otlp');
 * new BatchSpanProcessor(spans);
 */
export function withExportFailureAccounting<E extends BatchExporter<never>>(
  exporter: E,
  signal: TelemetrySignal,
  exporterName: string,
): E {
  const accountedExport = (batch: never, resultCallback: (result: ExportResult) => void): void => {
    const onResult = (result: ExportResult): void => {
      if (result.code === ExportResultCode.FAILED) {
        reportExportFailure(signal, exporterName);
      }
      resultCallback(result);
    };
    try {
      exporter.export(batch, onResult);
    } catch (error) {
      diag.error(`aqe-telemetry: ${signal} exporter ${exporterName} threw`, error);
      onResult({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  return new Proxy(exporter, {
    get(target, property) {
      if (property === 'export') return accountedExport;
      const value: unknown = Reflect.get(target, property, target);
      // Bound to the real instance so methods that touch internal state keep working.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
