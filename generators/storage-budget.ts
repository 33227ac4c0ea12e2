import { formatDuration, parseDuration } from '../core/duration';
import type { AlertingModel } from './alerting-types';
import type { Diagnostic } from './diagnostics';
import type { Model } from './model-types';
import { SCRAPE_LABELS, type SeriesCatalog } from './series-catalog';

/**
 * Spec 11.2: Prometheus stores under 1 GB a day. The worst case is the model's: every series
 * the schema can produce (out/schema.json totalWorstCaseSeries) scraped every scrape interval,
 * plus every series the recording rules can write, each at its group's interval. Checked when
 * generating (generators/check-sources.ts), so a longer label list or a shorter scrape interval
 * fails there, naming the setting, rather than filling the disk. bench/cases/storage.ts uses
 * the same arithmetic on what it measures.
 */

/** The budget of spec 11.2, in bytes a day (decimal gigabytes, as the bench reports them). */
export const STORAGE_BUDGET_BYTES_PER_DAY = 1e9;

/** What the TSDB spends on a series: its samples' chunks and its share of each block's index. */
export interface TsdbCost {
  readonly chunkBytesPerSample: number;
  /** The index is per block: it grows with series x blocks, not with samples. */
  readonly indexBytesPerSeriesDay: number;
}

/**
 * Measured by bench section 5 (docs/benchmarks.md, "Dashboards and storage on a week of
 * backfilled data") on Prometheus 3.16, rounded up: chunks of the simulated fleet backfilled at
 * the generated 15 s scrape (1.10 bytes a sample over 2 hours, 1.13 over the 1 hour of a
 * `--quick` run; the week's 5-minute samples take about twice that), the index of promtool's
 * blocks before compaction merges them (236 bytes per series and day; compacted blocks share
 * one index over more days). Update both when the bench reports more; it prints whether these
 * still cover what it measured.
 */
export const MEASURED_TSDB_COST: TsdbCost = { chunkBytesPerSample: 1.2, indexBytesPerSeriesDay: 240 };

/** Series written at one interval: the scraped ones, or one rule group's recordings. */
export interface SeriesStream {
  /** For messages: `scraped (rules/settings.ts prometheus.scrapeInterval)`, `recorded by group aqe-slo`. */
  readonly what: string;
  readonly series: number;
  readonly intervalMs: number;
}

export function streamBytesPerDay(stream: SeriesStream, cost: TsdbCost = MEASURED_TSDB_COST): number {
  return stream.series * (86_400_000 / stream.intervalMs) * cost.chunkBytesPerSample + stream.series * cost.indexBytesPerSeriesDay;
}

export function bytesPerDay(streams: readonly SeriesStream[], cost: TsdbCost = MEASURED_TSDB_COST): number {
  return streams.reduce((total, s) => total + streamBytesPerDay(s, cost), 0);
}

/** `0.93 GB` */
export const gigabytes = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/**
 * The most series each recording rule can write: the product of the values each label it keeps
 * can take. Closed labels count their values (`other` included), open ones their declared
 * cardinality, `le` the buckets of the widest histogram plus `+Inf`; the OpenTelemetry scope
 * labels count once (a metric comes from one instrumentation scope), and a label whose value
 * follows from another the rule keeps (task_type from agent_type) adds nothing, as in the
 * schema's own worst case.
 */
export function recordedWorstCase(alerting: AlertingModel, catalog: SeriesCatalog, model: Model): SeriesStream[] {
  const cardinality = new Map<string, number>();
  const follows = new Map<string, string>();
  for (const metric of model.metrics) {
    const prometheusNames = new Map(metric.labels.map((l) => [l.name, l.prometheusName]));
    for (const label of metric.labels) {
      cardinality.set(label.prometheusName, Math.max(cardinality.get(label.prometheusName) ?? 0, label.cardinality));
      const parent = label.functionOf === undefined ? undefined : prometheusNames.get(label.functionOf);
      if (parent !== undefined) follows.set(label.prometheusName, parent);
    }
  }
  const buckets = Math.max(0, ...model.metrics.map((m) => m.buckets?.length ?? 0)) + 1;
  const scope = new Set(SCRAPE_LABELS.filter((l) => l.startsWith('otel_scope_')));
  const values = (record: string, label: string): number => {
    const known = catalog.get(record)?.labels.get(label)?.values;
    if (known) return known.length;
    if (label === 'le') return buckets;
    if (scope.has(label)) return 1;
    return cardinality.get(label) ?? 1;
  };
  return alerting.files.flatMap((file) =>
    file.groups.map((group) => ({
      what: `recorded by group ${group.name}`,
      intervalMs: parseDuration(group.interval) ?? 60_000,
      series: group.rules.reduce((total, rule) => {
        if (rule.kind !== 'recording') return total;
        // A label the rule sets itself (quantile="0.95") is one value of its own.
        const own = (label: string) => label in rule.labels || rule.outputLabels.includes(follows.get(label) ?? '');
        return total + rule.outputLabels.reduce((product, label) => product * (own(label) ? 1 : values(rule.record, label)), 1);
      }, 0),
    })),
  ).filter((s) => s.series > 0);
}

