import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../generators/duration';
import { rules } from '../../rules';
import { collectorDown } from '../../rules/meta';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';

/**
 * Watching the watchers, live: the heartbeat reaches the dead man's switch at its interval;
 * with the collector stopped, CollectorDown reaches its receivers; with Alertmanager stopped,
 * the switch hears nothing, which is what makes it page from outside.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const heartbeat = rules.heartbeat!;

async function until(what: string, done: () => boolean, timeoutMs: number, stack: LocalStack): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${JSON.stringify(stack.notifications.map((n) => [n.alertname, n.channel, n.status]))}`);
    await sleep(200);
  }
}

describe('meta-monitoring on a running stack', () => {
  it('the heartbeat reaches the switch every interval, a stopped collector pages, and a stopped Alertmanager goes silent', async () => {
    const stack = await startLocalStack({ scenario: 'normal', seed: 5, feedbackLogToStdout: false });
    // The stack's compressed interval: a minute of production is a second here.
    const everyMs = (parseDuration(heartbeat.every) ?? 60_000) / stack.timeScale;
    const beats = () => stack.notifications.filter((n) => n.alertname === heartbeat.alert.name && n.channel === heartbeat.channel.name && n.status === 'firing');
    try {
      // Prometheus' first evaluations, then Alertmanager's: a few intervals at most.
      // Meanwhile nothing else fires: a starting stack is not an outage.
      await until('the first heartbeats', () => beats().length >= 3, 30_000, stack);
      const times = beats().map((n) => n.receivedAt);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      console.log(`heartbeat every ${everyMs} ms: gaps ${gaps.join(', ')} ms`);
      // Alertmanager repeats on its group-interval ticks: one interval, or two when a tick and
      // the repeat just miss each other; never silent for longer.
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(2 * everyMs + 500);
      expect(stack.notifications.filter((n) => n.alertname !== heartbeat.alert.name).map((n) => `${n.alertname} on ${n.channel}`)).toEqual([]);

      // The collector stopped: up 0 at the next scrape, then `for` and an evaluation (a second
      // each here), and the critical route's group_wait of 0 s.
      const stoppedAt = Date.now();
      await stack.collectors[0]!.stop();
      const paged = () => stack.notifications.filter((n) => n.alertname === collectorDown.name && n.status === 'firing' && n.receivedAt >= stoppedAt);
      await until('CollectorDown on its receivers', () => collectorDown.channels.every((c) => paged().some((n) => n.channel === c.name)), 20_000, stack);
      const page = paged().find((n) => n.kind === 'pagerduty')!;
      console.log(`CollectorDown paged ${page.receivedAt - stoppedAt} ms after the collector stopped`);
      expect(page.text).toContain('No collector replica is up');
      // The heartbeat still arrives: only the fleet's data is gone, not the alerting path.
      const beatsBefore = beats().length;
      await sleep(3 * everyMs);
      expect(beats().length).toBeGreaterThan(beatsBefore);

      // Alertmanager stopped: what the switch sees is silence, past any threshold it is set to.
      await stack.alertmanager.stop();
      const lastBeat = Math.max(...beats().map((n) => n.receivedAt));
      const silence = 6 * everyMs;
      await sleep(silence);
      expect(beats().filter((n) => n.receivedAt > lastBeat)).toEqual([]);
      console.log(`no heartbeat for ${Date.now() - lastBeat} ms after Alertmanager stopped (interval ${everyMs} ms)`);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
