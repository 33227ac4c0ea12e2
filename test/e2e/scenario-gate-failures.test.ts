import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { qualityGateBreach } from '../../rules/quality';

it('a failing quality gate pages: QualityGateBreach to pagerduty and slack-qa, nothing else', async () => {
  await runScenario('gate-failures', [{ alert: qualityGateBreach, labels: { gate_name: 'release' } }], { waitMs: 120_000 });
}, 180_000);
