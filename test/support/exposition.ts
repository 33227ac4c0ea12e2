import { seriesNames } from '../../core/prometheus-name';
import type { ResolvedMetric } from '../../generators/model-types';

/**
 * The series of a metric on an agent's own pull endpoint (the OpenTelemetry JS exporter): a
 * standard metric keeps its name there without the unit suffix the collector adds
 * (core/prometheus-name.ts exposedName); every other metric reads as out/schema.json says.
 */
export function seriesOnPullEndpoint(metric: Pick<ResolvedMetric, 'otelName' | 'kind' | 'series' | 'convention'>): readonly string[] {
  return metric.convention ? seriesNames({ name: metric.otelName, kind: metric.kind }) : metric.series;
}

/** One sample of a Prometheus text exposition, as a scrape returns it. */
export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

/** Parses the samples of a Prometheus text exposition (comments and blank lines skipped). */
export function parseExposition(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unparseable sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}
