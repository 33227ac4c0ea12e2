import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../core/duration';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { startAlertmanager, type RunningAlertmanager } from '../../stack/alertmanager';
import { startReceivers, type RunningReceivers } from '../../stack/notification-receivers';
import { freePort } from '../../stack/process';

/**
 * Routing at production timing (time scale 1), with a real Alertmanager and the receivers'
 * fakes: a second incident is not held back by the first one's group, and a critical alert no
 * route names still pages.
 */
const sources = readSources(resolve(__dirname, '../..'));
const critical = sources.rules.timing.critical;
/** How often the fakes are looked at: a tenth of a second, far under the timing measured (seconds to a minute). */
const POLL_MS = 100;
let receivers: RunningReceivers;
let alertmanager: RunningAlertmanager;

beforeAll(async () => {
  receivers = await startReceivers(sources);
  const files = renderLocalStack(sources, { ...productionOverrides(sources), alertmanager: receivers.overrides });
  alertmanager = await startAlertmanager({ text: files['alertmanager/alertmanager.yaml']! }, await freePort(), receivers.alertmanagerEnv);
}, 60_000);
afterAll(async () => {
  await alertmanager?.stop();
  await receivers?.stop();
});

async function post(labels: Record<string, string>): Promise<number> {
  const body = [{ labels, annotations: { summary: `${labels.alertname} ${JSON.stringify(labels)}` } }];
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return Date.now();
}

async function pageFor(text: string, withinMs: number): Promise<number | undefined> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const page = receivers.notifications.find((n) => n.kind === 'pagerduty' && n.status === 'firing' && n.text.includes(text));
    if (page || Date.now() > deadline) return page?.receivedAt;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

describe('routing at production timing', () => {
  // Halfway between the critical group_wait (when a page that is not held back comes) and the
  // group interval (when one held back by the first group would come): the widest margin on
  // both sides, for a loaded machine as for a quiet one.
  const prompt = (parseDuration(critical.groupWait)! + parseDuration(critical.groupInterval)!) / 2;

  it('a second critical finding of another CWE pages at once, not after the first one\'s group interval', async () => {
    expect(parseDuration(critical.groupWait)).toBe(0);
    await post({ alertname: 'SecurityCriticalFinding', severity: 'critical', cwe_category: 'CWE-89' });
    expect(await pageFor('CWE-89', prompt)).toBeDefined();
    const second = await post({ alertname: 'SecurityCriticalFinding', severity: 'critical', cwe_category: 'CWE-79' });
    const paged = await pageFor('CWE-79', prompt);
    expect(paged, `paged within ${prompt} ms (group interval ${critical.groupInterval})`).toBeDefined();
    console.log(`second CWE paged ${paged! - second} ms after it was posted`);
  });

  it('a critical alert no route names still pages', async () => {
    await post({ alertname: 'SomethingNobodyRoutes', severity: 'critical', probe: 'unrouted' });
    expect(await pageFor('SomethingNobodyRoutes', prompt)).toBeDefined();
  });
});
