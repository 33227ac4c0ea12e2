import { it } from 'vitest';
import { runScenario } from './scenario-harness';
import { performanceDegradation } from '../../rules/agents';
import { runLatency } from '../../rules/slo';

// Slow runs spend the run-latency budget: its ticket is right too. Its page waits for an hour
// of history (a minute here), past this scenario's end.
it('slow runs warn the developers: PerformanceDegradation and the run-latency SLO ticket, nothing else', async () => {
  const generator = { agent_type: 'qe-test-generator' };
  await runScenario('latency-degradation', [performanceDegradation, runLatency.alerts.ticket].map((alert) => ({ alert, labels: generator })), { waitMs: 90_000 });
}, 150_000);
