import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../generators/model-types';
import { DATASOURCES } from '../../dashboards-src/datasources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { FLEET_SERVICE_NAME } from '../../sim/fleet';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';
import { asGrafanaSends } from '../grafana/as-grafana-sends';
import { toJaegerMs } from './margins';

/**
 * The whole chain with real processes in the production topology: the simulated fleet's
 * helpers -> OTLP -> the collector built from the generated OCB manifest, running the
 * generated config -> Prometheus scraping it with the generated config and rules -> queries
 * of the generated dashboards; traces -> collector -> Jaeger v2; logs -> collector -> the
 * Loki endpoint's stand-in. The error-storm scenario, so that an alert is firing too (the
 * operations dashboard's alert table reads it).
 */

const OUT = resolve(__dirname, '../../out');
const model = JSON.parse(readFileSync(resolve(OUT, 'schema.json'), 'utf8')) as Model;
/**
 * Labels the path adds, not the schema: the scrape target (the collector replica), the
 * instrumentation scope, and the agent's own `job` (service namespace/name), which Prometheus
 * moves to `exported_job` because the scrape's `job` wins.
 */
/** Every series the schema declares, and nothing else: the aqe.* ones and the GenAI conventions'. */
const SCHEMA_SERIES = `{__name__=~"${model.metrics.flatMap((m) => m.series).join('|')}"}`;
const SCRAPE_LABELS = new Set(['__name__', 'job', 'instance', 'otel_scope_name', 'otel_scope_version', 'exported_job', 'exported_instance']);

/** Spans the fleet ended, as the SDK saw them: what Jaeger must hold (sampling is 1.0). */
const ended: { traceId: string; spanId: string; name: string; endMs: number }[] = [];
const recorder: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span: ReadableSpan) => {
    const { traceId, spanId } = span.spanContext();
    ended.push({ traceId, spanId, name: span.name, endMs: Date.now() });
  },
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ scenario: 'error-storm', seed: 11, spanProcessors: [recorder] });
  // 25 minutes of rule time: every rule has evaluated many times, AgentFailureRate fires.
  await new Promise((r) => setTimeout(r, stack.timing.scaled('25m')));
}, 90_000);
afterAll(() => stack?.stop(), 30_000);

async function vector(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const answer = await stack.prometheus.query(expr);
  if (answer.status !== 'success') throw new Error(`${expr}: ${answer.error}`);
  return answer.data.result;
}

