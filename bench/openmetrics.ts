/**
 * OpenMetrics text for a realistic fleet over several days, for backfilling a Prometheus TSDB
 * with `promtool tsdb create-blocks-from openmetrics` (bench section 5).
 *
 * Every metric of out/schema.json gets the label combinations a real fleet would produce, not
 * the cartesian worst case: each of the 18 agent types runs its own 2-3 task types on 2
 * models and hits 3 error types; 5 projects with 12 modules each, 6 quality gates, 10 CWE
 * categories, and so on (see `combos`). A metric the table below does not know still gets
 * series: up to 3 values of each label. Counters only go up, gauges wander within plausible
 * bounds, histogram buckets are cumulative (le ascending, +Inf = _count), `_sum` grows with
 * `_count`.
 *
 * The text is split into one file per UTC day (the blocks promtool writes with
 * `--max-block-duration=24h` then never overlap, and no file is bigger than ~120 MB);
 * each file ends with `# EOF`. Deterministic (seeded PRNG), so two runs write the same data
 * up to the end time.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricDefinition } from '../schema/define';
import {
  agentErrors,
  agentsActive,
  cacheReadTokens,
  cacheWriteTokens,
  costUsd,
  defectsFound,
  exportFailures,
  flakyTests,
  gateDecisions,
  inputTokens,
  moduleCoverage,
  outputTokens,
  qualityScore,
  queueDepth,
  rejectedLabelValues,
  securityFindings,
  testsGenerated,
  testsRun,
  timeSaved,
} from '../schema/metrics/all';
import { cweCategory, codeModule, errorType } from '../schema/labels';
import { prometheusName } from '../core/prometheus-name';

/** The Prometheus name of a schema handle: the data shapes below key on handles, not typed names. */
const name = (metric: MetricDefinition) => prometheusName(metric.name, metric.kind);
const TOKENS = new Set([inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens].map(name));
const TELEMETRY_HEALTH = new Set([rejectedLabelValues, exportFailures].map(name));

export interface SchemaLabel {
  readonly name: string;
  /** What Prometheus shows it as (`gen_ai_operation_name` for `gen_ai.operation.name`). */
  readonly prometheusName?: string;
  readonly kind: 'closed' | 'open';
  readonly values?: readonly string[];
  readonly cap?: number;
}
export interface SchemaMetric {
  readonly prometheusName: string;
  readonly prometheusType: string;
  readonly kind: string;
  readonly labels: readonly SchemaLabel[];
  readonly buckets?: readonly number[];
}
export interface SchemaJson {
  readonly metrics: readonly SchemaMetric[];
  readonly totalWorstCaseSeries: number;
}

/** The task types each agent type runs (all values of the schema's task_type). */
const AGENT_TASKS: Readonly<Record<string, readonly string[]>> = {
  'qe-test-generator': ['unit-test-generation', 'integration-test-generation', 'e2e-test-generation'],
  'qe-test-executor': ['test-execution', 'e2e-test-generation'],
  'qe-coverage-analyzer': ['coverage-analysis', 'quality-analysis'],
  'qe-quality-gate': ['quality-gate', 'deployment-readiness'],
  'qe-quality-analyzer': ['quality-analysis', 'complexity-analysis'],
  'qe-performance-tester': ['performance-test', 'test-execution'],
  'qe-security-scanner': ['security-scan', 'contract-validation'],
  'qe-requirements-validator': ['requirements-validation', 'unit-test-generation'],
  'qe-production-intelligence': ['production-analysis', 'regression-risk'],
  'qe-fleet-commander': ['fleet-coordination', 'deployment-readiness', 'quality-gate'],
  'qe-deployment-readiness': ['deployment-readiness', 'regression-risk'],
  'qe-regression-risk-analyzer': ['regression-risk', 'test-execution'],
  'qe-test-data-architect': ['test-data-generation', 'integration-test-generation'],
  'qe-api-contract-validator': ['contract-validation', 'integration-test-generation'],
  'qe-flaky-test-hunter': ['flaky-detection', 'test-execution'],
  'qe-visual-tester': ['visual-regression', 'e2e-test-generation'],
  'qe-chaos-engineer': ['chaos-experiment', 'performance-test'],
  'qe-code-complexity': ['complexity-analysis', 'quality-analysis', 'regression-risk'],
};

