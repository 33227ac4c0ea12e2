import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { agentFailureRate } from '../../rules/agents';
import { runSuccess } from '../../rules/slo';

// A storm burns the run-success budget far faster than the SLO allows: its ticket is right
// too. Its page waits for an hour of history (a minute here), past this scenario's end.
it('an error storm in one agent type pages: AgentFailureRate and the run-success SLO ticket, nothing else', async () => {
  const generator = { agent_type: 'qe-test-generator' };
  await runScenario('error-storm', [agentFailureRate, runSuccess.alerts.ticket].map((alert) => ({ alert, labels: generator })), { waitMs: 90_000 });
}, 150_000);
