import { resolve } from 'node:path';
import { PanelBuilder as Stat } from '@grafana/grafana-foundation-sdk/stat';
import { describe, expect, it } from 'vitest';
import { at, baseDashboard, labelVariable, prom, type DashboardSource } from '../../dashboards-src/common';
import { EXTERNAL_SERIES } from '../../schema/external-series';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildDashboards } from '../../generators/dashboards-model';
import { DiagnosticError, type Diagnostic } from '../../generators/diagnostics';
import { buildModel } from '../../generators/model';
import { addExternalSeries } from '../../generators/series-catalog';
import { readSources } from '../../generators/sources';
import { promql, rawPromql } from '../../rules/define';
import { recordedSeries } from '../../core/promql';
import { agentType } from '../../schema/labels';
import { agentSpawns } from '../../schema/metrics/agent';
import { rulesWith } from '../fixtures/mini-rules';

const ROOT = resolve(__dirname, '../..');
const sources = readSources(ROOT);
const model = buildModel(sources.schema);
const { catalog } = resolveAlerting(model, sources.rules, sources.runbooks);
addExternalSeries(catalog, EXTERNAL_SERIES);
/** No alerts, so a test dashboard needs no linked panels. */
const noAlerts = resolveAlerting(model, rulesWith(), sources.runbooks).alerting;

const good = () => prom('A', promql`sum by (${agentType}) (rate(${agentSpawns}[$__rate_interval]))`);
const stat = (id: number, x: number, target = good()) => new Stat().id(id).title(`panel ${id}`).gridPos(at(x, 0, 6, 4)).withTarget(target);
const source = (...panels: Stat[]): DashboardSource => {
  const builder = baseDashboard({ uid: 'aqe-test', title: 'Test', description: 'x', from: 'now-1h', tags: [] }).withVariable(labelVariable(agentType, agentSpawns, 'Agent type'));
  for (const p of panels) builder.withPanel(p);
  return { file: 'dashboards-src/test.ts', dashboard: builder.build() };
};

function diagnosticsOf(...dashboards: DashboardSource[]): readonly Diagnostic[] {
  try {
    buildDashboards(dashboards, catalog, noAlerts);
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics;
    throw error;
  }
  return [];
}

