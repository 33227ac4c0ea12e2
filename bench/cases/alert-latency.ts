import { startLocalStack } from '../../stack/local-stack';
import { stats, type Stats } from '../harness';

/**
 * Case 6: from the moment an agent records a critical finding to the moment the PagerDuty
 * fake receives SecurityCriticalFinding, through the production path: OTLP export, the
 * collector (batch), Prometheus scraping it and running the generated rules, Alertmanager and
 * the generated PagerDuty receiver (local intervals: 1 s export, scrape and evaluation).
 * Several runs, each a fresh stack, so the phase of the cycles varies. `direct`: the same, with
 * Prometheus scraping the agents' own endpoint instead of the collector (the shorter path).
 */
export async function runAlertLatency(runs: number, metricsPath: 'collector' | 'direct' = 'collector'): Promise<{ latencyMs: Stats; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const stack = await startLocalStack({ scenario: 'critical-finding', seed: 100 + i, metricsPath, feedbackLogToStdout: false });
    try {
      const deadline = Date.now() + 60_000;
      let received: number | undefined;
      while (Date.now() < deadline && received === undefined) {
        await new Promise((r) => setTimeout(r, 100));
        received = stack.notifications.find((n) => n.alertname === 'SecurityCriticalFinding' && n.kind === 'pagerduty')?.receivedAt;
      }
      const event = stack.fleet.events.find((e) => e.kind === 'critical-finding');
      if (received === undefined || !event) throw new Error(`run ${i}: the alert did not arrive within 60 s`);
      samples.push(received - event.atMs);
    } finally {
      await stack.stop();
    }
  }
  return { latencyMs: stats(samples), samples };
}

/** Run alone (`ts-node bench/cases/alert-latency.ts N`): a process of its own, so no other bench section's SDK globals are registered. */
if (require.main === module) {
  runAlertLatency(Number(process.argv[2] ?? 5), process.argv[3] === 'direct' ? 'direct' : 'collector')
    .then((result) => process.stdout.write(`${JSON.stringify(result.samples)}\n`))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