/** The streams of the worst case: the schema's series at the scrape interval, then each group's recordings. */
export function worstCaseStreams(model: Model, scrapeMs: number, recorded: readonly SeriesStream[]): SeriesStream[] {
  return [{ what: 'scraped: the schema\'s worst case', series: model.totalWorstCaseSeries, intervalMs: scrapeMs }, ...recorded];
}

/**
 * Problems with the storage budget: over spec 11.2's 1 GB a day, or over the Prometheus claim
 * for its retention. Empty when both hold. `scrapeSetting` and `claimSetting` name the values
 * for the messages.
 */
export function checkStorage(
  streams: readonly SeriesStream[],
  settings: { readonly scrapeSetting: string; readonly retentionMs?: number; readonly retentionSetting: string; readonly claimBytes?: number; readonly claimSetting: string },
  cost: TsdbCost = MEASURED_TSDB_COST,
): Diagnostic[] {
  const total = bytesPerDay(streams, cost);
  const terms = streams.map((s) => `${s.what} ${s.series.toLocaleString('en')} series every ${formatDuration(s.intervalMs)} ${gigabytes(streamBytesPerDay(s, cost))}`).join(' + ');
  const how = `at ${cost.chunkBytesPerSample} bytes a sample and ${cost.indexBytesPerSeriesDay} bytes of index per series and day (generators/storage-budget.ts, measured by the bench)`;
  const problems: Diagnostic[] = [];
  const [scraped, ...rest] = streams;
  if (total >= STORAGE_BUDGET_BYTES_PER_DAY && scraped) {
    // The scrape interval that brings the sum under the budget, the rest unchanged.
    const room = STORAGE_BUDGET_BYTES_PER_DAY - bytesPerDay(rest, cost) - scraped.series * cost.indexBytesPerSeriesDay;
    const needed = room > 0 ? Math.ceil((scraped.series * 86_400 * cost.chunkBytesPerSample) / room) : undefined;
    problems.push({
      place: `storage budget (spec 11.2, docs/deployment.md): ${settings.scrapeSetting}`,
      problem: `the worst case writes about ${terms} = ${gigabytes(total)} a day ${how}, not under the spec's ${gigabytes(STORAGE_BUDGET_BYTES_PER_DAY)} a day`,
      fix: needed === undefined
        ? 'the recording rules alone exceed the budget: lengthen their groups\' intervals, or lower the schema\'s label caps'
        : `lengthen ${settings.scrapeSetting} to at least ${needed}s (keeping the 30 s alert budget of docs/alerting.md), or lower the schema's label caps (its worst case)`,
    });
  }
  if (settings.retentionMs !== undefined && settings.claimBytes !== undefined) {
    const kept = (total * settings.retentionMs) / 86_400_000;
    if (kept >= settings.claimBytes) {
      problems.push({
        place: `storage budget (docs/deployment.md): ${settings.claimSetting}, ${settings.retentionSetting}`,
        problem: `the worst case of ${gigabytes(total)} a day kept for ${formatDuration(settings.retentionMs)} is ${gigabytes(kept)}, more than the ${gigabytes(settings.claimBytes)} claim: Prometheus fills its volume and stops writing`,
        fix: `raise ${settings.claimSetting} to at least ${Math.ceil(kept / 2 ** 30)}Gi, or shorten ${settings.retentionSetting}`,
      });
    }
  }
  return problems;
}
