/**
 * Section 5, query latency: every Prometheus query of every panel of every generated
 * dashboard, sent the way Grafana sends it, timed against a backfilled TSDB; and, for the
 * queries that read recording rules, the same query with the recorded series replaced by
 * the raw expression the rule evaluates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { stats, type Stats } from '../harness';

export interface PanelQuery {
  readonly dashboard: string;
  readonly panel: string;
  readonly expr: string;
  readonly instant: boolean;
}

interface Variable {
  readonly name: string;
  readonly type: string;
  readonly definition?: string;
  readonly allValue?: string;
  readonly includeAll?: boolean;
}

export interface Dashboard {
  readonly name: string;
  readonly queries: readonly PanelQuery[];
  readonly variables: readonly Variable[];
}

function* panelsOf(panels: readonly any[]): Generator<any> {
  for (const p of panels) {
    yield p;
    if (Array.isArray(p.panels)) yield* panelsOf(p.panels);
  }
}

/** The Prometheus targets of every dashboard in `dir` (Jaeger, Loki targets left out). */
export function readDashboards(dir: string): Dashboard[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const d = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const name = file.replace(/\.json$/, '');
      const queries: PanelQuery[] = [];
      for (const p of panelsOf(d.panels ?? [])) {
        for (const t of p.targets ?? []) {
          const type = t.datasource?.type ?? p.datasource?.type;
          if (type !== 'prometheus' || typeof t.expr !== 'string' || t.expr === '') continue;
          queries.push({ dashboard: name, panel: `${p.id} ${p.title ?? ''}`.trim(), expr: t.expr, instant: t.instant === true && t.range !== true });
        }
      }
      return { name, queries, variables: (d.templating?.list ?? []) as Variable[] };
    });
}

/** Grafana's rounding of an interval (public/app/core/utils/rangeutil roundInterval), in seconds, for the ranges used here. */
export function roundInterval(sec: number): number {
  const steps: [number, number][] = [
    [67.5, 60],
    [150, 120],
    [450, 300],
    [750, 600],
    [1050, 900],
    [1500, 1200],
    [2700, 1800],
    [5400, 3600],
    [9000, 7200],
  ];
  for (const [limit, value] of steps) if (sec <= limit) return value;
  return 10800;
}

export interface GrafanaTiming {
  readonly rangeSec: number;
  readonly stepSec: number;
  readonly rateIntervalSec: number;
}

/**
 * What Grafana would use for a dashboard range: interval = roundInterval(range / 800 points),
 * at least the datasource's scrape interval (set to the data's resolution, as a datasource
 * pointed at this Prometheus should be) and 1 min; $__rate_interval = max($__interval +
 * scrape interval, 4 x scrape interval).
 */
export function grafanaTiming(rangeSec: number, scrapeSec: number): GrafanaTiming {
  const stepSec = Math.max(60, scrapeSec, roundInterval(rangeSec / 800));
  return { rangeSec, stepSec, rateIntervalSec: Math.max(stepSec + scrapeSec, 4 * scrapeSec) };
}

/** Replaces the variables as Grafana does; `values` are the dashboard variables' values (All). */
export function asGrafanaSends(expr: string, timing: GrafanaTiming, values: Readonly<Record<string, string>>): string {
  return expr
    .replace(/\$__rate_interval|\$\{__rate_interval\}/g, `${timing.rateIntervalSec}s`)
    .replace(/\$__interval|\$\{__interval\}/g, `${timing.stepSec}s`)
    .replace(/\$__range|\$\{__range\}/g, `${timing.rangeSec}s`)
    .replace(/\$\{([a-zA-Z_]\w*)\}|\$([a-zA-Z_]\w*)/g, (whole, a: string | undefined, b: string | undefined) => values[(a ?? b)!] ?? whole);
}

/** One recording rule: what it records, its labels, its expression, its group's interval. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly intervalSec: number;
}

function durationSec(d: string | undefined): number {
  const m = /^(\d+)(s|m|h)$/.exec(d ?? '1m');
  if (!m) return 60;
  return Number(m[1]) * (m[2] === 's' ? 1 : m[2] === 'm' ? 60 : 3600);
}

export function readRecordingRules(dir: string): RecordingRule[] {
  const rules: RecordingRule[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.rules.yaml')).sort()) {
    const doc = load(readFileSync(join(dir, file), 'utf8')) as { groups: { interval?: string; rules: { record?: string; expr: string; labels?: Record<string, string> }[] }[] };
    for (const g of doc.groups) {
      for (const r of g.rules) if (r.record) rules.push({ record: r.record, expr: r.expr, labels: r.labels ?? {}, intervalSec: durationSec(g.interval) });
    }
  }
  return rules;
}

const SELECTOR = /([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?(\[([^\]]+)\])?/g;

function isMetricName(name: string, after: string): boolean {
  return (name.startsWith('aqe_') || name.includes(':')) && !after.startsWith('(');
}

/** Adds matchers to every metric selector of `expr`. */
function withMatchers(expr: string, matchers: readonly string[]): string {
  if (matchers.length === 0) return expr;
  return expr.replace(SELECTOR, (whole, name: string, braces: string | undefined, inner: string | undefined, _bracketed: string | undefined, range: string | undefined, offset: number, all: string) => {
    if (!isMetricName(name, all.slice(offset + whole.length))) return whole;
    const existing = braces ? (inner ?? '').split(',').filter((m) => m.trim() !== '') : [];
    return `${name}{${[...existing, ...matchers].join(',')}}${range ? `[${range}]` : ''}`;
  });
}

