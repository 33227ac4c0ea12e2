/**
 * Bench section 5: dashboards and storage on a week of backfilled data (spec 11.2: dashboard
 * load < 2 s, common queries < 500 ms, storage < 1 GB/day). See docs/benchmarks.md.
 *
 * 1. OpenMetrics text for a simulated fleet over 7 days (bench/openmetrics.ts), turned into
 *    blocks by `promtool tsdb create-blocks-from openmetrics`.
 * 2. Prometheus (built from tools/) on those blocks; the recording rules of out/prometheus/rules backfilled
 *    with `promtool tsdb create-blocks-from rules` (two passes: rules that read other rules
 *    need the first pass' blocks loaded), Prometheus restarted on all the blocks, and the
 *    bench waits until its compaction has settled.
 * 3. Every Prometheus query of every dashboard, as Grafana sends it, over the last 24 h and
 *    7 d; recording-rule queries against the raw expressions they replace.
 * 4. Bytes per sample from blocks of a few hours at the generated scrape interval (the week's
 *    5-minute samples compress worse), the index per series and day from the week's blocks, and
 *    GB/day with generators/storage-budget.ts' arithmetic for the fleet and the model's worst case.
 *
 * Run alone: `npx ts-node --swc bench/prometheus-section.ts [--quick]`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { parseDuration } from '../core/duration';
import { resolveAlerting } from '../generators/alerting-model';
import { buildModel } from '../generators/model';
import { runbooksIn } from '../generators/runbooks';
import { schema as schemaSource } from '../schema';
import { rules as rulesSource } from '../rules';
import { gigabytes, MEASURED_TSDB_COST, streamBytesPerDay, recordedWorstCase, STORAGE_BUDGET_BYTES_PER_DAY, worstCaseStreams, type SeriesStream } from '../generators/storage-budget';
import { estimateStorage } from './cases/storage';
import {
  asGrafanaSends,
  grafanaTiming,
  inlineRecordingRules,
  percentile,
  readDashboards,
  readRecordingRules,
  timeAll,
  variableValues,
  type GrafanaTiming,
  type RecordingRule,
} from './cases/query-latency';
import { writeFleetOpenMetrics, type SchemaJson } from './openmetrics';
import { fmt, formatTable } from './table';
import { addBlocks, backfillOpenMetrics, backfillRules, blockIds, blockStats, startPrometheusOnTsdb, waitForCompaction, type TsdbPrometheus } from './tsdb';

const ROOT = resolve(__dirname, '..');

function elapsed(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/**
 * Rule files for promtool: recording rules only, each group's interval at least the data's
 * resolution. promtool evaluates a group at its interval plus an offset hashed from the
 * group's name, never aligned with the samples, so a window shorter than two samples
 * (`rate(x[5m])` on 5-min data) would hold one sample and record nothing: such windows are
 * widened to two samples' worth, for the backfill only.
 */
function writeRuleFiles(dir: string, rules: readonly RecordingRule[], minIntervalSec: number): string[] {
  const byInterval = new Map<number, RecordingRule[]>();
  for (const r of rules) {
    const interval = Math.max(r.intervalSec, minIntervalSec);
    byInterval.set(interval, [...(byInterval.get(interval) ?? []), r]);
  }
  mkdirSync(dir, { recursive: true });
  return [...byInterval.entries()].map(([interval, list], i) => {
    const path = join(dir, `backfill-${i}.rules.yaml`);
    const groups = [{ name: `backfill-${interval}s`, interval: `${interval}s`, rules: list.map((r) => ({ record: r.record, expr: widen(r.expr, minIntervalSec), ...(Object.keys(r.labels).length ? { labels: r.labels } : {}) })) }];
    writeFileSync(path, dump({ groups }));
    return path;
  });
}

/** `[5m]` -> `[600s]` when the data has one sample per 5 min. */
function widen(expr: string, stepSec: number): string {
  return expr.replace(/\[(\d+)([smh])\]/g, (whole, n: string, unit: string) => {
    const sec = Number(n) * (unit === 's' ? 1 : unit === 'm' ? 60 : 3600);
    return sec < 2 * stepSec ? `[${2 * stepSec}s]` : whole;
  });
}