const PROJECTS = ['checkout', 'payments', 'search', 'mobile-app', 'platform'];
const MODULES = ['api', 'auth', 'billing', 'cart', 'catalog', 'core', 'db', 'events', 'notifications', 'ui', 'utils', 'workers'];
const GATES = ['pr-merge', 'nightly', 'release-candidate', 'staging-deploy', 'prod-deploy', 'security-review'];
const CWES = ['CWE-79', 'CWE-89', 'CWE-20', 'CWE-22', 'CWE-78', 'CWE-287', 'CWE-352', 'CWE-502', 'CWE-798', 'CWE-918'];
const REJECTED = [
  [name(agentErrors), errorType.name],
  [name(moduleCoverage), codeModule.name],
  [name(securityFindings), cweCategory.name],
];

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

type LabelSet = Record<string, string>;

function pick<T>(list: readonly T[], start: number, n: number): T[] {
  return Array.from({ length: Math.min(n, list.length) }, (_, i) => list[(start + i) % list.length]!);
}

/** The label combinations of one metric in the simulated fleet. */
export function combos(metric: SchemaMetric): LabelSet[] {
  const names = metric.labels.map((l) => l.name);
  const valuesOf = (name: string): readonly string[] => metric.labels.find((l) => l.name === name)?.values ?? [];
  const agents = names.includes('agent_type') ? valuesOf('agent_type') : [''];
  let rows: LabelSet[] = [];
  agents.forEach((agent, ai) => {
    let base: LabelSet[] = [agent === '' ? {} : { agent_type: agent }];
    const expand = (name: string, values: readonly string[]) => {
      base = base.flatMap((row) => values.map((v) => ({ ...row, [name]: v })));
    };
    for (const name of names) {
      if (name === 'agent_type') continue;
      const all = valuesOf(name);
      switch (name) {
        case 'task_type':
          expand(name, agent === '' ? [...new Set(Object.values(AGENT_TASKS).flat())] : (AGENT_TASKS[agent] ?? all.slice(0, 2)));
          break;
        case 'model':
          expand(name, agent === '' ? all.slice(0, 3) : pick(all, ai % all.length, 2));
          break;
        case 'error_type':
          expand(name, pick(all, ai, 3));
          break;
        case 'category':
          expand(name, agent === '' ? all.slice(0, 6) : pick(all, ai, 2));
          break;
        case 'project':
          expand(name, PROJECTS);
          break;
        case 'module':
          expand(name, MODULES);
          break;
        case 'gate_name':
          expand(name, GATES);
          break;
        case 'cwe_category':
          expand(name, CWES);
          break;
        case 'metric':
        case 'label':
          break; // paired below
        default: {
          const label = metric.labels.find((l) => l.name === name)!;
          expand(name, label.values && label.values.length > 0 ? label.values : ['value-a', 'value-b', 'value-c'].slice(0, Math.min(3, label.cap ?? 3)));
        }
      }
    }
    if (names.includes('metric')) base = base.flatMap((row) => REJECTED.map(([m, l]) => ({ ...row, metric: m!, ...(names.includes('label') ? { label: l! } : {}) })));
    rows = rows.concat(base);
  });
  // Keyed by attribute above; Prometheus' names (dots become `_`) in the text.
  const shown = new Map(metric.labels.map((l) => [l.name, l.prometheusName ?? l.name]));
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [shown.get(k) ?? k, v])));
}

export interface FleetOptions {
  readonly dir: string;
  /** End of the data (seconds, aligned down to the step). */
  readonly endSec: number;
  readonly days: number;
  readonly stepSec: number;
  /** Extra labels every series gets (what the scrape adds). */
  readonly targetLabels: LabelSet;
}

export interface FleetFile {
  readonly path: string;
  readonly bytes: number;
}

export interface FleetResult {
  readonly files: readonly FleetFile[];
  readonly series: number;
  readonly samples: number;
  readonly bytes: number;
  readonly startSec: number;
  readonly endSec: number;
  readonly seriesByMetric: Readonly<Record<string, number>>;
}

