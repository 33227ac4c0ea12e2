import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboards as sources } from '../../dashboards-src';
import { DATASOURCES } from '../../dashboards-src/datasources';
import { startPrometheus, type RunningPrometheus } from '../../stack/prometheus';
import { asGrafanaSends } from './as-grafana-sends';

/**
 * Every Prometheus query of every generated panel and variable, run by a real Prometheus:
 * the parser of generation catches names, Prometheus also type-checks (`sum(rate(x))`).
 * Grafana's variables are replaced the way Grafana would before sending the query.
 */

const DIR = resolve(__dirname, '../../out/grafana/dashboards');
const dashboards = readdirSync(DIR).map((f) => ({ file: f, json: JSON.parse(readFileSync(resolve(DIR, f), 'utf8')) }));

interface Query {
  readonly where: string;
  readonly expr: string;
}

function prometheusQueries(): Query[] {
  const queries: Query[] = [];
  for (const { file, json } of dashboards) {
    const panels = (json.panels ?? []).flatMap((p: any) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        const ds = target.datasource ?? panel.datasource;
        if (ds?.type === DATASOURCES.prometheus.type && typeof target.expr === 'string') {
          queries.push({ where: `${file} panel ${panel.id} "${panel.title}" ${target.refId}`, expr: target.expr });
        }
      }
    }
    for (const variable of json.templating?.list ?? []) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const match = typeof query === 'string' ? /^label_values\((.+),\s*\w+\)$/.exec(query) : null;
      if (match) queries.push({ where: `${file} variable ${variable.name}`, expr: `count(${match[1]})` });
    }
  }
  return queries;
}

describe('dashboard queries in a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  const queries = prometheusQueries();

  it('finds the queries of every dashboard of dashboards-src/', () => {
    expect(dashboards.map((d) => d.json.uid).sort()).toEqual(sources.map((s) => s.dashboard.uid).sort());
    expect(queries.length).toBeGreaterThan(30);
  });

  it('rejects a query that parses but does not type-check, so the check below can fail', async () => {
    const answer = await prometheus.query('sum(rate(aqe_agent_spawn_total))');
    expect(answer.status).toBe('error');
    expect(answer.error).toMatch(/expected type range vector/);
  });

  it('accepts every panel and variable query', async () => {
    const failures: string[] = [];
    for (const q of queries) {
      const answer = await prometheus.query(asGrafanaSends(q.expr));
      if (answer.status !== 'success') failures.push(`${q.where}: ${answer.error}\n  ${q.expr}`);
    }
    expect(failures).toEqual([]);
  });
});
