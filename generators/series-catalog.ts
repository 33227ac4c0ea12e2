import { OTHER_VALUE } from '../core/label-values';
import type { Model, ResolvedLabel } from './model-types';

/**
 * What a PromQL expression may select: every series the schema produces and every series
 * a recording rule records, with the labels each carries and, where the set is closed,
 * the values each label may take.
 */

/** A label's allowed values; `undefined` values means any value (open labels, `le`, `job`). */
export interface LabelInfo {
  readonly values?: readonly string[];
}

export type LabelSet = ReadonlyMap<string, LabelInfo>;

export interface SeriesInfo {
  readonly labels: LabelSet;
  /** Where the series comes from, for messages: `metric aqe.agent.spawn_total`, `recording rule ...`. */
  readonly source: string;
}

export type SeriesCatalog = Map<string, SeriesInfo>;

/**
 * Labels every scraped series carries besides its own: the scrape target and the OTel scope,
 * and on the collector's path the agent's own job, renamed because the scrape's wins.
 */
export const SCRAPE_LABELS: readonly string[] = ['job', 'instance', 'exported_job', 'otel_scope_name', 'otel_scope_version'];
const ANY: LabelInfo = {};

function labelInfo(label: ResolvedLabel): LabelInfo {
  // `other` is what the runtime records for a rejected value: a query may select it.
  return label.values ? { values: [...label.values, OTHER_VALUE] } : ANY;
}

export function catalogFromModel(model: Model): SeriesCatalog {
  const catalog: SeriesCatalog = new Map();
  for (const metric of model.metrics) {
    for (const series of metric.series) {
      const labels = new Map<string, LabelInfo>(metric.labels.map((l) => [l.prometheusName, labelInfo(l)]));
      for (const name of SCRAPE_LABELS) labels.set(name, ANY);
      if (series.endsWith('_bucket')) labels.set('le', ANY);
      catalog.set(series, { labels, source: `metric ${metric.otelName}` });
    }
  }
  return catalog;
}

/** Adds series produced outside the schema (Prometheus' own), declared with their labels. */
export function addExternalSeries(catalog: SeriesCatalog, external: Readonly<Record<string, Readonly<Record<string, LabelInfo>>>>): SeriesCatalog {
  for (const [name, labels] of Object.entries(external)) {
    catalog.set(name, { labels: new Map(Object.entries(labels)), source: 'schema/external-series.ts' });
  }
  return catalog;
}
