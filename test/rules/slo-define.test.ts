import { describe, expect, it } from 'vitest';
import { agentDuration, agentSpawns } from '../../schema/metrics/agent';
import { agentType, outcome } from '../../schema/labels';
import { panelLink, promql, window } from '../../rules/define';
import { leMatcher, slo, type SloDeclaration } from '../../rules/slo-define';
import { BURN_RATE_ALERTS } from '../../rules/slo-policy';
import { burnRateFactor, SLO_PERIOD, SLO_WINDOWS } from '../../schema/slo-policy';
import { sloRecordName } from '../../schema/slos';
import { FIVE_MINUTES, ONE_HOUR, SIX_HOURS, THIRTY_DAYS, THIRTY_MINUTES, THREE_DAYS } from '../../core/windows';

/** The SLO builder on its own terms: the workbook's numbers, the naming convention, the checks. */

const minutes = (ms: number) => ms / 60_000;

/** A declaration of the test's own, so these tests do not change when rules/slo.ts does. */
const declaration: SloDeclaration = {
  name: 'example_success',
  title: 'Example success',
  eventsName: 'runs',
  promise: 'end well',
  badEventsName: 'bad runs',
  objective: 0.99,
  by: agentType,
  sli: { total: promql`${agentSpawns}`, bad: promql`${agentSpawns}{${outcome}="failure"}` },
  runbook: 'slo-run-success',
  dashboard: panelLink('developer', 'errorRate'),
  cases: {
    page: { firing: [{ name: 'A case.', series: [], firesAt: '1m', expected: [] }] },
    ticket: { firing: [{ name: 'A case.', series: [], firesAt: '1m', expected: [] }] },
  },
};

describe('the burn-rate policy', () => {
  it("spends the Google SRE workbook's budget shares: 14.4x over 1h and 6x over 6h page, 1x over 3d tickets", () => {
    const factors = Object.fromEntries(Object.values(BURN_RATE_ALERTS).map((p) => [p.kind, p.conditions.map((c) => [burnRateFactor(c), minutes(c.long.ms), minutes(c.short.ms)])]));
    expect(factors).toEqual({ page: [[14.4, 60, 5], [6, 360, 30]], ticket: [[1, 3 * 24 * 60, 360]] });
    expect(minutes(SLO_PERIOD.ms)).toBe(30 * 24 * 60);
  });

  it('pairs every long window with a short one a twelfth as long', () => {
    for (const c of Object.values(BURN_RATE_ALERTS).flatMap((p) => p.conditions)) expect(c.long.ms / c.short.ms).toBe(12);
  });

  it('pages on PagerDuty, and tickets on no paging channel', () => {
    expect(BURN_RATE_ALERTS.page.severity).toBe('critical');
    expect(BURN_RATE_ALERTS.page.channels.map((c) => c.kind)).toContain('pagerduty');
    expect(BURN_RATE_ALERTS.ticket.severity).toBe('warning');
    expect(BURN_RATE_ALERTS.ticket.channels.map((c) => c.kind)).not.toContain('pagerduty');
  });

  it('needs each window once, shortest first, and nothing else', () => {
    expect(SLO_WINDOWS).toEqual([FIVE_MINUTES, THIRTY_MINUTES, ONE_HOUR, SIX_HOURS, THREE_DAYS]);
  });
});

