import type { Model, ResolvedMetric } from '../../generators/model-types';
import { didYouMean } from '../../generators/nearest';
import { stringValue, type Command } from '../command';
import { EXIT, UsageError } from '../errors';
import { checkWritable, writeFile } from '../files';
import { freeText } from '../flags';
import { instantQuery, type Sample } from '../http';
import { loadModel } from '../schema';
import { describe } from './metrics';

export const FORMATS = ['json', 'csv', 'openmetrics'] as const;
export type Format = (typeof FORMATS)[number];

export interface ExportedSample {
  readonly series: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: string;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'the schema and every metric\'s current values, as json, csv or openmetrics',
  usage: [
    'Arguments: [json|csv|openmetrics] (default json); --out <file> writes there instead of stdout.',
    'Values are every series of out/schema.json as Prometheus holds them now, scrape labels included.',
  ].join('\n'),
  arguments: [`[${FORMATS.join('|')}]`],
  options: { out: { type: 'string', short: 'o' } },
  flags: { out: freeText('a file path') },
  async run(context, positionals, values) {
    const format = (positionals[0] ?? 'json') as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}"${didYouMean(format, FORMATS)}: expected one of ${FORMATS.join(', ')}`);
    const out = stringValue(values, 'out');
    // Before the query: a wrong --out costs nothing.
    if (out !== undefined) checkWritable(out, '--out');
    const model = loadModel();
    const samples = await allSamples(context.config, model);
    const text = render(format, model, samples, { prometheus: context.config.prometheus.url, exportedAt: new Date().toISOString() });
    if (out === undefined) context.io.out(text);
    else {
      writeFile(out, text, '--out');
      const count = [...samples.values()].reduce((n, s) => n + s.length, 0);
      context.io.err(`wrote ${count} samples of ${model.metrics.length} metrics as ${format} to ${out}\n`);
    }
    return EXIT.ok;
  },
};

/** Every series of every metric in one query, grouped by metric (OTel name). */
export async function allSamples(config: Parameters<typeof instantQuery>[0], model: Model): Promise<Map<string, ExportedSample[]>> {
  const bySeries = new Map(model.metrics.flatMap((m) => m.series.map((s) => [s, m] as const)));
  const names = [...bySeries.keys()].map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const result: Sample[] = await instantQuery(config, `{__name__=~"${names.join('|')}"}`);
  const grouped = new Map<string, ExportedSample[]>(model.metrics.map((m) => [m.otelName, []]));
  for (const s of result) {
    const { __name__: series = '', ...labels } = s.metric;
    const metric = bySeries.get(series);
    if (metric) grouped.get(metric.otelName)?.push({ series, labels, value: s.value[1] });
  }
  for (const list of grouped.values()) list.sort((a, b) => sampleKey(a).localeCompare(sampleKey(b)));
  return grouped;
}

function sampleKey(s: ExportedSample): string {
  return `${s.series}{${Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}}`;
}

export function render(format: Format, model: Model, samples: ReadonlyMap<string, readonly ExportedSample[]>, meta: { prometheus: string; exportedAt: string }): string {
  switch (format) {
    case 'json':
      return JSON.stringify({ ...meta, metrics: model.metrics.map((m) => ({ ...describe(m), samples: samples.get(m.otelName) ?? [] })) }, null, 2) + '\n';
    case 'csv':
      return toCsv(model, samples);
    case 'openmetrics':
      return toOpenMetrics(model, samples);
  }
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function toCsv(model: Model, samples: ReadonlyMap<string, readonly ExportedSample[]>): string {
  const lines = [['metric', 'prometheus_name', 'kind', 'unit', 'series', 'labels', 'value']];
  for (const m of model.metrics) {
    const list = samples.get(m.otelName) ?? [];
    // A metric without series still gets a row, so the export lists the whole schema.
    if (list.length === 0) lines.push([m.otelName, m.prometheusName, m.kind, m.unit, '', '', '']);
    for (const s of list) lines.push([m.otelName, m.prometheusName, m.kind, m.unit, s.series, Object.entries(s.labels).map(([k, v]) => `${k}=${v}`).join(';'), s.value]);
  }
  return lines.map((l) => l.map(csvCell).join(',')).join('\n') + '\n';
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** OpenMetrics text: counter families are named without `_total`; gauges and up-down counters are gauges. */
function toOpenMetrics(model: Model, samples: ReadonlyMap<string, readonly ExportedSample[]>): string {
  let text = '';
  for (const m of model.metrics) {
    const family = familyName(m);
    text += `# TYPE ${family} ${m.prometheusType}\n# HELP ${family} ${escapeHelp(m.description)}\n`;
    for (const s of samples.get(m.otelName) ?? []) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
      text += `${s.series}${labels ? `{${labels}}` : ''} ${s.value}\n`;
    }
  }
  return text + '# EOF\n';
}

function familyName(m: ResolvedMetric): string {
  return m.prometheusType === 'counter' && m.prometheusName.endsWith('_total') ? m.prometheusName.slice(0, -'_total'.length) : m.prometheusName;
}
