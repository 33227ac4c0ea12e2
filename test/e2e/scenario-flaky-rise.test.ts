import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('rising flaky tests warn QA: FlakyTestIncrease to slack-qa, nothing else', async () => {
  await runScenario('flaky-rise', [{ alertname: 'FlakyTestIncrease', labels: { project: 'checkout-service' }, channels: ['slack-qa'] }], { waitMs: 150_000 });
}, 210_000);
