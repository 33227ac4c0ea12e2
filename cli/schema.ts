import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Model, ResolvedMetric } from '../generators/model-types';
import { didYouMean } from '../generators/nearest';
import { FailedError } from './errors';

/** The resolved model the generator committed: the CLI reads it rather than the TypeScript schema. */
export const SCHEMA_PATH = resolve(__dirname, '..', 'out', 'schema.json');

let cached: Model | undefined;
export function loadModel(): Model {
  try {
    cached ??= JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Model;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new FailedError(`cannot read the schema ${SCHEMA_PATH} (${code ?? 'not JSON'}); run \`npm run generate\` in the aqe-telemetry checkout, or reinstall the package`);
  }
  return cached;
}

/** A metric by its OTel name, Prometheus name or one of its series names; unknown -> exit 1 with a suggestion. */
export function findMetric(model: Model, name: string): ResolvedMetric {
  const found = model.metrics.find((m) => m.otelName === name || m.prometheusName === name || m.series.includes(name));
  if (found) return found;
  const candidates = name.includes('.') ? model.metrics.map((m) => m.otelName) : model.metrics.map((m) => m.prometheusName);
  throw new FailedError(`unknown metric "${name}"${didYouMean(name, candidates)}; \`aqe telemetry metrics\` lists them`);
}

/** The one series whose value per label set says the most: the `_count` of a histogram. */
export function valueSeries(metric: ResolvedMetric): string {
  return metric.prometheusType === 'histogram' ? `${metric.prometheusName}_count` : metric.series[0] ?? metric.prometheusName;
}

/** Labels Prometheus adds when scraping; not part of the schema. */
export const SCRAPE_LABELS: ReadonlySet<string> = new Set(['job', 'instance', 'otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url']);
