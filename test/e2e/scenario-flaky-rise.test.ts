import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { flakyTestIncrease } from '../../rules/quality';

it('rising flaky tests warn QA: FlakyTestIncrease to slack-qa, nothing else', async () => {
  await runScenario('flaky-rise', [{ alert: flakyTestIncrease, labels: { project: 'checkout-service' } }], { waitMs: 150_000 });
}, 210_000);
