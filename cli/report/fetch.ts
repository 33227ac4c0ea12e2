import type { PromQL } from '../../rules/define';
import type { ResolvedConfig } from '../config';
import { instantQueryAt, rangeQuery } from '../http';
import type { LineSeries } from './model';

/** Query results as numbers: what the report builders work with. */

export interface Value {
  readonly labels: Readonly<Record<string, string>>;
  /** Prometheus' "NaN" and "+Inf" come through as NaN and Infinity. */
  readonly value: number;
}

export async function instant(config: ResolvedConfig, expr: PromQL, time: number): Promise<Value[]> {
  const samples = await instantQueryAt(config, expr.text, time);
  return samples.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
}

/**
 * A range query as chart series, one per label set, named by `label` (or `all`). Steps where a
 * series has no sample become NaN, so a chart shows a gap where data is missing.
 */
export async function range(config: ResolvedConfig, expr: PromQL, start: number, end: number, step: number, label?: string): Promise<LineSeries[]> {
  const matrix = await rangeQuery(config, expr.text, start, end, step);
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  return matrix
    .map((m) => {
      const byTime = new Map(m.values.map(([t, v]) => [Math.round(t), Number(v)]));
      return { name: (label && m.metric[label]) || 'all', points: times.map((t) => [t, byTime.get(t) ?? NaN] as const) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The single value of an aggregate without `by`; NaN when the query returned nothing. */
export function scalar(values: readonly Value[]): number {
  return values[0]?.value ?? NaN;
}

/** Sum of the values whose `label` is one of `wanted` (every value when `wanted` is absent). */
export function sumWhere(values: readonly Value[], label: string, wanted?: readonly string[]): number {
  return values.filter((v) => !wanted || wanted.includes(v.labels[label] ?? '')).reduce((a, v) => a + (Number.isFinite(v.value) ? v.value : 0), 0);
}
