import { expect, it } from 'vitest';
import { runScenario } from './scenario-harness';
import { securityCriticalFinding } from '../../rules/security';

it('a critical security finding pages within 30 s: SecurityCriticalFinding to pagerduty and slack-security', async () => {
  const result = await runScenario('critical-finding', [{ alert: securityCriticalFinding, labels: { cwe_category: 'CWE-89' } }], { waitMs: 60_000 });
  const finding = result.events.find((e) => e.kind === 'critical-finding');
  expect(finding).toBeDefined();
  const firstPage = Math.min(...result.notifications.filter((n) => n.alertname === 'SecurityCriticalFinding').map((n) => n.receivedAt));
  const latencyMs = firstPage - finding!.atMs;
  console.log(`event to receiver: ${latencyMs} ms (local intervals: 1 s scrape and evaluation)`);
  expect(latencyMs).toBeGreaterThan(0);
  expect(latencyMs).toBeLessThan(30_000);
}, 120_000);
