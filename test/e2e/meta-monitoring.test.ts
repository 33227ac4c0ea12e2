import { describe, expect, it } from 'vitest';
import { rules } from '../../rules';
import { collectorDown } from '../../rules/meta';
import { formatDuration } from '../../core/duration';
import { FIVE_MINUTES } from '../../core/windows';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';
import { firingToReceiverMs, pollEveryMs, TICKS_PER_HOP } from './margins';

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
    await sleep(pollEveryMs(stack.timing));
  }
}

describe('meta-monitoring on a running stack', () => {
  it('the heartbeat reaches the switch every interval, a stopped collector pages, and a stopped Alertmanager goes silent', async () => {
    const stack = await startLocalStack({ scenario: 'normal', seed: 5, feedbackLogToStdout: false });
    const upAt = Date.now();
    // The stack's compressed interval: a minute of production is a second here.
    const everyMs = stack.timing.scaled(heartbeat.every);
    const beats = () => stack.notifications.filter((n) => n.alertname === heartbeat.alert.name && n.channel === heartbeat.channel.name && n.status === 'firing');
    try {
      // Prometheus' first evaluation fires it (it is always true), Alertmanager's group_wait sends
      // the first beat and each interval one more: a timer each (TICKS_PER_HOP, margins.ts).
      // Meanwhile nothing else fires: a starting stack is not an outage.
      const firstBeats = 3;
      await until('the first heartbeats', () => beats().length >= firstBeats, firingToReceiverMs(stack.timing, heartbeat.alert) + TICKS_PER_HOP * firstBeats * everyMs, stack);
      const times = beats().map((n) => n.receivedAt);
      const gaps = times.slice(1).map((t, i) => t - times[i]!);
      console.log(`heartbeat every ${everyMs} ms: gaps ${gaps.join(', ')} ms`);
      // Alertmanager repeats on its group-interval ticks: one interval, or two when a tick and
      // the repeat just miss each other; on a loaded machine that tick may come late by at most
      // one more (TICKS_PER_HOP, margins.ts); never silent for longer.
      for (const gap of gaps) expect(gap).toBeLessThanOrEqual(2 * everyMs + (TICKS_PER_HOP - 1) * everyMs);
      expect(stack.notifications.filter((n) => n.alertname !== heartbeat.alert.name).map((n) => `${n.alertname} on ${n.channel}`)).toEqual([]);

      // CollectorDown holds off until Prometheus has scraped for five minutes (its guard,
      // rules/meta.ts: a starting Prometheus is not an outage). Prometheus was ready before the
      // stack returned and scrapes within an interval of that (a timer: TICKS_PER_HOP): wait
      // that out first, so that what is measured is the outage.
      const guardEndsAt = upAt + TICKS_PER_HOP * stack.timing.scrapeMs + stack.timing.scaled(formatDuration(FIVE_MINUTES.ms));
      await sleep(Math.max(0, guardEndsAt - Date.now()));
      // The collector stopped (its process gone, which a graceful shutdown may take a while
      // to be): up 0 at the next scrape, then `for` and an evaluation, and the critical route's
      // group_wait (margins.ts).
      const stopAskedAt = Date.now();
      await stack.collectors[0]!.stop();
      const stoppedAt = Date.now();
      const paged = () => stack.notifications.filter((n) => n.alertname === collectorDown.name && n.status === 'firing' && n.receivedAt >= stopAskedAt);
      const pageWithinMs = TICKS_PER_HOP * stack.timing.scrapeMs + firingToReceiverMs(stack.timing, collectorDown);
      await until('CollectorDown on its receivers', () => collectorDown.channels.every((c) => paged().some((n) => n.channel === c.name)), pageWithinMs, stack);
      const page = paged().find((n) => n.kind === 'pagerduty')!;
      console.log(`CollectorDown paged ${page.receivedAt - stoppedAt} ms after the collector stopped (bound ${pageWithinMs} ms; its shutdown took ${stoppedAt - stopAskedAt} ms)`);
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
