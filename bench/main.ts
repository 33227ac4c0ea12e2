import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
/**
 * `npm run bench`: the cost of the generated instrumentation, as ratios against baselines
 * measured in the same run (see docs/benchmarks.md). `npm run bench -- --quick` runs a
 * tenth of the iterations, for checking that the bench works, not for numbers.
 *
 * Not a test: nothing here fails on a slow machine. It only prints.
 */
import { metrics } from '@opentelemetry/api';
import { agentDuration, agentSpawns } from '../out/instrumentation/metrics';
import {
  instrumentationOnlyMicros,
  instrumentedTask,
  instrumentedTasksRun,
  metricsOnlyTask,
  runAgentTask,
  spansOnlyTask,
  type AgentTaskResults,
  SPANS_PER_TASK,
} from './cases/agent-task';
import { runBreakdown } from './cases/breakdown';
import { callsPerCase, runMetricCalls, type MetricCallResults } from './cases/metric-calls';
import { calibrateCpuWork, ratio, stats, type PerCallOptions, type Stats } from './harness';
import { describeMachine, formatMachine } from './machine';
import { registerMeterProvider, registerTracerProvider, sumOf, type BenchTracerProvider } from './providers';
import { fmt, formatTable } from './table';
import { runPrometheusSection } from './prometheus-section';
import { runGenerateSection } from './generate-section';

const quick = process.argv.includes('--quick');
/** `--only 1-3` (or `4`, `5,6`...): the sections to run, for measuring one part again; all by default. */
const onlyArg = process.argv[process.argv.indexOf('--only') + 1];
const only = process.argv.includes('--only') && onlyArg ? onlyArg : '1-6';
const runs = (n: number) => only.split(',').some((part) => {
  const [from, to = from] = part.split('-').map(Number);
  return n >= (from ?? 0) && n <= (to ?? 0);
});
const scale = quick ? 0.1 : 1;

const PER_CALL: PerCallOptions = { iterations: Math.round(250_000 * scale), rounds: 7, warmup: Math.round(100_000 * scale) };
const BREAKDOWN: PerCallOptions = { iterations: Math.round(200_000 * scale), rounds: 5, warmup: Math.round(50_000 * scale) };

function section(title: string): void {
  console.log(`\n## ${title}\n`);
}

function row(name: string, s: Stats, ...extra: string[]): string[] {
  return [name, fmt.ns(s.median), fmt.spread(s.spreadPct), ...extra];
}

function printMetricCalls(label: string, r: MetricCallResults): void {
  const c = r.counter;
  console.log(
    formatTable(
      ['counter inc, ' + label, 'ns/op', 'spread', 'vs raw OTel', 'vs prom-client'],
      [
        row('generated helper  agentSpawns.inc({...})', c.helper, fmt.x(ratio(c.helper, c.raw)), fmt.x(ratio(c.helper, c.prom))),
        row('bound handle      spawns.inc()', c.bound, fmt.x(ratio(c.bound, c.raw)), fmt.x(ratio(c.bound, c.prom))),
        row('raw OTel API      counter.add(1, {...})', c.raw, fmt.x(1), fmt.x(ratio(c.raw, c.prom))),
        row('prom-client       counter.inc({...})', c.prom, fmt.x(ratio(c.prom, c.raw)), fmt.x(1)),
        row('floor             Float64Array cell += 1', c.floor, '', ''),
        row('empty loop (call overhead, included above)', c.loop, '', ''),
      ],
    ),
  );
  console.log();
  const h = r.histogram;
  console.log(
    formatTable(
      ['histogram record, ' + label, 'ns/op', 'spread', 'vs raw OTel', 'vs prom-client'],
      [
        row('generated helper  agentDuration.record(v, {...})', h.helper, fmt.x(ratio(h.helper, h.raw)), fmt.x(ratio(h.helper, h.prom))),
        row('bound handle      durations.record(v)', h.bound, fmt.x(ratio(h.bound, h.raw)), fmt.x(ratio(h.bound, h.prom))),
        row('raw OTel API      histogram.record(v, {...})', h.raw, fmt.x(1), fmt.x(ratio(h.raw, h.prom))),
        row('prom-client       histogram.observe({...}, v)', h.prom, fmt.x(ratio(h.prom, h.raw)), fmt.x(1)),
      ],
    ),
  );
}

/** The issue 16 targets against what was measured: the helper's ratios, the bound handle's ns over the floor. */
function printTargets(r: MetricCallResults): void {
  const verdict = (value: number, limit: number) => `${fmt.x(value)} (target <= ${fmt.x(limit)}: ${value <= limit ? 'met' : 'NOT met'})`;
  console.log(`\nTargets: counter helper / raw ${verdict(ratio(r.counter.helper, r.counter.raw), 0.25)}, / prom-client ${verdict(ratio(r.counter.helper, r.counter.prom), 1)};`);
  console.log(`histogram helper / raw ${verdict(ratio(r.histogram.helper, r.histogram.raw), 0.25)}, / prom-client ${verdict(ratio(r.histogram.helper, r.histogram.prom), 1)};`);
  console.log(`bound counter handle ${fmt.ns(r.counter.bound.median)} against the Float64Array floor's ${fmt.ns(r.counter.floor.median)} (both include the loop's ${fmt.ns(r.counter.loop.median)}).`);
}

