import { it } from 'vitest';
import { runScenario } from './scenario-harness';

it('slow runs warn the developers: PerformanceDegradation to slack-dev, nothing else', async () => {
  await runScenario('latency-degradation', [{ alertname: 'PerformanceDegradation', labels: { agent_type: 'qe-test-generator' }, channels: ['slack-dev'] }], { waitMs: 90_000 });
}, 150_000);
