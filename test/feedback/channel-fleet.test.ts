import type { ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { InProcessAdaptation } from '../../feedback/adaptation';
import type { Observation } from '../../feedback/behaviours';
import { startAdaptationChannel } from '../../feedback/channel';
import { FeedbackController } from '../../feedback/controller';
import { AdaptationRecorder } from '../../feedback/recorder';
import { createLogger } from '../../runtime/logger';
import { explainFollowers, printMs, startFollower, until as untilEvery } from '../support/adaptation-followers';

/**
 * One controller, two agent processes on their own event loops and clocks, following it over
 * HTTP the way agents on other machines would. Every time bound below is a number of poll
 * intervals: a poll that a busy core delays by up to one interval still passes.
 */
const GEN = 'qe-test-generator';
const POLL_MS = 500;
const STALE_AFTER_MS = 8 * POLL_MS;
const PRINT_MS = printMs(POLL_MS);
/** Slack for one poll that the scheduler delays, on each side of a bound. */
const SLACK_MS = 2 * POLL_MS;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

const agent = (url: string) => startFollower({ url, agentType: GEN, pollMs: POLL_MS, staleAfterMs: STALE_AFTER_MS });

const until = (what: string, condition: () => boolean, timeoutMs: number, explain?: () => string) => untilEvery(what, condition, timeoutMs, PRINT_MS, explain);

describe('the adaptation channel with a fleet of agent processes', () => {
  it('two agent processes obey the one controller\'s adaptation, keep it when the controller dies, and obey their defaults after staleAfter', async () => {
    const clock = { now: 1_000_000 };
    let next: Observation[] = [];
    const quiet = new AdaptationRecorder(createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }), level: 'info' }));
    const controller = new FeedbackController({
      mode: 'on',
      adaptation: new InProcessAdaptation({ now: () => clock.now, publish: false }),
      observer: { observe: async () => next },
      now: () => clock.now,
      recorder: quiet,
    });
    const channel = await startAdaptationChannel({ state: () => controller.snapshot(), now: () => clock.now });
    const agents = [agent(channel.url), agent(channel.url)];
    children.push(...agents.map((a) => a.child));
    const explain = () => explainFollowers(agents);
    const obeying = (generation: number) => () => agents.every((a) => a.lines.at(-1)?.generation === generation);

    // Before any decision: both obey the published generation (the default limits, as published).
    const first = channel.document();
    // Starting two ts-node processes is the slow part; this is a timeout, not a margin.
    await until(`both agents on generation ${first.generation}`, obeying(first.generation), 60_000, explain);
    for (const a of agents) expect(a.lines.at(-1)!.adaptation).toEqual(first.agentTypes[GEN]);

    // The controller decides: errors past the threshold until it trips the breaker.
    for (let i = 0; i < 10 && channel.document().generation === first.generation; i++) {
      clock.now += 30_000;
      next = [{ behaviour: 'errors', subject: GEN, value: 0.5 }];
      await controller.step();
    }
    const tripped = channel.document();
    expect(tripped.generation).toBeGreaterThan(first.generation);
    expect(tripped.agentTypes[GEN]!.circuit).not.toBe(first.agentTypes[GEN]!.circuit);
    await until(`both agents on generation ${tripped.generation}`, obeying(tripped.generation), 2 * POLL_MS + SLACK_MS + 5_000, explain);
    const obeyed = agents.map((a) => a.lines.at(-1)!.adaptation);
    expect(obeyed[0]).toEqual(tripped.agentTypes[GEN]);
    expect(obeyed[1]).toEqual(obeyed[0]);

    // The controller goes away.
    await channel.close();
    const killedAt = Date.now();
    await until('both agents past staleAfter', () => agents.every((a) => (a.lines.at(-1)?.at ?? 0) > killedAt + STALE_AFTER_MS + SLACK_MS), STALE_AFTER_MS + 4 * SLACK_MS + 5_000, explain);

    for (const [i, a] of agents.entries()) {
      // Their last contact was at most a (delayed) poll before the kill: until staleAfter minus
      // that, they keep the last adaptation.
      const kept = a.lines.filter((l) => l.at >= killedAt && l.at <= killedAt + STALE_AFTER_MS - SLACK_MS);
      expect(kept.length, `agent ${i} printed while the controller was gone`).toBeGreaterThan(0);
      for (const line of kept) expect(line.adaptation, `agent ${i} at kill + ${line.at - killedAt} ms`).toEqual(tripped.agentTypes[GEN]);
      // No contact can be later than the kill, so past staleAfter every line obeys the defaults.
      const fallen = a.lines.filter((l) => l.at > killedAt + STALE_AFTER_MS);
      expect(fallen.length).toBeGreaterThan(0);
      for (const line of fallen) expect(line.adaptation, `agent ${i} at kill + ${line.at - killedAt} ms`).toBeNull();
    }
  }, 120_000);
});