describe('live check: what the fleet sends is what the schema declares', () => {
  it('every series of out/schema.json reaches Prometheus (coverage 100 %)', async () => {
    const present = new Set((await vector(`group by (__name__) (${SCHEMA_SERIES})`)).map((s) => s.metric.__name__));
    const expected = model.metrics.flatMap((m) => m.series);
    const missing = expected.filter((s) => !present.has(s));
    console.log(`live check: ${expected.length - missing.length} of ${expected.length} series present (${(((expected.length - missing.length) / expected.length) * 100).toFixed(1)} %)`);
    expect(missing).toEqual([]);
  });

  it('no series carries a label or a label value the schema does not declare', async () => {
    const byName = new Map(model.metrics.flatMap((m) => m.series.map((s) => [s, m] as const)));
    const problems: string[] = [];
    // Undeclared aqe.* series too: a helper recording a metric the schema lost.
    for (const series of await vector(`${SCHEMA_SERIES} or {__name__=~"aqe_.+"}`)) {
      const metric = byName.get(series.metric.__name__!);
      if (!metric) {
        problems.push(`undeclared series ${series.metric.__name__}`);
        continue;
      }
      for (const [label, value] of Object.entries(series.metric)) {
        if (SCRAPE_LABELS.has(label) || (label === 'le' && series.metric.__name__!.endsWith('_bucket'))) continue;
        const declared = metric.labels.find((l) => l.prometheusName === label);
        if (!declared) problems.push(`${series.metric.__name__} has undeclared label ${label}`);
        else if (declared.values && value !== 'other' && !declared.values.includes(value)) problems.push(`${series.metric.__name__}{${label}="${value}"} is outside the set`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the active series of the schema under the worst case the model computed', async () => {
    const [count] = await vector(`count(${SCHEMA_SERIES})`);
    const active = Number(count!.value[1]);
    console.log(`active series of the schema: ${active} (worst case ${model.totalWorstCaseSeries})`);
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThanOrEqual(model.totalWorstCaseSeries);
  });
});

/**
 * How Prometheus 3 writes a classic histogram's `le` at ingestion (its text parser normalises
 * bucket bounds: `1` becomes `1.0`), as Go's shortest %g plus `.0` for whole numbers.
 */
function prometheus3Le(bound: number): string {
  if (bound === Infinity) return '+Inf';
  const exponent = bound === 0 ? 0 : Math.floor(Math.log10(Math.abs(bound)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa, power] = bound.toExponential().split('e');
    const n = Number(power);
    return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  const text = String(bound);
  return text.includes('.') ? text : `${text}.0`;
}

describe('Prometheus 3 semantics on the collector path', () => {
  it('histogram buckets arrive with the schema bounds, `le` normalised as Prometheus 3 writes them', async () => {
    const histograms = model.metrics.filter((m) => (m as { buckets?: number[] }).buckets);
    expect(histograms.length).toBeGreaterThan(0);
    for (const metric of histograms) {
      const bounds = (metric as unknown as { buckets: number[] }).buckets;
      const seen = (await vector(`count by (le) (${metric.prometheusName}_bucket)`)).map((s) => s.metric.le).sort();
      expect(seen, metric.prometheusName).toEqual([...bounds.map(prometheus3Le), '+Inf'].sort());
    }
  });
});

describe('rules and dashboards over live data', () => {
  it('every recording rule produces data', async () => {
    const records = new Set<string>();
    for (const file of readdirSync(resolve(OUT, 'prometheus/rules'))) {
      for (const [, name] of readFileSync(resolve(OUT, 'prometheus/rules', file), 'utf8').matchAll(/- record: (\S+)/g)) records.add(name!);
    }
    const empty: string[] = [];
    for (const record of records) if ((await vector(record)).length === 0) empty.push(record);
    expect(records.size).toBeGreaterThan(5);
    expect(empty).toEqual([]);
  });

  it('every Prometheus query of every panel returns data over its dashboard default range', async () => {
    const empty: string[] = [];
    let count = 0;
    for (const file of readdirSync(resolve(OUT, 'grafana/dashboards'))) {
      const dashboard = JSON.parse(readFileSync(resolve(OUT, 'grafana/dashboards', file), 'utf8'));
      const range = String(dashboard.time.from).replace('now-', '');
      const panels = (dashboard.panels ?? []).flatMap((p: any) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
      for (const panel of panels) {
        for (const target of panel.targets ?? []) {
          const ds = target.datasource ?? panel.datasource;
          if (ds?.type !== DATASOURCES.prometheus.type || typeof target.expr !== 'string') continue;
          count++;
          const expr = asGrafanaSends(target.expr.replace(/\$__range|\$\{__range\}/g, range));
          if ((await vector(expr)).length === 0) empty.push(`${file} panel ${panel.id} "${panel.title}" ${target.refId}: ${target.expr}`);
        }
      }
    }
    console.log(`dashboard queries with data: ${count - empty.length} of ${count}`);
    expect(empty).toEqual([]);
  });
});

/** Jaeger's query API, as the CLI and Grafana's Jaeger data source read it. */
async function jaegerTrace(traceId: string): Promise<{ spanID: string; operationName: string }[]> {
  const response = await fetch(`${stack.jaeger.queryUrl}/api/traces/${traceId}`);
  if (response.status === 404) return [];
  const body = (await response.json()) as { data?: { spans: { spanID: string; operationName: string }[] }[] };
  return body.data?.[0]?.spans ?? [];
}

describe('the trace and log paths', () => {
  it('Jaeger holds every span the fleet ended (trace coverage 100 % at sampling 1.0)', async () => {
    // Spans the SDK's batch and the collector's have sent by now (margins.ts).
    const settled = ended.filter((s) => s.endMs < Date.now() - toJaegerMs(stack.timing));
    const traces = new Map<string, Set<string>>();
    for (const s of settled) traces.set(s.traceId, (traces.get(s.traceId) ?? new Set()).add(s.spanId));
    expect(traces.size).toBeGreaterThan(20);
    let missing = 0;
    let spans = 0;
    for (const [traceId, ids] of traces) {
      const held = new Set((await jaegerTrace(traceId)).map((s) => s.spanID));
      for (const id of ids) {
        spans++;
        if (!held.has(id)) missing++;
      }
    }
    console.log(`trace coverage: ${spans - missing} of ${spans} spans in ${traces.size} traces are in Jaeger (${(((spans - missing) / spans) * 100).toFixed(1)} %)`);
    expect(missing).toBe(0);
  });

  it('logs reach the Loki endpoint carrying the trace and span ids of spans Jaeger holds', async () => {
    const correlated = stack.logs.records.filter((r) => r.traceId !== '' && r.spanId !== '');
    expect(correlated.length).toBeGreaterThan(10);
    expect(correlated.every((r) => r.resource['service.name'] === FLEET_SERVICE_NAME)).toBe(true);
    // A sample of them, each looked up in Jaeger by its trace id.
    for (const record of correlated.slice(0, 20)) {
      const spans = await jaegerTrace(record.traceId);
      expect(spans.map((s) => s.spanID), `log "${record.body}" of trace ${record.traceId}`).toContain(record.spanId);
    }
  });
});

describe('the stack itself', () => {
  it("scrapes the collector's health and own telemetry", async () => {
    expect((await fetch(stack.collectors[0]!.healthUrl)).status).toBe(200);
    const up = await vector('up{job=~"otel-collector.*"}');
    expect(up.map((s) => [s.metric.job, s.value[1]]).sort()).toEqual([['otel-collector', '1'], ['otel-collector-telemetry', '1']]);
    expect((await vector('otelcol_receiver_accepted_metric_points')).length).toBeGreaterThan(0);
  });

  it('started every component with the generated config and no warning in its log', () => {
    // Prometheus and Alertmanager run at --log.level=warn: anything they print is a warning or
    // an error. The collector and Jaeger log each line with its level.
    const warnings = (text: string) => text.split('\n').filter((line) => /\blevel=(WARN|ERROR)\b|\t(warn|error)\t/.test(line));
    expect(warnings(stack.collectors[0]!.current()!.output())).toEqual([]);
    expect(warnings(stack.prometheus.output())).toEqual([]);
    expect(warnings(stack.alertmanager.output())).toEqual([]);
    // Jaeger's UI assets are not in its Go module (tools/build.ts); the one warning that causes
    // is about our build, not the config.
    expect(warnings(stack.jaeger.output()).filter((line) => !line.includes('ui assets not embedded'))).toEqual([]);
  });
});
