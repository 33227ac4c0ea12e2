import type { ResolvedMetric } from '../../generators/model-types';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { instantQuery } from '../http';
import { formatLabels, table } from '../output';
import { findMetric, loadModel, SCRAPE_LABELS, valueSeries } from '../schema';

export const metrics: Command = {
  name: 'metrics',
  summary: 'the schema\'s metrics, or one metric\'s current values by label',
  usage: [
    'Without a name: every metric of out/schema.json (name, Prometheus name, kind, unit, labels).',
    'With a name (OTel `aqe.agent.spawn_total` or Prometheus `aqe_agent_spawn_total`): its current',
    'values from Prometheus, summed over instances, by the schema\'s labels (histograms: the _count).',
    'Exit 1 for an unknown name (with a suggestion), 3 when Prometheus is unreachable.',
  ].join('\n'),
  arguments: ['[name]'],
  options: {},
  flags: {},
  async run(context, positionals) {
    const model = loadModel();
    const [name] = positionals;
    if (name === undefined) {
      if (context.json) {
        context.io.out(JSON.stringify(model.metrics.map(describe), null, 2) + '\n');
      } else {
        const rows = model.metrics.map((m) => [m.otelName, m.prometheusName, m.kind, m.unit, m.labels.map((l) => l.name).join(',')]);
        context.io.out(table([['NAME', 'PROMETHEUS NAME', 'KIND', 'UNIT', 'LABELS'], ...rows]));
      }
      return EXIT.ok;
    }
    const metric = findMetric(model, name);
    const values = await currentValues(context.config, metric);
    if (context.json) {
      context.io.out(JSON.stringify({ ...describe(metric), query: values.query, values: values.samples }, null, 2) + '\n');
      return EXIT.ok;
    }
    context.io.out(`${metric.otelName} (${metric.prometheusName}, ${metric.kind}, ${metric.unit}): ${metric.description}\n`);
    context.io.out(context.paint.dim(values.query) + '\n');
    if (values.samples.length === 0) context.io.out('no series in Prometheus yet\n');
    else context.io.out(table(values.samples.map((s) => [formatLabels(s.labels), s.value])));
    return EXIT.ok;
  },
};

export function describe(m: ResolvedMetric) {
  return { name: m.otelName, prometheusName: m.prometheusName, kind: m.kind, prometheusType: m.prometheusType, unit: m.unit, description: m.description, labels: m.labels.map((l) => l.name), series: m.series };
}

/** `sum by (<schema labels>) (<series>)`: one value per label set, whatever the number of scraped instances; labels in schema order. */
export async function currentValues(config: Parameters<typeof instantQuery>[0], metric: ResolvedMetric) {
  const labels = metric.labels.map((l) => l.name).filter((l) => !SCRAPE_LABELS.has(l));
  const query = `sum by (${labels.join(', ')}) (${valueSeries(metric)})`;
  const result = await instantQuery(config, query);
  const samples = result
    .map((s) => ({ labels: Object.fromEntries(labels.filter((l) => l in s.metric).map((l) => [l, s.metric[l]!])), value: s.value[1] }))
    .sort((a, b) => formatLabels(a.labels).localeCompare(formatLabels(b.labels)));
  return { query, samples };
}
