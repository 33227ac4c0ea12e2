import { AggregationTemporality, InMemoryMetricExporter, PeriodicExportingMetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll } from 'vitest';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';

/**
 * Telemetry started for the file with in-memory exporters: every finished span at once, and
 * the metrics as of the last flush (cumulative; the reader's own timer is kept out of the way).
 * Call at the top level of a test file.
 */
export function inMemoryTelemetry() {
  const spans = new InMemorySpanExporter();
  const metricsOut = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricsOut, exportIntervalMillis: 60_000 });
  beforeAll(() => {
    initializeTelemetry({ otlp: false, spanProcessors: [new SimpleSpanProcessor(spans)], metricReaders: [reader] });
  });
  afterAll(() => shutdownTelemetry());
  /** The metric of this name as the SDK holds it now. */
  const metric = async <M extends MetricData>(name: string): Promise<M | undefined> => {
    await reader.forceFlush();
    return metricsOut.getMetrics().at(-1)?.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === name) as M | undefined;
  };
  return { spans, metric };
}
