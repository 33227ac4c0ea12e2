import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAlerting } from '../../generators/alerting-model';
import { DiagnosticError, type Diagnostic } from '../../generators/diagnostics';
import { buildModel } from '../../generators/model';
import { readSources } from '../../generators/sources';
import { alert, panelLink, promql, rawPromql, recording, type AlertRule, type RuleFile } from '../../rules/define';
import { slackOps } from '../../rules/channels';
import { agentSpawns } from '../../schema/metrics/agent';
import { agentType } from '../../schema/labels';
import { schema } from '../../schema';
import { rulesWith } from '../fixtures/mini-rules';

const ROOT = resolve(__dirname, '../..');
const model = buildModel(schema);

/** A valid alert to break one way at a time. */
const base = alert({
  name: 'TestAlert',
  expr: promql`sum by (${agentType}) (rate(${agentSpawns}[5m])) > 1`,
  for: '5m',
  severity: 'warning',
  summary: '{{ $labels.agent_type }} spawns a lot',
  description: 'It does.',
  runbook: 'agent-failures',
  dashboard: panelLink('operations'),
  channels: [slackOps],
  firing: [
    {
      name: 'spawning fast',
      series: [{ metric: agentSpawns, labels: { agent_type: 'qe-test-generator', status: 'success' }, values: '0+120x10' }],
      firesAt: '6m',
      expected: [{ labels: { agent_type: 'qe-test-generator' }, summary: 'qe-test-generator spawns a lot', description: 'It does.' }],
    },
  ],
});

const file = (...rules: RuleFile['groups'][number]['rules']): RuleFile => ({ name: 'test', groups: [{ name: 'g', interval: '1m', rules }] });
const runbooks = new Set(['agent-failures']);

function diagnosticsOf(rules: RuleFile): readonly Diagnostic[] {
  try {
    buildAlerting(model, rulesWith([rules]), runbooks);
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics;
    throw error;
  }
  return [];
}

