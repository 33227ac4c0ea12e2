import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../generators/model-types';
import { DATASOURCES } from '../../dashboards-src/datasources';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';
import { asGrafanaSends } from '../grafana/as-grafana-sends';

/**
 * The whole chain with real processes: the simulated fleet's helpers -> its Prometheus
 * endpoint -> a real Prometheus running the generated rules -> queries of the generated
 * dashboards. The error-storm scenario, so that an alert is firing too (the operations
 * dashboard's alert table reads it).
 */

const OUT = resolve(__dirname, '../../out');
const model = JSON.parse(readFileSync(resolve(OUT, 'schema.json'), 'utf8')) as Model;
const SCRAPE_LABELS = new Set(['__name__', 'job', 'instance', 'otel_scope_name', 'otel_scope_version']);

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ scenario: 'error-storm', seed: 11 });
  // 25 s is 25 minutes of rule time: every rule has evaluated many times, AgentFailureRate fires.
  await new Promise((r) => setTimeout(r, 25_000));
}, 90_000);
afterAll(() => stack?.stop(), 30_000);

async function vector(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const answer = await stack.prometheus.query(expr);
  if (answer.status !== 'success') throw new Error(`${expr}: ${answer.error}`);
  return answer.data.result;
}

describe('live check: what the fleet sends is what the schema declares', () => {
  it('every series of out/schema.json reaches Prometheus (coverage 100 %)', async () => {
    const present = new Set((await vector('group by (__name__) ({__name__=~"aqe_.+"})')).map((s) => s.metric.__name__));
    const expected = model.metrics.flatMap((m) => m.series);
    const missing = expected.filter((s) => !present.has(s));
    console.log(`live check: ${expected.length - missing.length} of ${expected.length} series present (${(((expected.length - missing.length) / expected.length) * 100).toFixed(1)} %)`);
    expect(missing).toEqual([]);
  });

  it('no series carries a label or a label value the schema does not declare', async () => {
    const byName = new Map(model.metrics.flatMap((m) => m.series.map((s) => [s, m] as const)));
    const problems: string[] = [];
    for (const series of await vector('{__name__=~"aqe_.+"}')) {
      const metric = byName.get(series.metric.__name__!);
      if (!metric) {
        problems.push(`undeclared series ${series.metric.__name__}`);
        continue;
      }
      for (const [label, value] of Object.entries(series.metric)) {
        if (SCRAPE_LABELS.has(label) || (label === 'le' && series.metric.__name__!.endsWith('_bucket'))) continue;
        const declared = metric.labels.find((l) => l.name === label);
        if (!declared) problems.push(`${series.metric.__name__} has undeclared label ${label}`);
        else if (declared.values && value !== 'other' && !declared.values.includes(value)) problems.push(`${series.metric.__name__}{${label}="${value}"} is outside the set`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the active aqe series under the worst case the model computed', async () => {
    const [count] = await vector('count({__name__=~"aqe_.+"})');
    const active = Number(count!.value[1]);
    console.log(`active aqe series: ${active} (worst case ${model.totalWorstCaseSeries})`);
    expect(active).toBeGreaterThan(0);
    expect(active).toBeLessThanOrEqual(model.totalWorstCaseSeries);
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
