import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('a failing quality gate pages: QualityGateBreach to pagerduty and slack-qa, nothing else', async () => {
  await runScenario('gate-failures', [{ alertname: 'QualityGateBreach', labels: { gate_name: 'release' }, channels: ['pagerduty', 'slack-qa'] }], { waitMs: 120_000 });
}, 180_000);
