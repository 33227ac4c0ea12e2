import { expect } from 'vitest';
import type { ScenarioName } from '../../sim/fleet';
import { startLocalStack } from '../../stack/local-stack';
import type { DeliveredAlert } from '../../stack/webhook';

/**
 * Runs one scenario on a local stack and checks what reached the webhook: exactly the
 * expected alerts, each on exactly its channels. Everything is stopped even when it fails.
 */
export interface ExpectedAlert {
  readonly alertname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly channels: readonly string[];
}

export interface ScenarioResult {
  readonly delivered: readonly DeliveredAlert[];
  /** The fleet's own log of what it did and when (ms since the epoch). */
  readonly events: readonly { kind: string; atMs: number }[];
}

const matches = (a: DeliveredAlert, e: ExpectedAlert) =>
  a.alertname === e.alertname && Object.entries(e.labels).every(([k, v]) => a.labels[k] === v);

export async function runScenario(scenario: ScenarioName, expected: readonly ExpectedAlert[], options: { waitMs: number; settleMs?: number }): Promise<ScenarioResult> {
  const stack = await startLocalStack({ scenario, seed: 7 });
  try {
    const deadline = Date.now() + options.waitMs;
    const allArrived = () => expected.every((e) => e.channels.every((c) => stack.webhook.delivered.some((a) => a.channel === c && a.status === 'firing' && matches(a, e))));
    while (Date.now() < deadline && (expected.length === 0 || !allArrived())) await new Promise((r) => setTimeout(r, 250));
    // A little longer, so an alert that should not fire has the time to show up.
    await new Promise((r) => setTimeout(r, options.settleMs ?? 5000));

    const firing = stack.webhook.delivered.filter((a) => a.status === 'firing');
    const got = [...new Set(firing.map((a) => `${a.alertname} -> ${a.channel}`))].sort();
    const want = expected.flatMap((e) => e.channels.map((c) => `${e.alertname} -> ${c}`)).sort();
    expect(got, `delivered: ${JSON.stringify(firing.map((a) => [a.alertname, a.channel, a.labels]))}`).toEqual([...new Set(want)]);
    for (const e of expected) expect(firing.some((a) => matches(a, e)), `${e.alertname} with ${JSON.stringify(e.labels)}`).toBe(true);
    return { delivered: [...stack.webhook.delivered], events: [...stack.fleet.events] };
  } finally {
    await stack.stop();
  }
}