describe('slo()', () => {
  const built = slo(declaration);

  it('names recordings level:metric:operations, window last', () => {
    expect(sloRecordName(declaration, '', 'burn_rate', ONE_HOUR)).toBe('agent_type:aqe_slo_example_success:burn_rate1h');
    expect(sloRecordName(declaration, 'errors', 'increase', THREE_DAYS)).toBe('agent_type:aqe_slo_example_success_errors:increase3d');
    expect(built.budgetRemaining.record).toBe('agent_type:aqe_slo_example_success:error_budget_remaining30d');
    const records = built.rules.flatMap((r) => (r.kind === 'recording' ? [r.record] : []));
    expect(new Set(records).size).toBe(records.length);
    for (const record of records) expect(record).toMatch(/^agent_type:aqe_slo_example_success(_errors|_events)?:[a-z_]+\d+[mhd]$/);
  });

  it('records events, bad events and a burn rate for every window, then the period', () => {
    SLO_WINDOWS.forEach((w, i) => {
      const written = ['5m', '30m', '1h', '6h', '3d'][i];
      // Merged across delivery paths first (rules/counting.ts), so nothing is counted twice.
      expect(built.events(w).expr.text).toBe(`sum by (agent_type) (max without (job, instance, exported_job) (increase(aqe_agent_spawn_total[${written}])))`);
      expect(built.burnRate(w).expr.text).toBe(`${built.badEvents(w).record} / ${built.events(w).record} / 0.01`);
    });
    expect(built.burnRate(THIRTY_DAYS)).toBe(built.periodBurnRate);
    expect(() => built.burnRate(window('7d'))).toThrow(/no recordings over 7d; the windows are 5m, 30m, 1h, 6h, 3d/);
  });

  it('counts a missing bad-event series as no bad events, so a healthy agent type has a budget', () => {
    expect(built.badEvents(ONE_HOUR).expr.text).toBe(
      'sum by (agent_type) (max without (job, instance, exported_job) (increase(aqe_agent_spawn_total{status="failure"}[1h]))) or 0 * agent_type:aqe_slo_example_success_events:increase1h',
    );
  });

  it('builds the page from both conditions, each with its short window and the low-traffic guard, once Prometheus holds an hour', () => {
    expect(built.alerts.page.name).toBe('ExampleSuccessBudgetFastBurn');
    expect(built.alerts.page.expr.text).toBe(
      '((agent_type:aqe_slo_example_success:burn_rate1h > 14.4 and agent_type:aqe_slo_example_success:burn_rate5m > 14.4 and agent_type:aqe_slo_example_success_errors:increase1h >= 3)' +
        ' or (agent_type:aqe_slo_example_success:burn_rate6h > 6 and agent_type:aqe_slo_example_success:burn_rate30m > 6 and agent_type:aqe_slo_example_success_errors:increase6h >= 3))' +
        ' and on () count(up offset 1h) > 0',
    );
    expect(built.alerts.ticket.name).toBe('ExampleSuccessBudgetSlowBurn');
    expect(built.alerts.ticket.severity).toBe('warning');
  });

  it('puts every recording before the first rule that reads it', () => {
    const seen = new Set<string>();
    for (const rule of built.rules) {
      const text = rule.expr.text;
      for (const other of built.rules) if (other.kind === 'recording' && other !== rule && new RegExp(`${other.record}(?![a-z0-9_:])`).test(text)) expect(seen.has(other.record), `${other.record} before ${rule.kind === 'recording' ? rule.record : rule.name}`).toBe(true);
      if (rule.kind === 'recording') seen.add(rule.record);
    }
  });

  it('refuses a declaration it cannot build, naming every problem', () => {
    expect(() => slo({ ...declaration, name: 'Run-Success', objective: 99 })).toThrow(/name "Run-Success" is not snake_case.*objective 99 is not a share between 0 and 1/);
    expect(() => slo({ ...declaration, cases: { ...declaration.cases, ticket: { firing: [] } } })).toThrow(/cases.ticket has no firing case/);
  });
});

describe('leMatcher', () => {
  it('matches a whole bound as written and as Prometheus 3 writes it', () => {
    expect(leMatcher(agentDuration, 30)).toBe('le=~"30|30\\\\.0"');
    expect(leMatcher(agentDuration, 0.5)).toBe('le="0.5"');
  });

  it('refuses a bound that is not a bucket of the histogram', () => {
    expect(() => leMatcher(agentDuration, 45)).toThrow(/45 is not a bucket bound of aqe.agent.duration_seconds \(its buckets are 0.1, 0.5/);
  });
});