const dur = (sec: number) => (sec % 86400 === 0 ? `${sec / 86400}d` : sec % 3600 === 0 ? `${sec / 3600}h` : sec % 60 === 0 ? `${sec / 60}m` : `${sec}s`);

export async function runPrometheusSection(quick: boolean): Promise<void> {
  const started = process.hrtime.bigint();
  const days = quick ? 1 : 7;
  const stepSec = 300;
  const runs = quick ? 2 : 5;
  const schema = JSON.parse(readFileSync(join(ROOT, 'out', 'schema.json'), 'utf8')) as SchemaJson;
  const rules = readRecordingRules(join(ROOT, 'out', 'prometheus', 'rules'));
  const dashboards = readDashboards(join(ROOT, 'out', 'grafana', 'dashboards'));

  const root = mkdtempSync(join(tmpdir(), 'aqe-bench-tsdb-'));
  const data = join(root, 'data');
  mkdirSync(data);
  let prometheus: TsdbPrometheus | undefined;
  const stop = async () => {
    await prometheus?.stop();
    prometheus = undefined;
  };
  const start = async () => {
    await stop();
    prometheus = await startPrometheusOnTsdb(data, root);
    return prometheus;
  };
  try {
    // 1. OpenMetrics -> blocks.
    let t = process.hrtime.bigint();
    const omDir = join(root, 'openmetrics');
    mkdirSync(omDir);
    const fleet = writeFleetOpenMetrics(schema, { dir: omDir, endSec: Math.floor(Date.now() / 1000), days, stepSec, targetLabels: { job: 'otel-collector' } });
    const genSec = elapsed(t);
    t = process.hrtime.bigint();
    await backfillOpenMetrics(fleet.files.map((f) => f.path), data);
    const backfillSec = elapsed(t);
    const rawIds = blockIds(data);

    // 2. Recording rules, in dependency order (a rule reading another rule's series waits for its blocks).
    const recordNames = new Set(rules.map((r) => r.record));
    const dependsOnRule = (r: RecordingRule) => [...recordNames].some((n) => n !== r.record && r.expr.includes(n));
    const passes = [rules.filter((r) => !dependsOnRule(r)), rules.filter(dependsOnRule)].filter((p) => p.length > 0);
    t = process.hrtime.bigint();
    for (const [i, pass] of passes.entries()) {
      const server = await start();
      const out = join(root, `rules-out-${i}`);
      await backfillRules({ url: server.url, startSec: fleet.startSec, endSec: fleet.endSec, ruleFiles: writeRuleFiles(join(root, `rules-${i}`), pass, stepSec), outDir: out });
      await stop();
      addBlocks(out, data);
    }
    const rulesSec = elapsed(t);
    const raw = blockStats(data, (id) => rawIds.has(id));
    const recorded = blockStats(data, (id) => !rawIds.has(id));

    const server = await start();
    const startedAt = Date.now();
    const compaction = await waitForCompaction(server.url, startedAt, quick ? 5_000 : 65_000);

    console.log(
      `Simulated fleet: ${fleet.series.toLocaleString('en')} series (18 agent types, 2-3 task types and 2 models each, 5 projects x 12 modules, 6 gates, ...; ` +
        `model worst case ${schema.totalWorstCaseSeries.toLocaleString('en')}), one sample per ${stepSec / 60} min over ${days} d: ` +
        `${fleet.samples.toLocaleString('en')} samples, ${(fleet.bytes / 1e6).toFixed(0)} MB of OpenMetrics in ${fleet.files.length} daily files.`,
    );
    console.log(
      formatTable(
        ['step', 's', 'result'],
        [
          ['generate OpenMetrics (Node)', (genSec).toFixed(1), `${(fleet.bytes / 1e6 / genSec).toFixed(0)} MB/s`],
          ['promtool create-blocks-from openmetrics (2 at a time)', backfillSec.toFixed(1), `${raw.blocks} blocks, ${raw.samples.toLocaleString('en')} samples`],
          [`promtool create-blocks-from rules (${passes.length} passes, ${rules.length} rules)`, rulesSec.toFixed(1), `${recorded.blocks} blocks, ${recorded.samples.toLocaleString('en')} samples`],
          ['Prometheus start + compaction settled', (compaction.waitedMs / 1000).toFixed(1), `${compaction.compactions} compactions, ${compaction.blocks} blocks loaded`],
        ],
      ),
    );

    // 3. Query latency.
    const vars = await variableValues(server.url, dashboards.flatMap((d) => d.variables).filter((v, i, all) => all.findIndex((w) => w.name === v.name) === i));
    const ranges = [86400, days * 86400];
    const perRange: { timing: GrafanaTiming; results: { dashboard: string; panel: string; expr: string; instant: boolean; ms: number; series: number; error?: string }[]; all: number[] }[] = [];
    for (const rangeSec of ranges) {
      const timing = grafanaTiming(rangeSec, stepSec);
      const items = dashboards.flatMap((d) => d.queries.map((q) => ({ ...q, expr: asGrafanaSends(q.expr, timing, vars.values) })));
      const timed = await timeAll(server.url, items, fleet.endSec, timing, runs);
      perRange.push({
        timing,
        results: items.map((q, i) => ({ dashboard: q.dashboard, panel: q.panel, expr: q.expr, instant: q.instant, ms: timed[i]!.ms.median, series: timed[i]!.series, ...(timed[i]!.error ? { error: timed[i]!.error } : {}) })),
        all: timed.flatMap((x) => [...x.ms.samples]),
      });
    }
    const nQueries = perRange[0]!.results.length;
    console.log(
      `\nQueries: ${nQueries} Prometheus targets of ${dashboards.length} dashboards, variables at All, each timed ${runs} times after a warm-up (client wall time: HTTP + evaluation + JSON). ` +
        `Range queries with Grafana's step; instant ones (stat, gauge, table) at the end with $__range = the range.`,
    );
    console.log(
      formatTable(
        ['range', 'step', '$__rate_interval', 'p50', 'p95', 'max', 'empty results'],
        perRange.map((r) => [
          dur(r.timing.rangeSec),
          dur(r.timing.stepSec),
          dur(r.timing.rateIntervalSec),
          fmt.ms(percentile(r.all, 50)),
          fmt.ms(percentile(r.all, 95)),
          fmt.ms(Math.max(...r.all)),
          String(r.results.filter((x) => x.series === 0).length),
        ]),
      ),
    );
    const errors = perRange.flatMap((r) => r.results.filter((x) => x.error));
    if (errors.length > 0) console.log(`\nQuery ERRORS: ${errors.map((e) => `${e.dashboard}/${e.panel}: ${e.error}`).join('; ')}`);
    const empty = [...new Set(perRange.flatMap((r) => r.results.filter((x) => x.series === 0).map((x) => x.expr.slice(0, 60))))];
    if (empty.length > 0) console.log(`Empty (series not backfilled: Prometheus' own, up, ALERTS): ${empty.join(' | ')}`);

    const last = perRange[perRange.length - 1]!;
    console.log(`\nSlowest 5 queries over ${dur(last.timing.rangeSec)} (median):`);
    console.log(
      formatTable(
        ['dashboard / panel', 'ms', 'series', 'query'],
        [...last.results]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((x) => [`${x.dashboard} / ${x.panel}`.slice(0, 40), fmt.ms(x.ms), String(x.series), x.expr.length > 90 ? x.expr.slice(0, 87) + '...' : x.expr]),
      ),
    );

    console.log(`\nDashboard load (${vars.ms.toFixed(0)} ms of label_values for the variables first; then Grafana runs the panel queries in parallel: load ~ the slowest, sequential = the sum):`);
    console.log(
      formatTable(
        ['dashboard', 'queries', ...perRange.flatMap((r) => [`max ${dur(r.timing.rangeSec)}`, `sum ${dur(r.timing.rangeSec)}`])],
        dashboards.map((d) => [
          d.name,
          String(d.queries.length),
          ...perRange.flatMap((r) => {
            const mine = r.results.filter((x) => x.dashboard === d.name).map((x) => x.ms);
            return [fmt.ms(Math.max(0, ...mine)), fmt.ms(mine.reduce((a, b) => a + b, 0))];
          }),
        ]),
      ),
    );

    // Recording rule vs the raw expression it replaces.
    const pairs = [...new Set(dashboards.flatMap((d) => d.queries.filter((q) => !q.instant).map((q) => q.expr)))]
      .map((expr) => ({ expr, raw: inlineRecordingRules(expr, rules) }))
      .filter((p): p is { expr: string; raw: string } => p.raw !== null);
    const cmp: { expr: string; cells: string[] }[] = pairs.map((p) => ({ expr: p.expr, cells: [] }));
    const ratios: number[][] = ranges.map(() => []);
    for (const [ri, rangeSec] of ranges.entries()) {
      const timing = grafanaTiming(rangeSec, stepSec);
      const items = pairs.flatMap((p) => [
        { expr: asGrafanaSends(p.expr, timing, vars.values), instant: false },
        { expr: asGrafanaSends(p.raw, timing, vars.values), instant: false },
      ]);
      const timed = await timeAll(server.url, items, fleet.endSec, timing, runs);
      pairs.forEach((_, i) => {
        const rec = timed[2 * i]!;
        const rawT = timed[2 * i + 1]!;
        const r = rawT.ms.median / rec.ms.median;
        ratios[ri]!.push(r);
        const seriesNote = rec.series === rawT.series ? '' : ` (${rec.series}/${rawT.series} series)`;
        cmp[i]!.cells.push(`${fmt.ms(rec.ms.median)} / ${fmt.ms(rawT.ms.median)} = ${fmt.x(r)}${seriesNote}`);
      });
    }
    console.log(`\nRecording rule vs the raw expression it replaces (range queries; recorded / raw = raw is N x slower):`);
    console.log(
      formatTable(
        ['query (recorded)', ...ranges.map((r) => dur(r))],
        cmp.map((c) => [c.expr.length > 70 ? c.expr.slice(0, 67) + '...' : c.expr, ...c.cells]),
      ),
    );
    console.log(`Median ratio raw / recorded: ${ratios.map((r, i) => `${dur(ranges[i]!)} ${fmt.x(percentile(r, 50))} (range ${fmt.x(Math.min(...r))} .. ${fmt.x(Math.max(...r))})`).join(', ')}.`);

    // 4. Storage: chunks at the production scrape interval, from a few hours of it.
    const prometheusYaml = load(readFileSync(join(ROOT, 'out', 'prometheus', 'prometheus.yaml'), 'utf8')) as { global: { scrape_interval: string } };
    const scrapeMs = parseDuration(prometheusYaml.global.scrape_interval)!;
    // Two hours of the fleet at 15 s are ~26 M samples (about 5 minutes of promtool here): enough for a stable ratio.
    const denseHours = quick ? 1 : 2;
    t = process.hrtime.bigint();
    const denseOm = join(root, 'dense-openmetrics');
    const denseData = join(root, 'dense-data');
    mkdirSync(denseOm);
    mkdirSync(denseData);
    const dense = writeFleetOpenMetrics(schema, { dir: denseOm, endSec: fleet.endSec, days: denseHours / 24, stepSec: scrapeMs / 1000, targetLabels: { job: 'otel-collector' } });
    await backfillOpenMetrics(dense.files.map((f) => f.path), denseData);
    const denseStats = blockStats(denseData);
    const denseSec = elapsed(t);

    // The recorded series of the backfill, each at its group's interval.
    const countRecorded = new URLSearchParams({ query: 'count by (__name__) ({__name__=~".+:.+"})', time: String(fleet.endSec - 2 * stepSec) });
    const recordedJson = (await (await fetch(`${server.url}/api/v1/query?${countRecorded}`)).json()) as { data?: { result?: { metric: { __name__: string }; value: [number, string] }[] } };
    const intervalOf = new Map(rules.map((r) => [r.record, r.intervalSec * 1000]));
    const recordedByInterval = new Map<number, number>();
    for (const row of recordedJson.data?.result ?? []) {
      const interval = intervalOf.get(row.metric.__name__) ?? scrapeMs;
      recordedByInterval.set(interval, (recordedByInterval.get(interval) ?? 0) + Number(row.value[1]));
    }
    const fleetRecorded: SeriesStream[] = [...recordedByInterval].sort(([a], [b]) => a - b).map(([intervalMs, series]) => ({ what: 'recorded', series, intervalMs }));
    const fleetScraped: SeriesStream = { what: 'scraped', series: fleet.series, intervalMs: scrapeMs };

    // The model's worst case, as generation checks it (without the check itself, which these figures are for).
    const model = buildModel(schemaSource);
    const resolved = resolveAlerting(model, rulesSource, runbooksIn(join(ROOT, 'docs', 'runbooks')));
    const worst = worstCaseStreams(model, scrapeMs, recordedWorstCase(resolved.alerting, resolved.catalog, model));
    const storage = estimateStorage(raw, denseStats, {
      series: fleet.series,
      days,
      rows: [
        { what: 'simulated fleet', streams: [fleetScraped] },
        { what: 'simulated fleet + its recorded series', streams: [fleetScraped, ...fleetRecorded] },
        { what: 'model worst case, scraped', streams: worst.slice(0, 1) },
        { what: 'model worst case + recording rules\' worst case', streams: worst },
      ],
    });
    console.log(
      `\nStorage: ${denseHours} h of the fleet at the generated ${prometheusYaml.global.scrape_interval} scrape (${dense.samples.toLocaleString('en')} samples, backfilled in ${denseSec.toFixed(0)} s) take ` +
        `${(denseStats.chunkBytes / 1e6).toFixed(1)} MB of chunks: ${storage.measured.chunkBytesPerSample.toFixed(2)} bytes/sample ` +
        `(the week's one sample per ${stepSec / 60} min: ${storage.sparseChunkBytesPerSample.toFixed(2)}); the week's raw blocks hold ${(raw.indexBytes / 1e6).toFixed(1)} MB of index, ` +
        `${storage.measured.indexBytesPerSeriesDay.toFixed(0)} bytes per series per day. generators/storage-budget.ts checks with ${MEASURED_TSDB_COST.chunkBytesPerSample} bytes/sample and ${MEASURED_TSDB_COST.indexBytesPerSeriesDay} bytes of index: ` +
        (storage.constantsCover ? 'at least what was measured.' : 'LESS than measured: update MEASURED_TSDB_COST.'),
    );
    console.log(
      formatTable(
        ['series set', 'series', 'intervals', 'samples/day', 'GB/day measured', 'GB/day as generation checks', 'of spec 1 GB/day'],
        storage.perDay.map((r) => [
          r.what,
          r.series.toLocaleString('en'),
          [...new Set(r.streams.map((s) => dur(s.intervalMs / 1000)))].join(', '),
          Math.round(r.streams.reduce((n, s) => n + (s.series * 86_400_000) / s.intervalMs, 0)).toLocaleString('en'),
          r.gbPerDay.toFixed(3),
          r.gbPerDayAtConstants.toFixed(3),
          `${((r.gbPerDay * 1e9 * 100) / STORAGE_BUDGET_BYTES_PER_DAY).toFixed(0)} %`,
        ]),
      ),
    );
    console.log(`Worst case by stream (measured cost): ${worst.map((w) => `${w.what} ${w.series.toLocaleString('en')} every ${dur(w.intervalMs / 1000)} ${gigabytes(streamBytesPerDay(w, storage.measured))}`).join('; ')}.`);
    console.log(`\nSection 5 took ${elapsed(started).toFixed(0)} s.`);
  } finally {
    await stop();
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runPrometheusSection(process.argv.includes('--quick')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
