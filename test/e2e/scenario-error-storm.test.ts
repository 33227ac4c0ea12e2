import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('an error storm in one agent type pages: AgentFailureRate to pagerduty and slack-critical, nothing else', async () => {
  await runScenario('error-storm', [{ alertname: 'AgentFailureRate', labels: { agent_type: 'qe-test-generator' }, channels: ['pagerduty', 'slack-critical'] }], { waitMs: 90_000 });
}, 150_000);
