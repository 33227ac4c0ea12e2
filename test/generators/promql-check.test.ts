import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generators/model';
import { checkPromql } from '../../generators/promql-check';
import { catalogFromModel } from '../../generators/series-catalog';
import { schema } from '../../schema';

const catalog = catalogFromModel(buildModel(schema));
const problemsOf = (expr: string) => checkPromql(expr, catalog).problems;

describe('checkPromql accepts', () => {
  it.each([
    ['a ratio of two rates aggregated by the same label', 'sum by (agent_type) (rate(aqe_agent_errors_total[5m])) / sum by (agent_type) (rate(aqe_agent_spawn_total[5m]))'],
    ['a quantile over buckets that keeps le', 'histogram_quantile(0.95, sum by (agent_type, le) (rate(aqe_agent_duration_seconds_bucket[5m])))'],
    ['a regex matcher whose alternatives are all in the set', 'aqe_security_findings_total{severity=~"critical|high"}'],
    ['the value other, which the runtime records for rejected values', 'aqe_agent_spawn_total{agent_type="other"}'],
    ['a join with on() over differently aggregated sides', 'sum by (agent_type, status) (rate(aqe_agent_spawn_total[5m])) / on (agent_type) group_left sum by (agent_type) (rate(aqe_agent_spawn_total[5m]))'],
    ['scrape labels such as job', 'sum by (job) (aqe_agent_active)'],
  ])('%s', (_sentence, expr) => {
    expect(problemsOf(expr)).toEqual([]);
  });

  it('works out the labels a result carries', () => {
    const result = checkPromql('histogram_quantile(0.9, sum by (agent_type, le) (rate(aqe_agent_duration_seconds_bucket[5m])))', catalog);
    expect([...(result.labels?.keys() ?? [])]).toEqual(['agent_type']);
    expect([...(checkPromql('sum without (status) (aqe_agent_spawn_total)', catalog).labels?.keys() ?? [])].sort()).toEqual(
      ['agent_type', 'exported_job', 'instance', 'job', 'otel_scope_name', 'otel_scope_version'],
    );
  });
});

describe('checkPromql rejects, with the column and the nearest valid name', () => {
  it.each([
    ['an unknown metric', 'sum(rate(aqe_agent_error_total[5m]))', 10, /unknown metric aqe_agent_error_total/, /did you mean aqe_agent_errors_total\?/],
    ['a histogram selected by its bare name', 'rate(aqe_agent_duration_seconds[5m])', 6, /unknown metric aqe_agent_duration_seconds/, /did you mean aqe_agent_duration_seconds_(sum|count|bucket)\?/],
    ['a label the metric does not have', 'aqe_agent_spawn_total{agent="x"}', 23, /has no label agent/, /did you mean agent_type\?/],
    ['a label value outside the set', 'aqe_agent_spawn_total{agent_type="qe-test-generater"}', 34, /"qe-test-generater" is not a value of label agent_type/, /did you mean qe-test-generator\?/],
    ['a regex alternative outside the set', 'aqe_security_findings_total{severity=~"critical|hihg"}', 39, /"hihg" is not a value of label severity/, /did you mean high\?/],
    ['grouping by a label the input lacks', 'sum by (agent) (aqe_agent_spawn_total)', 9, /label agent is not a label of the sum input/, /did you mean agent_type\?/],
    ['a quantile whose input lost le', 'histogram_quantile(0.9, sum by (agent_type) (rate(aqe_agent_duration_seconds_bucket[5m])))', 1, /needs the le label/, /by \(\.\.\., le\)/],
    ['a division whose sides carry different labels', 'sum by (agent_type) (aqe_agent_spawn_total) / sum(aqe_agent_spawn_total)', 1, /different labels \(agent_type \/ none\)/, /on\(\.\.\.\)/],
    ['a syntax error', 'sum(rate(aqe_agent_spawn_total[5m])', 1, /syntax error/, /fix the PromQL syntax/],
  ])('%s', (_sentence, expr, column, problem, fix) => {
    const found = problemsOf(expr);
    const match = found.find((p) => problem.test(p.problem));
    expect(match, JSON.stringify(found)).toBeDefined();
    if (column > 1) expect(match?.column).toBe(column);
    expect(match?.fix).toMatch(fix);
  });
});
