import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('a coverage drop warns QA: CoverageDecline to slack-qa, nothing else', async () => {
  await runScenario('coverage-drop', [{ alertname: 'CoverageDecline', labels: { project: 'checkout-service', coverage_type: 'line' }, channels: ['slack-qa'] }], { waitMs: 150_000 });
}, 210_000);