/** Runs cases 1 and 2 on a registered provider and checks the reader saw every helper and handle call. */
async function measureWithSdk(meter: ReturnType<typeof registerMeterProvider>, label: string): Promise<MetricCallResults> {
  const before = await meter.collect();
  const spawnsBefore = sumOf(before, agentSpawns.spec.name) ?? 0;
  const durationBefore = sumOf(before, agentDuration.spec.name) ?? 0;
  const results = runMetricCalls(PER_CALL);
  printMetricCalls(label, results);
  const after = await meter.collect();
  // The helper's and the bound handle's calls both land in the helper's metric.
  const expected = 2 * callsPerCase(PER_CALL);
  const spawns = (sumOf(after, agentSpawns.spec.name) ?? 0) - spawnsBefore;
  const durations = (sumOf(after, agentDuration.spec.name) ?? 0) - durationBefore;
  console.log(
    `\nCheck: the reader collected ${spawns.toLocaleString('en')} helper and handle increments and ${durations.toLocaleString('en')} ` +
      `histogram records (expected ${expected.toLocaleString('en')} each)` + (spawns === expected && durations === expected ? '.' : ' -- MISMATCH, numbers above are suspect.'),
  );
  return results;
}

/** Case 3 against the providers registered now: prints its table and returns the task's figures. */
async function measureAgentTask(tracer: BenchTracerProvider, workRounds: number): Promise<AgentTaskResults> {
  const tasksBefore = instrumentedTasksRun();
  const exportedBefore = tracer.exporter.exported;
  const zeroWorkTasks = quick ? 400 : 2000;
  const only = await instrumentationOnlyMicros(() => instrumentedTask(0), zeroWorkTasks, 5);
  const metricsOnly = await instrumentationOnlyMicros(metricsOnlyTask, zeroWorkTasks, 5);
  const spansOnly = await instrumentationOnlyMicros(spansOnlyTask, zeroWorkTasks, 5);
  const task = await runAgentTask({ workRounds, batch: 50, rounds: quick ? 2 : 15, warmupTasks: quick ? 50 : 300 });
  await tracer.provider.forceFlush();
  const spansExpected = (instrumentedTasksRun() - tasksBefore) * SPANS_PER_TASK;
  const exported = tracer.exporter.exported - exportedBefore;
  console.log(
    formatTable(
      ['variant', 'µs/task', 'spread or range'],
      [
        [`bare task (${workRounds.toLocaleString('en')} rounds of CPU work)`, fmt.us(task.bareMicros.median), fmt.spread(task.bareMicros.spreadPct)],
        ['instrumented task', fmt.us(task.instrumentedMicros.median), fmt.spread(task.instrumentedMicros.spreadPct)],
        ['overhead per task, wall (B - A per round)', fmt.us(task.overheadMicros.median), `${fmt.us(task.overheadMicros.min)} .. ${fmt.us(task.overheadMicros.max)}`],
        ['overhead per task, process CPU time', fmt.us(task.cpuOverheadMicros.median), `${fmt.us(task.cpuOverheadMicros.min)} .. ${fmt.us(task.cpuOverheadMicros.max)}`],
        ['instrumentation alone (0 work, back to back)', fmt.us(only.median), fmt.spread(only.spreadPct)],
        ['  of which the 10 metric records alone', fmt.us(metricsOnly.median), fmt.spread(metricsOnly.spreadPct)],
        ['  of which the 3 spans alone', fmt.us(spansOnly.median), fmt.spread(spansOnly.spreadPct)],
      ],
    ),
  );
  console.log(
    `\nOverhead: ${fmt.pct(task.overheadPct.median)} wall, ${fmt.pct(task.cpuOverheadPct.median)} CPU, of a ~2 ms task ` +
      `(medians of ${task.overheadPct.samples.length} A/B/B/A rounds of 50 tasks; wall rounds ranged ` +
      `${fmt.pct(task.overheadPct.min)} .. ${fmt.pct(task.overheadPct.max)}). Spec 11.2: < 5 %; aim < 1 %.`,
  );
  console.log(
    `Check: ${exported.toLocaleString('en')} spans exported of ${spansExpected.toLocaleString('en')} ended` +
      (exported === spansExpected ? ' (none dropped).' : ' -- some were dropped or not flushed.'),
  );
  return task;
}

