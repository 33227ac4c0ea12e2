import type { Model, ResolvedMetric, ResolvedSpan } from '../model-types';
import type { PerMillion } from '../../core/token-price';
import { header, type GeneratedFile } from '../generated-file';

/** Model -> out/docs/metrics.md: the reference of every metric, label and span. */

/** `3`, or `3; 6 above 200000 input tokens` for a tiered price. */
function perMillion(p: PerMillion): string {
  return typeof p === 'number' ? String(p) : [String(p.base), ...p.tiers.map((t) => `${t.price} above ${t.start} input tokens`)].join('; ');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function labelSummary(metric: ResolvedMetric): string {
  if (metric.labels.length === 0) return '(none)';
  return metric.labels
    .map((l) => (l.kind === 'closed' ? `\`${l.name}\` (${l.values?.length} values)` : `\`${l.name}\` (open, cap ${l.cap})`))
    .join(', ');
}

function metricSection(metric: ResolvedMetric): string {
  const lines = [
    `### \`${metric.prometheusName}\``,
    '',
    `${metric.description}.`,
    '',
    '| | |',
    '|---|---|',
    `| OpenTelemetry name | \`${metric.otelName}\` |`,
    `| instrument | ${metric.kind} (Prometheus ${metric.prometheusType}) |`,
    `| unit | \`${metric.unit}\` |`,
    `| series | ${metric.series.map((s) => `\`${s}\``).join(', ')} |`,
    `| labels | ${labelSummary(metric)} |`,
    ...(metric.buckets ? [`| buckets | ${metric.buckets.join(', ')} |`] : []),
    `| worst-case series | ${metric.worstCaseSeries} (cap ${metric.maxSeries}) |`,
    `| helper | \`${metric.helperName}\` |`,
  ];
  if (metric.specNames.length > 0) {
    lines.push(`| spec name | ${metric.specNames.map((n) => `\`${n}\``).join(', ')} |`);
    if (metric.renameReason) lines.push('', `Renamed from the spec: ${metric.renameReason}`);
  }
  return lines.join('\n');
}

function spanSection(span: ResolvedSpan): string {
  const rows = span.attributes.map(
    (a) => `| \`${a.name}\` | ${a.type} | ${a.requirement} | ${cell(a.description)}${a.values ? ` (${a.values.map((v) => `\`${v}\``).join(', ')})` : ''} |`,
  );
  const fixed = Object.entries(span.fixedAttributes).map(([k, v]) => `| \`${k}\` | string | always \`${v}\` | |`);
  return [
    `### \`${span.nameTemplate}\``,
    '',
    `${span.description}. Kind ${span.kind}; helper \`with${span.helperName.charAt(0).toUpperCase()}${span.helperName.slice(1)}\`.` +
      (span.specPoints.length ? ` Spec A4 points: ${span.specPoints.map((p) => `\`${p}\``).join(', ')}.` : ''),
    '',
    '| attribute | type | requirement | meaning |',
    '|---|---|---|---|',
    ...fixed,
    ...rows,
  ].join('\n');
}

export function generateMetricsDocs(model: Model): GeneratedFile[] {
  const renamed = model.metrics.filter((m) => m.specNames.length > 0);
  const content = [
    header.markdown,
    '# Metrics and spans reference',
    '',
    'Every metric and span the fleet emits, from `schema/`. Prometheus names are derived exactly as the',
    'OpenTelemetry Prometheus exporter exposes them (dots become `_`, counters end in `_total`); the schema',
    'is only accepted when the collector path gives the same names. Every label also takes the value',
    '`other`: the runtime records it for a value outside the set or past an open label\'s cap, and counts',
    '`aqe_telemetry_label_values_rejected_total` when it does.',
    '',
    `Worst-case series, all metrics: **${model.totalWorstCaseSeries}** of a budget of ${model.seriesBudget} (spec 11.2).`,
    '',
    '## Names that differ from the spec',
    '',
    '| spec name | schema name | Prometheus name | why |',
    '|---|---|---|---|',
    ...renamed.flatMap((m) =>
      m.specNames.map((s) => `| \`${s}\` | \`${m.otelName}\` | \`${m.prometheusName}\` | ${cell(m.renameReason ?? '')} |`),
    ),
    '',
    '## Metrics',
    '',
    model.metrics.map(metricSection).join('\n\n'),
    '',
    '## Labels',
    '',
    '| label | type | values |',
    '|---|---|---|',
    ...model.labels.map(
      (l) => `| \`${l.name}\` (\`${l.typeName}\`) | ${l.kind} | ${l.kind === 'closed' ? (l.values ?? []).map((v) => `\`${v}\``).join(', ') : `any, at most ${l.cap} per process`} |`,
    ),
    '',
    '## Spans',
    '',
    model.spans.map(spanSection).join('\n\n'),
    '',
    '## Model prices',
    '',
    `USD per million tokens, from ${model.prices.source} with the overrides and additions of schema/prices.ts. A tiered price applies to the whole call by its input tokens, cache reads and writes included.`,
    '',
    '| model | provider | input | output | cache read | cache write | from |',
    '|---|---|---|---|---|---|---|',
    ...model.prices.models.map(
      (p) =>
        `| \`${p.model}\` | ${p.provider} | ${perMillion(p.inputPerMillion)} | ${perMillion(p.outputPerMillion)} | ${perMillion(p.cacheReadPerMillion)} | ${perMillion(p.cacheWritePerMillion)} | ${cell(p.origin)} |`,
    ),
    '',
  ].join('\n');
  return [{ path: 'docs/metrics.md', content }];
}
