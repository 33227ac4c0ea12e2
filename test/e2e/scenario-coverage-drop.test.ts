import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { coverageDecline } from '../../rules/quality';

it('a coverage drop warns QA: CoverageDecline to slack-qa, nothing else', async () => {
  await runScenario('coverage-drop', [{ alert: coverageDecline, labels: { project: 'checkout-service', coverage_type: 'line' } }], { waitMs: 150_000 });
}, 210_000);
