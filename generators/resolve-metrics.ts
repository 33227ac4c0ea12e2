import type { Label, MetricDefinition } from '../schema/define';
import type { DiagnosticCollector } from './diagnostics';
import { collectorName, exposedName, prometheusLabelName, prometheusType, seriesNames, unitWords, UNIT_WORDS } from '../core/prometheus-name';
import { OTHER_VALUE } from '../core/label-values';
import type { ResolvedLabel, ResolvedMetric } from './model-types';

/** Metrics and labels: names, units, buckets, cardinality. Problems go to the collector. */

/** Per-metric series limit when the schema sets none. */
export const DEFAULT_MAX_SERIES = 10_000;

const METRIC_NAME = /^aqe(\.[a-z][a-z0-9_]*)+$/;
/** A standard's own names (the GenAI conventions): `gen_ai.client.token.usage`. */
const STANDARD_METRIC_NAME = /^gen_ai(\.[a-z][a-z0-9_]*)+$/;
/** An attribute key: a Prometheus label name, or dotted like the standards' `gen_ai.token.type`. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const HELPER_NAME = /^[a-z][a-zA-Z0-9]*$/;
const RESERVED_LABELS: Readonly<Record<string, string>> = {
  le: 'Prometheus uses it for histogram buckets',
  quantile: 'Prometheus uses it for summary quantiles',
  job: 'Prometheus sets it from the scrape config and would rename yours to exported_job',
  instance: 'Prometheus sets it from the scrape target and would rename yours to exported_instance',
};
const UNIT_WORD_SET = new Set(Object.values(UNIT_WORDS).concat('ratio'));

function pascalCase(identifier: string): string {
  return identifier.charAt(0).toUpperCase() + identifier.slice(1);
}

export function resolveLabels(
  labels: Readonly<Record<string, Label>>,
  diagnostics: DiagnosticCollector,
): Map<Label, ResolvedLabel> {
  const resolved = new Map<Label, ResolvedLabel>();
  for (const [exportName, label] of Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) {
    const place = `label ${label.name} (schema/labels.ts: ${exportName})`;
    if (!LABEL_NAME.test(label.name) || label.name.startsWith('__')) {
      diagnostics.add(place, `"${label.name}" is not a valid label name`, 'use letters, digits and _ (dots only between parts, as in gen_ai.token.type), not starting with a digit or __');
    }
    if (label.name in RESERVED_LABELS) {
      diagnostics.add(place, `"${label.name}" is reserved: ${RESERVED_LABELS[label.name]}`, 'choose another name, such as agent_' + label.name);
    }
    if (label.name.startsWith('otel_scope_')) {
      diagnostics.add(place, 'otel_scope_* labels are added by the OpenTelemetry exporter to every series', 'choose a name without the otel_scope_ prefix');
    }
    if (label.kind === 'closed') {
      if (label.values.length === 0) diagnostics.add(place, 'the value set is empty', 'list the values, or make it an open label with a cap');
      const seen = new Set<string>();
      for (const value of label.values) {
        if (seen.has(value)) diagnostics.add(place, `value "${value}" is listed twice`, 'remove the duplicate');
        if (value === OTHER_VALUE) diagnostics.add(place, `"${OTHER_VALUE}" is added to every label by the runtime`, `remove "${OTHER_VALUE}" from the list`);
        if (value === '') diagnostics.add(place, 'an empty value is not a value', 'remove it');
        seen.add(value);
      }
    } else if (!Number.isInteger(label.cap) || label.cap < 1) {
      diagnostics.add(place, `an open label needs a positive integer cap, got ${label.cap}`, 'declare how many distinct values one process may record, such as 50');
    }
    resolved.set(label, {
      name: label.name,
      prometheusName: prometheusLabelName(label.name),
      typeName: pascalCase(exportName),
      description: label.description,
      kind: label.kind,
      ...(label.kind === 'closed' ? { values: [...label.values] } : { cap: label.cap }),
      // `other`, and for an optional label its absence, are values too.
      cardinality: (label.kind === 'closed' ? label.values.length : label.cap) + 1 + (label.optional ? 1 : 0),
      ...(label.optional ? { optional: true } : {}),
      ...(label.functionOf ? { functionOf: label.functionOf.name } : {}),
    });
  }
  return resolved;
}

export function resolveMetric(
  helperName: string,
  metric: MetricDefinition,
  labels: ReadonlyMap<Label, ResolvedLabel>,
  diagnostics: DiagnosticCollector,
): ResolvedMetric {
  const place = `metric ${metric.name} (schema export ${helperName})`;
  if (!HELPER_NAME.test(helperName)) {
    diagnostics.add(place, `export name "${helperName}" cannot name a generated helper`, 'export it under a camelCase name');
  }
  const standard = metric.convention !== undefined;
  if (standard ? !STANDARD_METRIC_NAME.test(metric.name) : !METRIC_NAME.test(metric.name)) {
    diagnostics.add(
      place,
      `"${metric.name}" is not a valid ${standard ? 'standard ' : ''}metric name`,
      standard ? `use the name ${metric.convention} gives it, gen_ai.<...>` : 'use aqe.<area>.<what>, lower case, with dots between parts and _ within them',
    );
  }
  if (metric.description.trim() === '') diagnostics.add(place, 'the description is empty', 'say what one unit of this metric is');

  const promName = exposedName(metric);
  const viaCollector = collectorName(metric.name, metric.unit, metric.kind);
  // A standard's name is not ours to fix: Prometheus shows it as the collector writes it.
  if (!standard && promName !== viaCollector) {
    const words = unitWords(metric.unit, metric.kind);
    const base = metric.name.replace(/_total$/, '');
    const lastWord = base.split(/[._]/).pop() ?? '';
    // A name that already ends in another unit (`_seconds` with unit ms): swap, don't append.
    const unitForWord = Object.entries(UNIT_WORDS).find(([, word]) => word === lastWord)?.[0];
    const total = metric.name.endsWith('_total') ? '_total' : '';
    diagnostics.add(
      place,
      `unit "${metric.unit}" disagrees with the name: agents expose ${promName} but the collector would expose ${viaCollector}`,
      unitForWord && words.length > 0
        ? `set the unit to "${unitForWord}" (${lastWord}), or rename it to ${base.slice(0, -lastWord.length)}${words.join('_')}${total} if the values really are ${words.join(' ')}`
        : words.length > 0
          ? `end the name with _${words.join('_')} (for example ${base}_${words.join('_')}${total})`
          : 'make the unit and the name agree',
    );
  } else {
    const lastWord = metric.name.replace(/_total$/, '').split(/[._]/).pop() ?? '';
    const words = unitWords(metric.unit, metric.kind);
    if (UNIT_WORD_SET.has(lastWord) && !words.includes(lastWord)) {
      diagnostics.add(place, `the name ends in "${lastWord}" but the unit is "${metric.unit}"`, `set the unit that means ${lastWord} (for example "s" for seconds, "%" for percent, "By" for bytes)`);
    }
  }

  const resolvedLabels: ResolvedLabel[] = [];
  const labelNames = new Set<string>();
  const prometheusLabels = new Map<string, string>();
  for (const label of metric.labels) {
    const resolved = labels.get(label);
    if (labelNames.has(label.name)) diagnostics.add(`${place}, label ${label.name}`, 'the label is listed twice', 'list it once');
    labelNames.add(label.name);
    const shown = prometheusLabelName(label.name);
    const clash = prometheusLabels.get(shown);
    if (clash !== undefined && clash !== label.name) diagnostics.add(`${place}, label ${label.name}`, `Prometheus shows it as ${shown}, like label ${clash}`, 'rename one of them');
    prometheusLabels.set(shown, label.name);
    if (!resolved) {
      diagnostics.add(`${place}, label ${label.name}`, 'the label is not exported from schema/labels.ts', 'define it there with closedLabel() or openLabel() and import it');
      continue;
    }
    resolvedLabels.push(resolved);
  }

  let seriesPerLabelSet = 1;
  if (metric.kind === 'histogram') {
    const buckets = metric.buckets ?? [];
    if (buckets.length === 0) diagnostics.add(place, 'a histogram needs buckets', 'set buckets suited to the unit (the OpenTelemetry defaults suit milliseconds, not seconds)');
    buckets.forEach((bound, i) => {
      const previous = buckets[i - 1];
      if (!Number.isFinite(bound)) diagnostics.add(place, `bucket ${i} is ${bound}`, 'use finite numbers; +Inf is always added');
      else if (previous !== undefined && bound <= previous) {
        diagnostics.add(place, `buckets must be strictly increasing, but bucket ${i} (${bound}) follows ${previous}`, 'sort the buckets and remove duplicates');
      }
    });
    // One series per bound, one for +Inf, then _sum and _count.
    seriesPerLabelSet = buckets.length + 3;
  } else if (metric.buckets !== undefined) {
    diagnostics.add(place, `a ${metric.kind} has no buckets`, 'remove buckets, or make it a histogram');
  }

  for (const label of resolvedLabels) {
    if (label.functionOf !== undefined && !labelNames.has(label.functionOf)) {
      diagnostics.add(`${place}, label ${label.name}`, `its value follows from label ${label.functionOf}, which the metric does not have`, `add ${label.functionOf} to the metric's labels, or use a label whose values are independent`);
    }
  }
  // A label whose value follows from another adds no series of its own.
  const worstCaseSeries = resolvedLabels.reduce((n, l) => (l.functionOf !== undefined && labelNames.has(l.functionOf) ? n : n * l.cardinality), seriesPerLabelSet);
  const maxSeries = metric.maxSeries ?? DEFAULT_MAX_SERIES;
  if (worstCaseSeries > maxSeries) {
    const widest = [...resolvedLabels].sort((a, b) => b.cardinality - a.cardinality)[0];
    diagnostics.add(
      place,
      `worst case ${worstCaseSeries} series is over its cap of ${maxSeries}`,
      `drop a label, shrink a value set${widest ? ` (the widest is ${widest.name}, ${widest.cardinality} values)` : ''}, or raise maxSeries with a comment saying why`,
    );
  }

  return {
    helperName,
    otelName: metric.name,
    prometheusName: promName,
    series: seriesNames(metric),
    kind: metric.kind,
    prometheusType: prometheusType(metric.kind),
    unit: metric.unit,
    description: metric.description,
    labels: resolvedLabels,
    ...(metric.buckets ? { buckets: [...metric.buckets] } : {}),
    worstCaseSeries,
    maxSeries,
    specNames: [...(metric.specNames ?? [])],
    ...(metric.renameReason ? { renameReason: metric.renameReason } : {}),
    ...(metric.convention ? { convention: metric.convention } : {}),
  };
}

/** Names that must be unique across metrics: OTel names, helpers, and every series name. */
export function checkMetricCollisions(metrics: readonly ResolvedMetric[], diagnostics: DiagnosticCollector): void {
  const byOtelName = new Map<string, string>();
  const bySeries = new Map<string, ResolvedMetric>();
  for (const metric of metrics) {
    const other = byOtelName.get(metric.otelName);
    if (other) {
      diagnostics.add(`metric ${metric.otelName} (schema export ${metric.helperName})`, `the name is already used by schema export ${other}`, 'rename one of them');
    }
    byOtelName.set(metric.otelName, metric.helperName);
    for (const series of metric.series) {
      const owner = bySeries.get(series);
      if (owner && owner.otelName !== metric.otelName) {
        diagnostics.add(
          `metric ${metric.otelName}`,
          `its Prometheus series ${series} is also produced by ${owner.otelName}`,
          'rename one of them so their Prometheus names differ (counters gain _total, histograms _bucket/_count/_sum)',
        );
      }
      bySeries.set(series, metric);
    }
  }
}