/** Sections 1 to 3: the metric calls and the agent task, which share their providers. */
async function metricSections(): Promise<void> {
  // 1 and 2, no SDK: the helpers resolve the no-op provider, as before initializeTelemetry().
  metrics.disable();
  section('1-2. Metric calls with NO SDK registered (no-op API)');
  printMetricCalls('no SDK', runMetricCalls(PER_CALL));

  // 1 and 2 with a real MeterProvider (reader attached) registered globally: first as the
  // SDK's instruments alone (metricCells: false), then with the cells as the bootstrap has them.
  const sdkOnly = registerMeterProvider({ cells: false });
  section('1-2. Metric calls with the SDK MeterProvider, the SDK\'s instruments (metricCells: false)');
  await measureWithSdk(sdkOnly, 'SDK instruments');
  await sdkOnly.shutdown();
  const meter = registerMeterProvider({ cells: true });
  section('1-2. Metric calls with the SDK MeterProvider and the cell store (the default under initializeTelemetry)');
  printTargets(await measureWithSdk(meter, 'SDK + cells'));

  section('Where the helper cost goes (SDK and cells registered; steps timed alone)');
  const parts = runBreakdown(BREAKDOWN);
  console.log(formatTable(['step', 'ns/op', 'spread'], Object.entries(parts).map(([name, s]) => row(name, s))));

  // 3: a fully instrumented simulated task vs the same work bare, with the cells (the default),
  // then on the SDK's instruments alone, in the same run.
  const tracer = registerTracerProvider();
  const workRounds = calibrateCpuWork(2_000_000);
  section('3. Simulated 2 ms agent task: instrumented vs bare (NodeTracerProvider + BatchSpanProcessor, MeterProvider with the cells)');
  const withCells = await measureAgentTask(tracer, workRounds);
  await meter.shutdown();
  const sdkMeter = registerMeterProvider({ cells: false });
  section('3b. The same task on the SDK\'s instruments alone (metricCells: false)');
  const withSdk = await measureAgentTask(tracer, workRounds);
  console.log(
    `\nThe cells take the task's overhead from ${fmt.pct(withSdk.overheadPct.median)} to ${fmt.pct(withCells.overheadPct.median)} wall and from ` +
      `${fmt.pct(withSdk.cpuOverheadPct.median)} to ${fmt.pct(withCells.cpuOverheadPct.median)} CPU (medians, this run).`,
  );
  await tracer.shutdown();
  await sdkMeter.shutdown();
}

async function main(): Promise<void> {
  const started = process.hrtime.bigint();
  console.log('# aqe-telemetry bench' + (quick ? ' (--quick: iterations / 10, numbers not meaningful)' : ''));
  console.log();
  console.log(formatMachine(describeMachine()));
  console.log(
    `\nPer-call cases: ${PER_CALL.rounds} interleaved rounds of ${PER_CALL.iterations.toLocaleString('en')} calls per case ` +
      `after ${PER_CALL.warmup.toLocaleString('en')} warm-up calls; medians; spread = (max - min) / median of the rounds.`,
  );

  if (runs(1) || runs(2) || runs(3)) await metricSections();

  if (runs(4)) {
    section('4. npm run generate');
    runGenerateSection(quick);
  }

  if (runs(5)) {
    section('5. Dashboards and storage on a week of backfilled data (promtool + Prometheus, built from tools/)');
    await runPrometheusSection(quick);
  }

  if (runs(6)) {
    section('6. Event to receiver: a critical finding through the collector, Prometheus, Alertmanager and the PagerDuty receiver');
    const alertRuns = quick ? 1 : 5;
    const measure = (path: 'collector' | 'direct') => {
      const child = spawnSync('npx', ['ts-node', '--swc', 'bench/cases/alert-latency.ts', String(alertRuns), path], { cwd: resolve(__dirname, '..'), encoding: 'utf8', timeout: 600_000 });
      if (child.status !== 0) return `not measured: ${child.stderr.trim().split('\n').slice(-3).join(' ')}`;
      return stats(JSON.parse(child.stdout.trim().split('\n').pop() ?? '[]') as number[]);
    };
    // The direct path first and the collector's after, in one run, so the ratio compares like with like.
    const directLatency = measure('direct');
    const collectorLatency = measure('collector');
    const latencyRow = (what: string, latency: ReturnType<typeof measure>) =>
      typeof latency === 'string' ? [what, latency, '', ''] : [what, fmt.ms(latency.median), fmt.ms(latency.max), String(latency.samples.length)];
    console.log(
      formatTable(
        ['what', 'median', 'worst', 'runs'],
        [
          latencyRow('agents -> OTLP -> collector -> Prometheus (the production path)', collectorLatency),
          latencyRow('agents scraped directly (no collector on the metrics path)', directLatency),
          // Not typed here: the sum is docs/alerting.md's, recomputed from out/ by test/prometheus/delivery-budget.test.ts.
          ['production, worst case by arithmetic', '', 'docs/alerting.md', ''],
        ],
      ),
    );
    if (typeof collectorLatency !== 'string' && typeof directLatency !== 'string') console.log(`collector path / direct path, median: ${fmt.x(ratio(collectorLatency, directLatency))}`);
  }

  console.log(`\nBench finished in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