describe('buildDashboards rejects a wrong dashboard, naming the dashboard and the panel', () => {
  const cases: ReadonlyArray<{ sentence: string; input: () => DashboardSource[]; place: RegExp; problem: RegExp; fix: RegExp }> = [
    {
      sentence: 'an unknown metric in a panel query',
      input: () => [source(stat(1, 0, prom('A', rawPromql('sum(rate(aqe_agent_spawns_total[5m]))'))))],
      place: /dashboard aqe-test \(dashboards-src\/test\.ts\), panel 1 "panel 1", target A/, problem: /unknown metric aqe_agent_spawns_total/, fix: /did you mean aqe_agent_spawn_total\?/,
    },
    {
      sentence: 'an unknown label in a query',
      input: () => [source(stat(1, 0, prom('A', promql`sum by (agent) (${agentSpawns})`)))],
      place: /panel 1 "panel 1", target A/, problem: /label agent is not a label/, fix: /did you mean agent_type\?/,
    },
    {
      sentence: 'a label value outside its set',
      input: () => [source(stat(1, 0, prom('A', promql`${agentSpawns}{status="ok"}`)))],
      place: /panel 1/, problem: /"ok" is not a value of label status/, fix: /use one of/,
    },
    {
      sentence: 'a variable the dashboard does not define',
      input: () => [source(stat(1, 0, prom('A', promql`${agentSpawns}{project=~"$project"}`)))],
      place: /panel 1 "panel 1", target A/, problem: /uses variable \$project, which the dashboard does not define/, fix: /add it with \.withVariable\(\)/,
    },
    {
      sentence: 'two panels with one id',
      input: () => [source(stat(1, 0), stat(1, 6))],
      place: /panel 1/, problem: /id 1 is already used/, fix: /its own id/,
    },
    {
      sentence: 'two queries of a panel with one refId',
      input: () => [source(stat(1, 0).withTarget(good()))],
      place: /panel 1 "panel 1", target A/, problem: /refId A is used twice/, fix: /its own refId/,
    },
    {
      sentence: 'a query without a refId',
      input: () => [source(stat(1, 0, prom('', promql`${agentSpawns}`)))],
      place: /panel 1/, problem: /no refId/, fix: /refId/,
    },
    {
      sentence: 'overlapping panels',
      input: () => [source(stat(1, 0), stat(2, 3))],
      place: /panel 2/, problem: /overlaps panel 1/, fix: /move one of them/,
    },
    {
      sentence: 'a panel past the 24 columns',
      input: () => [source(stat(1, 20))],
      place: /panel 1/, problem: /does not fit the 24-column grid/, fix: /x \+ w within 24/,
    },
    {
      sentence: 'a data source that is not provisioned',
      input: () => [source(stat(1, 0, good().datasource({ type: 'prometheus', uid: 'my-prom' })))],
      place: /panel 1 "panel 1", target A/, problem: /data source uid my-prom is not provisioned/, fix: /aqe-prometheus/,
    },
    {
      sentence: 'two dashboards with one uid',
      input: () => [source(stat(1, 0)), { ...source(stat(1, 0)), file: 'dashboards-src/other.ts' }],
      place: /dashboards-src\/other\.ts/, problem: /uid aqe-test is already used/, fix: /its own uid/,
    },
  ];

  it.each(cases)('$sentence', ({ input, place, problem, fix }) => {
    const found = diagnosticsOf(...input());
    const match = found.find((d) => place.test(d.place) && problem.test(d.problem));
    expect(match, `diagnostics were:\n${found.map((d) => `${d.place}: ${d.problem}`).join('\n')}`).toBeDefined();
    expect(match?.fix).toMatch(fix);
  });

  it('accepts the base test dashboard, so each case fails for its own reason', () => {
    expect(diagnosticsOf(source(stat(1, 0), stat(2, 6)))).toEqual([]);
  });

  it('resolves a recording rule a dashboard names against the rules, naming the dashboard, the panel, the name and the nearest record', () => {
    const alerting = resolveAlerting(model, sources.rules, sources.runbooks).alerting;
    const misspelt = recordedSeries('agent_type:aqe_agent_spawns:rate5m');
    const variable = baseDashboard({ uid: 'aqe-test', title: 'Test', description: 'x', from: 'now-1h', tags: [] }).withVariable(labelVariable(agentType, misspelt, 'Agent type'));
    const dashboard = variable.withPanel(stat(1, 0, prom('A', promql`sum(${misspelt})`))).withPanel(stat(2, 6, prom('A', promql`${recordedSeries('agent_type:aqe_agent_spawn:rate5m')}`))).build();
    let found: readonly Diagnostic[] = [];
    try {
      buildDashboards([{ file: 'dashboards-src/test.ts', dashboard }], catalog, alerting);
    } catch (error) {
      if (error instanceof DiagnosticError) found = error.diagnostics;
    }
    const unresolved = 'reads recording rule agent_type:aqe_agent_spawns:rate5m, which no rule of rules/ records';
    // Both uses are reported in one run, each once (not also as an unknown metric); the rule
    // that exists resolves. (The alerts' links to the real dashboards, absent here, are reported too.)
    const ofTheDashboard = found.filter((d) => d.place.startsWith('dashboard aqe-test'));
    expect(ofTheDashboard.map((d) => `${d.place}: ${d.problem}`)).toEqual([
      `dashboard aqe-test (dashboards-src/test.ts), variable agent_type: ${unresolved}`,
      `dashboard aqe-test (dashboards-src/test.ts), panel 1 "panel 1", target A: ${unresolved}`,
    ]);
    for (const d of ofTheDashboard) expect(d.fix).toMatch(/\(did you mean agent_type:aqe_agent_spawn:rate5m\?\)/);
  });

  it('refuses an alert link to a panel that does not exist', () => {
    const alerting = resolveAlerting(model, sources.rules, sources.runbooks).alerting;
    const withoutDeveloperPanels = sources.dashboards.map((d) =>
      d.dashboard.uid === 'aqe-developer' ? { ...d, dashboard: { ...d.dashboard, panels: [] } } : d,
    );
    let found: readonly Diagnostic[] = [];
    try {
      buildDashboards(withoutDeveloperPanels, catalog, alerting);
    } catch (error) {
      if (error instanceof DiagnosticError) found = error.diagnostics;
    }
    expect(found.map((d) => `${d.place}: ${d.problem}`)).toContain('alert AgentFailureRate, dashboard annotation: panel 5 does not exist in aqe-developer');
  });
});
