import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import { millisToHrTime } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  AggregationType,
  DataPointType,
  InstrumentType,
  type CollectionResult,
  type IMetricReader,
  type MetricData,
  type MetricProducer,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import type { CellKind, CellStore, CellTable } from './metric-cells';
import { SCOPE_NAME, SCOPE_VERSION } from './scope';

/**
 * The SDK's public door for values it did not aggregate itself: every reader given this
 * producer (`metricProducers`) adds the cell store's series to what it collects, so the OTLP
 * exporter and the Prometheus endpoint send them with everything else. Each table becomes the
 * MetricData the SDK's own instrument would have made for the same calls: same descriptor,
 * scope, data point order, start times (a series' first record) and cumulative values
 * (test/runtime/metric-cells-equivalence.test.ts compares the two on the wire).
 */
export class CellsProducer implements MetricProducer {
  constructor(private readonly store: CellStore) {}

  collect(): Promise<CollectionResult> {
    const endTime = millisToHrTime(Date.now());
    const metrics = this.store.tables.filter((t) => t.size > 0).map((t) => metricData(t, endTime));
    return Promise.resolve({
      // The reader keeps its provider's resource; this one is never sent.
      resourceMetrics: { resource: emptyResource(), scopeMetrics: metrics.length > 0 ? [{ scope: { name: SCOPE_NAME, version: SCOPE_VERSION, schemaUrl: undefined }, metrics }] : [] },
      errors: [],
    });
  }
}

const INSTRUMENT_TYPE: Readonly<Record<CellKind, InstrumentType>> = {
  counter: InstrumentType.COUNTER,
  upDownCounter: InstrumentType.UP_DOWN_COUNTER,
  gauge: InstrumentType.GAUGE,
  histogram: InstrumentType.HISTOGRAM,
};

/**
 * Whether the cell store can stand for the SDK's instruments with these readers: only when
 * every reader asks, for every kind, for the default aggregation with cumulative temporality
 * (what a table keeps), and no view reshapes an instrument. Otherwise (e.g.
 * OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta, or exponential histograms) the
 * helpers record through the SDK's instruments, which do it all.
 */
export function cellsServe(readers: readonly IMetricReader[], views: readonly ViewOptions[]): boolean {
  if (views.length > 0) return false;
  const types = Object.values(INSTRUMENT_TYPE);
  return readers.every((reader) =>
    types.every((type) => reader.selectAggregationTemporality?.(type) === AggregationTemporality.CUMULATIVE && reader.selectAggregation?.(type).type === AggregationType.DEFAULT),
  );
}

function metricData(table: CellTable, endTime: HrTime): MetricData {
  const spec = table.spec;
  const type = INSTRUMENT_TYPE[table.kind];
  const descriptor = {
    name: spec.name,
    type,
    description: spec.description,
    unit: spec.unit,
    valueType: ValueType.DOUBLE,
    advice: table.kind === 'histogram' ? { explicitBucketBoundaries: [...table.boundaries] } : {},
  };
  const aggregationTemporality = AggregationTemporality.CUMULATIVE;
  const points = <T>(value: (slot: number) => T) =>
    table.attributes.map((attributes: Attributes, slot) => ({ attributes, startTime: millisToHrTime(table.startMillis[slot] as number), endTime, value: value(slot) }));
  const values = table.values;
  switch (table.kind) {
    case 'counter':
    case 'upDownCounter':
      return { descriptor, aggregationTemporality, dataPointType: DataPointType.SUM, isMonotonic: table.kind === 'counter', dataPoints: points((slot) => values[slot] as number) };
    case 'gauge':
      return { descriptor, aggregationTemporality, dataPointType: DataPointType.GAUGE, dataPoints: points((slot) => values[slot] as number) };
    case 'histogram': {
      const buckets = table.boundaries.length + 1;
      const boundaries = [...table.boundaries];
      return {
        descriptor,
        aggregationTemporality,
        dataPointType: DataPointType.HISTOGRAM,
        dataPoints: points((slot) => {
          const base = slot * table.stride;
          return {
            min: values[base + buckets + 2] as number,
            max: values[base + buckets + 3] as number,
            sum: values[base + buckets + 1] as number,
            buckets: { boundaries, counts: Array.from(values.subarray(base, base + buckets)) },
            count: values[base + buckets] as number,
          };
        }),
      };
    }
  }
}