describe('buildAlerting on the real rules', () => {
  const sources = readSources(ROOT);
  const alerting = buildAlerting(model, sources.rules, sources.runbooks);
  const panelIdsOf = (panels: readonly any[] = []): number[] => panels.flatMap((p) => [p.id, ...panelIdsOf(p.panels)]);
  const panelIdsByUid = new Map(sources.dashboards.map((d) => [d.dashboard.uid, panelIdsOf(d.dashboard.panels)]));

  it('has every alert of spec section 8, each with severity, summary, description, runbook, dashboard and channels', () => {
    // The spec's eight stay, whatever else rules/ adds.
    expect(alerting.alerts.map((a) => a.name)).toEqual(
      expect.arrayContaining(['AgentFailureRate', 'CoverageDecline', 'FlakyTestIncrease', 'HighTokenUsage', 'NewAgentDeployed', 'PerformanceDegradation', 'QualityGateBreach', 'SecurityCriticalFinding']),
    );
    for (const a of alerting.alerts) {
      expect(['critical', 'warning', 'info']).toContain(a.labels.severity);
      expect(a.annotations.summary, a.name).toBeTruthy();
      expect(a.annotations.description, a.name).toBeTruthy();
      // The link goes to a dashboard that dashboards-src builds, and to one of its panels when it names one.
      const link = a.dashboardLink;
      const panels = panelIdsByUid.get(link.uid);
      expect(panels, `${a.name}: no dashboard has uid ${link.uid}`).toBeDefined();
      if (link.panelId !== undefined) expect(panels, `${a.name}: ${link.uid} has no panel ${link.panelId}`).toContain(link.panelId);
      expect(a.annotations.dashboard, a.name).toMatch(new RegExp(`/d/${link.uid}(\\?viewPanel=${link.panelId ?? ''})?$`));
      expect(a.channels.length, a.name).toBeGreaterThan(0);
    }
  });

  it('links every alert to a runbook file that exists', () => {
    for (const a of alerting.alerts) {
      const name = a.annotations.runbook_url!.split('/').pop()!;
      expect(existsSync(resolve(ROOT, 'docs/runbooks', name)), `${a.name}: ${name}`).toBe(true);
    }
  });

  it('tests every alert at the moment it fires and one interval before, where it must not', () => {
    for (const a of alerting.alerts) {
      const firing = a.tests.filter((t) => t.checks.some((c) => c.alerts.length > 0));
      expect(firing.length, a.name).toBeGreaterThan(0);
      for (const t of firing) {
        // A heartbeat fires from the first evaluation (firesAt 0s): it has no "just before".
        if (t.checks.length === 1) {
          expect(t.checks[0]!.at, `${a.name}: ${t.name}`).toBe('0s');
          continue;
        }
        expect(t.checks[0]!.alerts, `${a.name}: ${t.name}`).toEqual([]);
        expect(t.checks[1]!.alerts.length).toBeGreaterThan(0);
      }
    }
  });

  it('routes the spec channels: critical alerts page, SecurityCriticalFinding fires at once', () => {
    const byName = new Map(alerting.alerts.map((a) => [a.name, a]));
    expect(byName.get('AgentFailureRate')?.channels).toEqual(['pagerduty', 'slack-critical']);
    expect(byName.get('QualityGateBreach')?.channels).toEqual(['pagerduty', 'slack-qa']);
    // Its own PagerDuty receiver, not told when the alert resolves: the incident stays open.
    expect(byName.get('SecurityCriticalFinding')?.channels).toEqual(['pagerduty-security', 'slack-security']);
    expect(alerting.channels.find((c) => c.name === 'pagerduty-security')).toMatchObject({ kind: 'pagerduty', sendResolved: false });
    expect(byName.get('SecurityCriticalFinding')?.for).toBe('0s');
    expect(byName.get('PerformanceDegradation')?.channels).toEqual(['slack-dev']);
  });

  it('declares the scheduled reports with their cron and channel', () => {
    expect(alerting.schedules).toEqual([
      expect.objectContaining({ name: 'DailyQualitySummary', cron: '0 9 * * *', channel: 'email-qa-team' }),
      expect.objectContaining({ name: 'WeeklyCostReport', cron: '0 8 * * 1', channel: 'email-leadership' }),
    ]);
  });

  it('names recording rules level:metric:operations', () => {
    const records = alerting.files.flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'recording' ? [r.record] : []))));
    expect(records.length).toBeGreaterThan(5);
    for (const r of records) expect(r).toMatch(/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/);
  });
});