/**
 * The query with every recorded series replaced by the expression its rule evaluates (rules
 * reading other rules are inlined too). Matchers on the rule's own labels (`quantile`) pick
 * the rule; the others are pushed into the raw selectors. A range over a recorded series
 * (`max_over_time(rule[1d])`) becomes a subquery at the rule's interval. Null when the query
 * reads no recording rule.
 */
export function inlineRecordingRules(expr: string, rules: readonly RecordingRule[]): string | null {
  const names = new Set(rules.map((r) => r.record));
  let changed = false;
  const inline = (text: string, depth: number): string =>
    text.replace(SELECTOR, (whole, name: string, _braces: string | undefined, inner: string | undefined, _bracketed: string | undefined, range: string | undefined, offset: number, all: string) => {
      if (!names.has(name) || all.slice(offset + whole.length).startsWith('(')) return whole;
      const matchers = (inner ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '');
      const candidates = rules.filter((r) => r.record === name);
      const ruleLabelMatchers = matchers.filter((m) => candidates.some((r) => Object.keys(r.labels).some((k) => m.startsWith(k + '='))));
      const rule = candidates.find((r) => ruleLabelMatchers.every((m) => Object.entries(r.labels).some(([k, v]) => m === `${k}="${v}"`))) ?? candidates[0]!;
      const rest = matchers.filter((m) => !ruleLabelMatchers.includes(m));
      changed = true;
      const body = withMatchers(depth < 5 ? inline(rule.expr, depth + 1) : rule.expr, rest);
      return range ? `(${body})[${range}:${rule.intervalSec}s]` : `(${body})`;
    });
  const out = inline(expr, 0);
  return changed ? out : null;
}

export interface Timed {
  readonly ms: Stats;
  readonly series: number;
  readonly error?: string;
}

export async function timeQuery(url: string, expr: string, instant: boolean, endSec: number, timing: GrafanaTiming): Promise<{ ms: number; series: number; error?: string }> {
  const body = new URLSearchParams({ query: expr });
  if (instant) body.set('time', String(endSec));
  else {
    body.set('start', String(endSec - timing.rangeSec));
    body.set('end', String(endSec));
    body.set('step', String(timing.stepSec));
  }
  const start = process.hrtime.bigint();
  const response = await fetch(`${url}/api/v1/${instant ? 'query' : 'query_range'}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const json = (await response.json()) as { status: string; error?: string; data?: { result?: unknown[] } };
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, series: json.data?.result?.length ?? 0, ...(json.status === 'success' ? {} : { error: json.error ?? json.status }) };
}

/**
 * Times each query `runs` times; a round sends every query once, in an order that rotates
 * from round to round (sequentially: one query at a time, so each number is that query alone).
 */
export async function timeAll(
  url: string,
  items: readonly { readonly expr: string; readonly instant: boolean }[],
  endSec: number,
  timing: GrafanaTiming,
  runs: number,
): Promise<Timed[]> {
  const samples: number[][] = items.map(() => []);
  const series: number[] = items.map(() => 0);
  const errors: (string | undefined)[] = items.map(() => undefined);
  // one warm-up round (the first read of a block's chunks comes from disk)
  for (const it of items) await timeQuery(url, it.expr, it.instant, endSec, timing);
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < items.length; k++) {
      const i = (round + k) % items.length;
      const r = await timeQuery(url, items[i]!.expr, items[i]!.instant, endSec, timing);
      samples[i]!.push(r.ms);
      series[i] = r.series;
      if (r.error) errors[i] = r.error;
    }
  }
  return items.map((_, i) => ({ ms: stats(samples[i]!), series: series[i]!, ...(errors[i] ? { error: errors[i] } : {}) }));
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Values of the dashboard variables when set to All (allValue, else every value as a regex alternation), via label_values. */
export async function variableValues(url: string, variables: readonly Variable[]): Promise<{ values: Record<string, string>; ms: number }> {
  const values: Record<string, string> = {};
  let ms = 0;
  for (const v of variables) {
    if (v.type !== 'query' || !v.definition) continue;
    const m = /^label_values\((.+),\s*([a-zA-Z_]\w*)\)$/.exec(v.definition.trim());
    if (!m) continue;
    const start = process.hrtime.bigint();
    const response = await fetch(`${url}/api/v1/label/${m[2]}/values?${new URLSearchParams({ 'match[]': m[1]! })}`);
    const json = (await response.json()) as { data?: string[] };
    ms += Number(process.hrtime.bigint() - start) / 1e6;
    const list = json.data ?? [];
    values[v.name] = v.allValue ?? `(${list.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\\\$&')).join('|')})`;
  }
  return { values, ms };
}
