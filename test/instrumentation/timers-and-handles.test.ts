import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics as helpers } from '../../out/instrumentation';
import type { Model, ResolvedMetric } from '../../generators/model-types';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { OTHER } from '../../runtime/label-guard';

/**
 * The helper API's calls beyond a plain record, for every metric of out/schema.json (so a metric a
 * user adds is covered with no change here): a timer's labels given at start and end, bound
 * handles, and what each exports through a real MeterProvider, read back from the SDK's reader.
 */

const model = JSON.parse(readFileSync(resolve(__dirname, '../../out/schema.json'), 'utf8')) as Model;

type AnyHandle = Record<string, (...args: unknown[]) => unknown> & { bind(labels: object): AnyHandle };
const helperOf = (metric: ResolvedMetric) => (helpers as unknown as Record<string, AnyHandle>)[metric.helperName]!;

/** A label value of the metric, the `n`th of a closed set (wrapping), or an open label's `open-n`. */
const valueOf = (label: ResolvedMetric['labels'][number], n: number) => (label.values ? label.values[n % label.values.length]! : `open-${n}`);
const labelsOf = (metric: ResolvedMetric, n: number) => Object.fromEntries(metric.labels.map((l) => [l.name, valueOf(l, n)]));

const timed = model.metrics.filter((m) => m.kind === 'histogram' && m.unit === 's' && m.labels.length > 0);
const labelled = model.metrics.filter((m) => m.labels.length > 1);

const reader = new (class extends MetricReader {
  protected onForceFlush = async () => undefined;
  protected onShutdown = async () => undefined;
})();
beforeAll(() => {
  initializeTelemetry({ otlp: false, traceFile: false, metricReaders: [reader] });
});
afterAll(() => shutdownTelemetry());

interface Point { readonly attributes: Record<string, unknown>; readonly value: number | { count: number; sum?: number } }
async function pointsOf(metric: ResolvedMetric): Promise<Point[]> {
  const { resourceMetrics } = await reader.collect();
  return (resourceMetrics as ResourceMetrics).scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === metric.otelName).flatMap((m) => m.dataPoints as Point[]);
}
const pointWith = (points: Point[], labels: Record<string, unknown>) => points.find((p) => Object.keys(labels).length === Object.keys(p.attributes).length && Object.entries(labels).every(([k, v]) => p.attributes[k] === v));
const countOf = (point: Point | undefined) => (point === undefined ? 0 : typeof point.value === 'number' ? point.value : point.value.count);

describe('a timer', () => {
  it('finds a duration metric to time in the schema', () => expect(timed.length).toBeGreaterThan(0));

  for (const metric of timed) {
    it(`${metric.helperName}: the labels given at the end reach the exported series, completing the start ones`, async () => {
      const [last, ...firsts] = [...metric.labels].reverse() as [ResolvedMetric['labels'][number], ...ResolvedMetric['labels']];
      // Values no other case of this file uses (1), so the series is this case's alone.
      const start = Object.fromEntries(firsts.map((l) => [l.name, valueOf(l, 1)]));
      const end = helperOf(metric).startTimer!(start) as (labels: object) => number;
      await new Promise((r) => setTimeout(r, 20));
      const seconds = end({ [last.name]: valueOf(last, 1) });
      expect(seconds).toBeGreaterThanOrEqual(0.015);
      expect(seconds).toBeLessThan(10);
      // A second end() records nothing more and returns the same seconds.
      expect(end({ [last.name]: valueOf(last, 2) })).toBe(seconds);

      const points = await pointsOf(metric);
      const point = pointWith(points, labelsOf(metric, 1));
      expect(point, JSON.stringify(points.map((p) => p.attributes))).toBeDefined();
      expect(countOf(point)).toBe(1);
      expect((point!.value as { sum: number }).sum).toBeCloseTo(seconds, 9);
      expect(pointWith(points, { ...labelsOf(metric, 1), [last.name]: valueOf(last, 2) })).toBeUndefined();
    });

    it(`${metric.helperName}: a label given at the end wins over the same label given at the start`, async () => {
      const label = metric.labels.at(-1)!;
      if (!label.values || label.values.length < 2) return expect(label.kind).toBe('open');
      const end = helperOf(metric).startTimer!(labelsOf(metric, 3)) as (labels?: object) => number;
      end({ [label.name]: valueOf(label, 4) });
      const points = await pointsOf(metric);
      expect(countOf(pointWith(points, { ...labelsOf(metric, 3), [label.name]: valueOf(label, 4) }))).toBe(1);
      expect(pointWith(points, labelsOf(metric, 3))).toBeUndefined();
    });
  }
});

describe('a bound handle', () => {
  it('finds metrics with several labels to bind in the schema', () => expect(labelled.length).toBeGreaterThan(0));

  for (const metric of labelled) {
    const [first, ...rest] = metric.labels as [ResolvedMetric['labels'][number], ...ResolvedMetric['labels']];
    const call = ({ histogram: 'record', gauge: 'set', counter: 'add', updowncounter: 'add' } as const)[metric.kind];
    /** The series after `calls` calls of `each`: a histogram counts them, a gauge keeps the last, a counter sums them. */
    const expectHolds = (point: Point | undefined, calls: number, each: number) => {
      expect(point).toBeDefined();
      if (metric.kind === 'histogram') expect(countOf(point)).toBe(calls);
      else expect(point!.value).toBe(metric.kind === 'gauge' ? each : calls * each);
    };

    it(`${metric.helperName}: records the bound label with the ones each call gives, as the helper itself does`, async () => {
      const handle = helperOf(metric).bind({ [first.name]: valueOf(first, 5) });
      handle[call]!(2, Object.fromEntries(rest.map((l) => [l.name, valueOf(l, 5)])));
      handle[call]!(2, Object.fromEntries(rest.map((l) => [l.name, valueOf(l, 5)])));
      // Fully bound from the handle: a call then takes no labels.
      handle.bind(Object.fromEntries(rest.map((l) => [l.name, valueOf(l, 5)])))[call]!(2);
      expectHolds(pointWith(await pointsOf(metric), labelsOf(metric, 5)), 3, 2);
    });

    it(`${metric.helperName}: a bound value outside its set binds other, counted once at bind, not at each call`, async () => {
      const rejected = model.metrics.find((m) => m.helperName === model.health.rejectedLabelValues)!;
      const counted = async () => countOf(pointWith(await pointsOf(rejected), { metric: metric.prometheusName, label: first.name }));
      const before = await counted();
      const handle = helperOf(metric).bind({ [first.name]: first.values ? 'not-a-value-of-the-set' : 'x'.repeat(10_000) });
      for (let i = 0; i < 3; i++) handle[call]!(1, Object.fromEntries(rest.map((l) => [l.name, valueOf(l, 6)])));
      expect(await counted()).toBe(before + 1);
      expectHolds(pointWith(await pointsOf(metric), { ...labelsOf(metric, 6), [first.name]: OTHER }), 3, 1);
    });
  }
});
