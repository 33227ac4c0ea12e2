import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TELEMETRY_SERIES_QUERY } from '../../cli/commands/status';
import { rawPromql, type PromQL } from '../../core/promql';
import { KEDA_QUEUE_QUERY } from '../../deploy/k8s/keda';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildModel } from '../../generators/model';
import { checkPromql } from '../../generators/promql-check';
import { readSources } from '../../generators/sources';

/**
 * PromQL that lives outside rules/ and dashboards-src/ (which generation checks) goes through
 * the same checker here: the KEDA trigger's query and the query `aqe telemetry status` asks.
 */

const ROOT = resolve(__dirname, '../..');
const sources = readSources(ROOT);
const { catalog } = resolveAlerting(buildModel(sources.schema), sources.rules, sources.runbooks);
const problemsOf = (expr: PromQL) => checkPromql(expr.text, catalog).problems.map((p) => `${p.problem} (column ${p.column}): ${p.fix}`);

describe('PromQL built outside rules and dashboards', () => {
  it.each([
    ['the KEDA ScaledObject trigger (deploy/k8s/keda.ts)', KEDA_QUEUE_QUERY],
    ['the series count of `status` (cli/commands/status.ts)', TELEMETRY_SERIES_QUERY],
  ])('%s is accepted by the PromQL checker', (_, query) => {
    expect(problemsOf(query)).toEqual([]);
  });

  it('the KEDA query selects the queue-depth metric by the name the schema derives', () => {
    expect(checkPromql(KEDA_QUEUE_QUERY.text, catalog).selected.length).toBe(1);
  });

  it('the checker rejects a query with a metric the schema does not have, so the checks above can fail', () => {
    expect(problemsOf(rawPromql(KEDA_QUEUE_QUERY.text.replace(/\(([a-z_]+)\)/, '($1_typo)')))).not.toEqual([]);
  });
});
