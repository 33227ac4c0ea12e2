import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allReportQueries } from '../../cli/report/queries';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildModel } from '../../generators/model';
import { checkPromql } from '../../generators/promql-check';
import { readSources } from '../../generators/sources';
import { startPrometheus, type RunningPrometheus } from '../../stack/prometheus';

/**
 * Every query of the daily and weekly reports goes through the same two checks as the
 * dashboards' queries: the generators' PromQL checker (names, labels, label values against
 * the schema) and a real Prometheus (which also type-checks).
 */

const ROOT = resolve(__dirname, '../..');
const sources = readSources(ROOT);
const { catalog } = resolveAlerting(buildModel(sources.schema), sources.rules, sources.runbooks);
const queries = allReportQueries();

describe('report queries', () => {
  let prometheus: RunningPrometheus;
  beforeAll(async () => {
    prometheus = await startPrometheus();
  });
  afterAll(() => prometheus?.stop());

  it('cover both reports', () => {
    expect(queries.filter((q) => q.name.startsWith('daily.')).length).toBeGreaterThanOrEqual(10);
    expect(queries.filter((q) => q.name.startsWith('weekly.')).length).toBeGreaterThanOrEqual(10);
  });

  it('are accepted by the generators\' PromQL checker', () => {
    const problems = queries.flatMap((q) => checkPromql(q.expr.text, catalog).problems.map((p) => `${q.name}: ${p.problem} (column ${p.column}); ${p.fix}\n  ${q.expr.text}`));
    expect(problems).toEqual([]);
  });

  it('are rejected by the checker when a label value is not in the schema, so the check above can fail', () => {
    const bad = queries.find((q) => q.name === 'daily.lineCoverageOverDay')!.expr.text.replace('"line"', '"lines"');
    expect(checkPromql(bad, catalog).problems).not.toEqual([]);
  });

  it('are accepted by a real Prometheus', async () => {
    const failures: string[] = [];
    for (const q of queries) {
      const answer = await prometheus.query(q.expr.text);
      if (answer.status !== 'success') failures.push(`${q.name}: ${answer.error}\n  ${q.expr.text}`);
    }
    expect(failures).toEqual([]);
  });
});
