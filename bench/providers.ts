import { context, metrics, trace } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, NodeTracerProvider, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-node';
import { CellsProducer } from '../runtime/cells-producer';
import { activateCellStore, CellStore, deactivateCellStore } from '../runtime/metric-cells';

/**
 * Real SDK providers for the bench, registered globally the way the bootstrap does it, but
 * exporting nowhere: the reader aggregates every measurement (collect() reads the result)
 * and the span exporter counts and discards. Nothing leaves the process.
 */

/** A pull reader that is only read when the bench asks (collect()), so it never exports on a timer. */
class OnDemandReader extends MetricReader {
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Counts spans and drops them. */
export class DiscardingSpanExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface BenchMeterProvider {
  readonly provider: MeterProvider;
  /** Reads the aggregated data, as a Prometheus scrape or an OTLP export would. */
  collect(): Promise<ResourceMetrics>;
  shutdown(): Promise<void>;
}

/**
 * A MeterProvider with a reader attached, registered as the global one, and with the helpers'
 * cell store active and read by the reader, as the bootstrap sets them up (runtime/bootstrap.ts).
 * `cells: false` leaves the helpers on the SDK's instruments, as `metricCells: false` does.
 */
export function registerMeterProvider(options: { cells: boolean } = { cells: true }): BenchMeterProvider {
  const store = new CellStore();
  const reader = new OnDemandReader({ metricProducers: [new CellsProducer(store)] });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.disable();
  if (!metrics.setGlobalMeterProvider(provider)) throw new Error('could not register the bench MeterProvider');
  if (options.cells) activateCellStore(store);
  return {
    provider,
    collect: async () => (await reader.collect()).resourceMetrics,
    shutdown: async () => {
      deactivateCellStore(store);
      metrics.disable();
      await provider.shutdown();
    },
  };
}

export interface BenchTracerProvider {
  readonly provider: NodeTracerProvider;
  readonly exporter: DiscardingSpanExporter;
  shutdown(): Promise<void>;
}

/**
 * A NodeTracerProvider (AsyncLocalStorage context manager, W3C propagators) with a
 * BatchSpanProcessor in front of an exporter that discards, registered globally.
 */
export function registerTracerProvider(): BenchTracerProvider {
  const exporter = new DiscardingSpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new BatchSpanProcessor(exporter)] });
  // No trace.disable() first: it would replace the global ProxyTracerProvider, and the
  // tracer runtime/spans.ts took from the old one at import time would never see this SDK.
  provider.register();
  return {
    provider,
    exporter,
    shutdown: async () => {
      await provider.forceFlush();
      trace.disable();
      context.disable();
      await provider.shutdown();
    },
  };
}

/** Sum of a counter's data points in a collection, or undefined when it recorded nothing. */
export function sumOf(collected: ResourceMetrics, name: string): number | undefined {
  for (const scope of collected.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      let sum = 0;
      for (const point of metric.dataPoints) {
        const value = point.value;
        sum += typeof value === 'number' ? value : value.count;
      }
      return sum;
    }
  }
  return undefined;
}