/** Buffered writers, one per UTC day. */
class DayFiles {
  private readonly fds = new Map<number, { fd: number; chunks: string[]; size: number; bytes: number; path: string }>();
  constructor(private readonly dir: string) {}
  private get(day: number) {
    let f = this.fds.get(day);
    if (!f) {
      const path = join(this.dir, `day-${day}.om`);
      f = { fd: openSync(path, 'w'), chunks: [], size: 0, bytes: 0, path };
      this.fds.set(day, f);
    }
    return f;
  }
  write(day: number, text: string): void {
    const f = this.get(day);
    f.chunks.push(text);
    f.size += text.length;
    if (f.size > 1 << 20) this.flush(f);
  }
  /** Writes `text` to every day file (TYPE lines). */
  writeAll(days: readonly number[], text: string): void {
    for (const d of days) this.write(d, text);
  }
  private flush(f: { fd: number; chunks: string[]; size: number; bytes: number }): void {
    const text = f.chunks.join('');
    f.bytes += writeSync(f.fd, text);
    f.chunks = [];
    f.size = 0;
  }
  close(): FleetFile[] {
    const out: FleetFile[] = [];
    for (const [, f] of [...this.fds.entries()].sort((a, b) => a[0] - b[0])) {
      f.chunks.push('# EOF\n');
      this.flush(f);
      closeSync(f.fd);
      out.push({ path: f.path, bytes: f.bytes });
    }
    this.fds.clear();
    return out;
  }
  /** Closes without the EOF marker (on failure). */
  abort(): void {
    for (const f of this.fds.values()) closeSync(f.fd);
    this.fds.clear();
  }
}

function labelText(labels: LabelSet): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',');
}

/** Activity over the day: busier in working hours (UTC), never idle. */
function diurnal(t: number): number {
  const hour = (t / 3600) % 24;
  return 0.55 + 0.45 * Math.max(0, Math.sin(((hour - 6) / 24) * 2 * Math.PI)) + 0.15;
}

/** Mean events per second of a counter series (before the diurnal factor). */
function counterRate(series: string, labels: LabelSet, r: () => number): { rate: number; scale: number } {
  const agentWeight = 0.5 + r();
  const fail = labels.status && labels.status !== 'success' ? (labels.status === 'failure' ? 0.06 : 0.015) : 1;
  if (TOKENS.has(series)) return { rate: 0.05 * agentWeight, scale: series === name(outputTokens) ? 800 : series === name(cacheWriteTokens) ? 300 : 3000 };
  if (series === name(costUsd)) return { rate: 0.05 * agentWeight, scale: 0.04 };
  if (series === name(timeSaved)) return { rate: 0.05 * agentWeight, scale: 600 };
  if (series === name(testsRun)) return { rate: labels.outcome === 'passed' ? 2 : labels.outcome === 'failed' ? 0.05 : 0.02, scale: 1 };
  if (series === name(gateDecisions)) return { rate: (labels.decision === 'pass' ? 0.01 : 0.0015) * agentWeight, scale: 1 };
  if (series === name(securityFindings)) return { rate: 0.0005 * agentWeight, scale: 1 };
  if (series === name(defectsFound)) return { rate: 0.001 * agentWeight, scale: 1 };
  if (TELEMETRY_HEALTH.has(series)) return { rate: 0.0002, scale: 1 };
  if (series === name(testsGenerated)) return { rate: 0.05 * agentWeight, scale: 4 };
  if (series === name(agentErrors)) return { rate: 0.001 * agentWeight, scale: 1 };
  return { rate: 0.05 * agentWeight * fail, scale: 1 };
}

/** Gauge bounds and volatility. */
function gaugeShape(series: string): { lo: number; hi: number; step: number; integer: boolean } {
  if (series.includes('percent')) return { lo: 40, hi: 98, step: 0.3, integer: false };
  if (series === name(qualityScore)) return { lo: 50, hi: 100, step: 0.4, integer: false };
  if (series === name(flakyTests)) return { lo: 0, hi: 35, step: 1, integer: true };
  if (series === name(queueDepth)) return { lo: 0, hi: 60, step: 4, integer: true };
  if (series === name(agentsActive)) return { lo: 0, hi: 12, step: 2, integer: true };
  return { lo: 0, hi: 25, step: 1, integer: true };
}

function fmtValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
}

