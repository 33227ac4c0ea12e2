import { expect } from 'vitest';
import type { ScenarioName } from '../../sim/fleet';
import { startLocalStack } from '../../stack/local-stack';
import type { Notification } from '../../stack/receivers';
import { rules } from '../../rules';
import type { AlertRule } from '../../rules/define';
import { labelValuesRejected, META_RULES } from '../../rules/meta';
import type { LocalTiming } from '../../stack/timing';
import { firingToReceiverMs, pollEveryMs } from './margins';

/** The heartbeat is always firing: every stack delivers it, whatever the scenario. */
export const isHeartbeat = (n: Notification) => n.alertname === rules.heartbeat?.alert.name;

/** Alerts on the telemetry pipeline itself (rules/meta.ts), which a real outage rightly fires. */
const PIPELINE_ALERTS = new Set(META_RULES.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'alert' ? [r.name] : []))));
export const isAboutThePipeline = (n: Notification) => PIPELINE_ALERTS.has(n.alertname);

/**
 * What the simulated fleet always does wrong, on purpose: about one model call in 50 answers
 * under a dated snapshot id the price table does not list (sim/runner.ts, modelCall), recorded
 * as `other`. LabelValuesRejected is right to say so, about the `model` label and nothing else.
 */
export const isTheSimsKnownDefect = (n: Notification) => n.alertname === labelValuesRejected.name && /Values of model on /.test(n.text) && !/Values of (?!model )\w+ on /.test(n.text);

/**
 * Runs one scenario on a local stack (fleet -> collector -> Prometheus -> Alertmanager -> the
 * generated receivers) and checks what the receivers' fakes got: exactly the expected alerts,
 * each on exactly its channels, each message naming the alert's identifying label values.
 * Everything is stopped even when it fails.
 */
export interface ExpectedAlert {
  /** The alert of rules/: its name, and the channels it must reach. */
  readonly alert: AlertRule;
  /** Label values the notification must name (its summary does). */
  readonly labels: Readonly<Record<string, string>>;
}

export interface ScenarioResult {
  readonly notifications: readonly Notification[];
  /** The fleet's own log of what it did and when (ms since the epoch). */
  readonly events: readonly { kind: string; atMs: number }[];
  /** The intervals the stack ran at. */
  readonly timing: LocalTiming;
}

const ALERTS = rules.files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r): r is AlertRule => r.kind === 'alert')));

/**
 * How long the receivers are watched after the expected alerts arrived, so that an alert that
 * should not fire has the time to show up: one that went firing at the same evaluation as the
 * last expected one, in the slowest-evaluated group and the severity with the longest
 * group_wait, reaches its receivers that long after (margins.ts, `for` already past).
 */
export function settleMs(t: LocalTiming): number {
  return Math.max(...ALERTS.map((a) => firingToReceiverMs(t, a) - t.forMs(a)));
}

const matches = (n: Notification, e: ExpectedAlert) => n.alertname === e.alert.name && Object.values(e.labels).every((v) => n.text.includes(v));

export async function runScenario(scenario: ScenarioName, expected: readonly ExpectedAlert[], options: { waitMs: number; settleMs?: number }): Promise<ScenarioResult> {
  const stack = await startLocalStack({ scenario, seed: 7 });
  try {
    const deadline = Date.now() + options.waitMs;
    const allArrived = () => expected.every((e) => e.alert.channels.every((c) => stack.notifications.some((n) => n.channel === c.name && n.status === 'firing' && matches(n, e))));
    // Everything else, the pipeline's own alerts included, must stay quiet: only the heartbeat may speak.
    while (Date.now() < deadline && (expected.length === 0 || !allArrived())) await new Promise((r) => setTimeout(r, pollEveryMs(stack.timing)));
    await new Promise((r) => setTimeout(r, options.settleMs ?? settleMs(stack.timing)));

    const firing = stack.notifications.filter((n) => n.status === 'firing' && !isHeartbeat(n) && !isTheSimsKnownDefect(n));
    const got = [...new Set(firing.map((n) => `${n.alertname} -> ${n.channel}`))].sort();
    const want = expected.flatMap((e) => e.alert.channels.map((c) => `${e.alert.name} -> ${c.name}`)).sort();
    expect(got, `delivered: ${JSON.stringify(firing.map((n) => [n.alertname, n.channel, n.text.slice(0, 200)]))}`).toEqual([...new Set(want)]);
    for (const e of expected) expect(firing.some((n) => matches(n, e)), `${e.alert.name} naming ${JSON.stringify(e.labels)}`).toBe(true);
    return { notifications: [...stack.notifications], events: [...stack.fleet.events], timing: stack.timing };
  } finally {
    await stack.stop();
  }
}
