import type { MetricDefinition } from '../schema/define';
import { bucket, count, sum, type TestSeries } from './define';

/**
 * Input series of a histogram whose observations all take `value`: `perStep` of them per
 * sample interval, for `steps` intervals. Writing the bucket series by hand is long and
 * easy to get wrong; this keeps alert tests readable.
 */
export function histogramObservations(
  metric: MetricDefinition,
  labels: Readonly<Record<string, string>>,
  { value, perStep, steps }: { value: number; perStep: number; steps: number },
): TestSeries[] {
  const growing = (by: number) => `0+${by}x${steps}`;
  const bounds = [...(metric.buckets ?? []).map(String), '+Inf'];
  return [
    ...bounds.map((le) => ({
      metric: bucket(metric),
      labels: { ...labels, le },
      values: le === '+Inf' || Number(le) >= value ? growing(perStep) : `0x${steps}`,
    })),
    { metric: count(metric), labels, values: growing(perStep) },
    { metric: sum(metric), labels, values: growing(perStep * value) },
  ];
}