export function writeFleetOpenMetrics(schema: SchemaJson, options: FleetOptions): FleetResult {
  const step = options.stepSec;
  const endSec = Math.floor(options.endSec / step) * step;
  const startSec = endSec - options.days * 86400;
  const times: number[] = [];
  for (let t = startSec; t <= endSec; t += step) times.push(t);
  const dayOf = (t: number) => Math.floor(t / 86400);
  const days = [...new Set(times.map(dayOf))];
  const files = new DayFiles(options.dir);
  const extra = labelText(options.targetLabels);
  let series = 0;
  let samples = 0;
  const seriesByMetric: Record<string, number> = {};
  try {
    for (const metric of schema.metrics) {
      const name = metric.prometheusName;
      const type = metric.prometheusType === 'histogram' ? 'histogram' : metric.prometheusType === 'counter' ? 'counter' : 'gauge';
      const family = type === 'counter' ? name.replace(/_total$/, '') : name;
      files.writeAll(days, `# TYPE ${family} ${type}\n`);
      const rows = combos(metric);
      let metricSeries = 0;
      for (const row of rows) {
        const r = prng(hash(name + JSON.stringify(row)));
        const lt = labelText(row);
        const prefix = lt === '' ? extra : `${lt},${extra}`;
        let buffer = '';
        let currentDay = dayOf(times[0]!);
        const emit = (t: number, line: string) => {
          const d = dayOf(t);
          if (d !== currentDay) {
            files.write(currentDay, buffer);
            buffer = '';
            currentDay = d;
          }
          buffer += line;
        };
        if (type === 'counter') {
          const { rate, scale } = counterRate(name, row, r);
          let value = Math.floor(r() * 50) * scale;
          for (const t of times) {
            const expected = rate * step * diurnal(t);
            const events = Math.floor(expected * (0.5 + r()) + r());
            value += scale === 1 ? events : Math.round(events * scale * (0.6 + 0.8 * r()) * 10000) / 10000;
            emit(t, `${name}{${prefix}} ${fmtValue(value)} ${t}\n`);
          }
          metricSeries += 1;
        } else if (type === 'gauge') {
          const g = gaugeShape(name);
          let value = g.lo + (g.hi - g.lo) * (0.3 + 0.6 * r());
          for (const t of times) {
            value = Math.min(g.hi, Math.max(g.lo, value + (r() - 0.5) * 2 * g.step));
            const v = g.integer ? Math.round(value) : Math.round(value * 100) / 100;
            emit(t, `${name}{${prefix}} ${fmtValue(v)} ${t}\n`);
          }
          metricSeries += 1;
        } else {
          const buckets = metric.buckets ?? [];
          // Each series has its own distribution over the buckets: a median bucket and a spread.
          const centre = Math.floor(r() * buckets.length * 0.7);
          const cdf = buckets.map((_, i) => 1 / (1 + Math.exp(-(i - centre) / (0.7 + r()))));
          const meanValue = buckets[Math.min(centre, buckets.length - 1)] ?? 1;
          const rate = (row.status && row.status !== 'success' ? 0.005 : 0.05) * (0.5 + r());
          const cum = new Array<number>(buckets.length).fill(0);
          let count = 0;
          let sum = 0;
          const bucketNames = buckets.map((b) => `${name}_bucket{${prefix},le="${b}"} `);
          const infName = `${name}_bucket{${prefix},le="+Inf"} `;
          const countName = `${name}_count{${prefix}} `;
          const sumName = `${name}_sum{${prefix}} `;
          for (const t of times) {
            const n = Math.floor(rate * step * diurnal(t) * (0.5 + r()) + r());
            let below = 0;
            for (let i = 0; i < buckets.length; i++) {
              // cumulative: at least what the previous bucket got, at most n
              below = Math.max(below, Math.min(n, Math.round(n * cdf[i]! + (r() - 0.5))));
              cum[i]! += below;
            }
            count += n;
            sum = Math.round((sum + n * meanValue * (0.7 + 0.6 * r())) * 1000) / 1000;
            let lines = '';
            for (let i = 0; i < buckets.length; i++) lines += `${bucketNames[i]}${cum[i]} ${t}\n`;
            lines += `${infName}${count} ${t}\n${countName}${count} ${t}\n${sumName}${fmtValue(sum)} ${t}\n`;
            emit(t, lines);
          }
          metricSeries += buckets.length + 3;
        }
        files.write(currentDay, buffer);
      }
      seriesByMetric[name] = metricSeries;
      series += metricSeries;
      samples += metricSeries * times.length;
    }
  } catch (error) {
    files.abort();
    throw error;
  }
  const written = files.close();
  return { files: written, series, samples, bytes: written.reduce((a, f) => a + f.bytes, 0), startSec, endSec, seriesByMetric };
}
