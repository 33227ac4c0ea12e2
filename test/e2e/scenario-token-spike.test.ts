import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('a token spike warns ops: HighTokenUsage to slack-ops, nothing else', async () => {
  await runScenario('token-spike', [{ alertname: 'HighTokenUsage', labels: { agent_type: 'qe-test-generator' }, channels: ['slack-ops'] }], { waitMs: 120_000 });
}, 180_000);
