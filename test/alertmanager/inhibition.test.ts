import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, type RunningAlertmanager } from '../../stack/alertmanager';

/**
 * The inhibition rule, proven by a real Alertmanager running the generated config: while
 * AgentFailureRate fires for an agent type, that type's PerformanceDegradation and
 * HighTokenUsage warnings are suppressed, and other agent types' are not.
 */

const CONFIG = resolve(__dirname, '../../out/alertmanager/alertmanager.yaml');

interface AlertStatus {
  labels: Record<string, string>;
  status: { state: string; inhibitedBy: string[] };
}

describe('inhibition in a real Alertmanager', () => {
  let am: RunningAlertmanager;
  beforeAll(async () => {
    am = await startAlertmanager({ file: CONFIG });
  });
  afterAll(() => am?.stop());

  it('a critical AgentFailureRate silences the warnings it explains for the same agent type only', async () => {
    const post = (alerts: Record<string, string>[]) =>
      fetch(`${am.url}/api/v2/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(alerts.map((labels) => ({ labels, annotations: { summary: 'test' } }))),
      });
    const response = await post([
      { alertname: 'AgentFailureRate', severity: 'critical', agent_type: 'qe-test-generator' },
      { alertname: 'PerformanceDegradation', severity: 'warning', agent_type: 'qe-test-generator', quantile: '0.95' },
      { alertname: 'HighTokenUsage', severity: 'warning', agent_type: 'qe-test-generator' },
      { alertname: 'PerformanceDegradation', severity: 'warning', agent_type: 'qe-visual-tester', quantile: '0.95' },
      { alertname: 'CoverageDecline', severity: 'warning', project: 'checkout-service', coverage_type: 'line' },
    ]);
    expect(response.ok).toBe(true);

    let alerts: AlertStatus[] = [];
    const deadline = Date.now() + 10_000;
    do {
      alerts = (await (await fetch(`${am.url}/api/v2/alerts`)).json()) as AlertStatus[];
      if (alerts.filter((a) => a.status.inhibitedBy.length > 0).length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    } while (Date.now() < deadline);

    const state = (name: string, agentType?: string) =>
      alerts.find((a) => a.labels.alertname === name && (agentType === undefined || a.labels.agent_type === agentType))?.status;
    expect(state('PerformanceDegradation', 'qe-test-generator')?.inhibitedBy.length).toBe(1);
    expect(state('HighTokenUsage', 'qe-test-generator')?.inhibitedBy.length).toBe(1);
    expect(state('PerformanceDegradation', 'qe-visual-tester')?.inhibitedBy).toEqual([]);
    expect(state('CoverageDecline')?.inhibitedBy).toEqual([]);
    expect(state('AgentFailureRate')?.state).toBe('active');
  });
});
