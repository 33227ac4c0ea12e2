import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('the normal fleet fires no alert over 45 minutes of rule time', async () => {
  await runScenario('normal', [], { waitMs: 45_000, settleMs: 0 });
}, 120_000);
