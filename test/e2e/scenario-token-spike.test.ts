import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { highTokenUsage } from '../../rules/cost';

it('a token spike warns ops: HighTokenUsage to slack-ops, nothing else', async () => {
  await runScenario('token-spike', [{ alert: highTokenUsage, labels: { agent_type: 'qe-test-generator' } }], { waitMs: 120_000 });
}, 180_000);