describe('buildAlerting rejects a wrong rule with place, problem and fix', () => {
  const cases: ReadonlyArray<{ sentence: string; rules: RuleFile; place: RegExp; problem: RegExp; fix: RegExp }> = [
    {
      sentence: 'an alert over an unknown metric names the rule, the column and the nearest metric',
      rules: file(alert({ ...base, expr: rawPromql('sum by (agent_type) (rate(aqe_agent_spawns_total[5m])) > 1') })),
      place: /alert TestAlert \(rules\/test\), expr column 27/, problem: /unknown metric aqe_agent_spawns_total/, fix: /did you mean aqe_agent_spawn_total\?/,
    },
    {
      sentence: 'an unknown label in a matcher',
      rules: file(alert({ ...base, expr: promql`sum by (${agentType}) (rate(${agentSpawns}{agenttype="x"}[5m])) > 1` })),
      place: /alert TestAlert .*expr column 49/, problem: /aqe_agent_spawn_total has no label agenttype/, fix: /did you mean agent_type\?/,
    },
    {
      sentence: 'a label value outside its set',
      rules: file(alert({ ...base, expr: promql`sum by (${agentType}) (rate(${agentSpawns}{status="succes"}[5m])) > 1` })),
      place: /alert TestAlert/, problem: /"succes" is not a value of label status/, fix: /did you mean success\?/,
    },
    {
      sentence: 'a runbook that does not exist',
      rules: file(alert({ ...base, runbook: 'agent-failure' })),
      place: /alert TestAlert/, problem: /runbook docs\/runbooks\/agent-failure\.md does not exist/, fix: /did you mean agent-failures\?/,
    },
    {
      sentence: 'a template label the expression does not keep',
      rules: file(alert({ ...base, summary: '{{ $labels.task_type }} spawns a lot' })),
      place: /alert TestAlert/, problem: /uses \$labels\.task_type, which the expression does not keep \(it keeps agent_type\)/, fix: /keep task_type/,
    },
    {
      sentence: 'a recording rule name that is not level:metric:operations',
      rules: file(recording({ record: 'spawn_rate', expr: promql`sum(rate(${agentSpawns}[5m]))`, description: 'x' })),
      place: /recording rule spawn_rate/, problem: /level:metric:operations/, fix: /agent_type:aqe_agent_errors:rate5m/,
    },
    {
      sentence: 'an alert name that is not CamelCase',
      rules: file(alert({ ...base, name: 'test_alert' })),
      place: /alert test_alert/, problem: /not CamelCase/, fix: /AgentFailureRate/,
    },
    {
      sentence: 'an alert without a firing test case',
      rules: file(alert({ ...base, firing: [] })),
      place: /alert TestAlert/, problem: /no firing test case/, fix: /the moment it must fire/,
    },
    {
      sentence: 'a test series with a label value outside its set',
      rules: file(alert({ ...base, firing: [{ ...base.firing[0]!, series: [{ metric: agentSpawns, labels: { agent_type: 'qe-tester', status: 'success' }, values: '0+1x10' }] }] })),
      place: /alert TestAlert, test "spawning fast"/, problem: /"qe-tester" is not a value of label agent_type/, fix: /use a value of its set/,
    },
    {
      sentence: 'a test series missing a label the runtime always records',
      rules: file(alert({ ...base, firing: [{ ...base.firing[0]!, series: [{ metric: agentSpawns, labels: { agent_type: 'qe-test-generator' }, values: '0+1x10' }] }] })),
      place: /alert TestAlert, test "spawning fast"/, problem: /lacks label status/, fix: /add status/,
    },
  ];

  it('an alert that uses a recording of another group, which would lag now and then', () => {
    const rate = recording({ record: 'agent_type:aqe_agent_spawn:rate5m', expr: promql`sum by (${agentType}) (rate(${agentSpawns}[5m]))`, description: 'x' });
    const rules: RuleFile = {
      name: 'test',
      groups: [
        { name: 'recordings', interval: '1m', rules: [rate] },
        { name: 'alerts', interval: '1m', rules: [alert({ ...base, expr: promql`${rate} > 1` })] },
      ],
    };
    const found = diagnosticsOf(rules).find((d) => /recorded in group recordings/.test(d.problem));
    expect(found?.place).toMatch(/alert TestAlert/);
    expect(found?.fix).toMatch(/move the rule into group recordings/);
  });

  it.each(cases)('$sentence', ({ rules, place, problem, fix }) => {
    const found = diagnosticsOf(rules);
    const match = found.find((d) => place.test(d.place) && problem.test(d.problem));
    expect(match, `diagnostics were:\n${found.map((d) => `${d.place}: ${d.problem} / ${d.fix}`).join('\n')}`).toBeDefined();
    expect(match?.fix).toMatch(fix);
  });

  it('accepts the base alert, so each case fails for its own reason', () => {
    expect(diagnosticsOf(file(base))).toEqual([]);
  });

  it('reports all the problems of several rules at once', () => {
    const broken: AlertRule = alert({ ...base, name: 'Other', runbook: 'nope' });
    const found = diagnosticsOf(file(alert({ ...base, expr: rawPromql('rate(nope_total[5m])') }), broken));
    expect(found.map((d) => d.problem)).toEqual(expect.arrayContaining([expect.stringMatching(/unknown metric nope_total/), expect.stringMatching(/nope\.md does not exist/)]));
  });
});
