import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { errors } from '../../feedback/behaviours';
import { compressedMs } from '../../feedback/controller';
import { STALE_AFTER_POLLS, type AdaptationsDocument } from '../../runtime/adaptation-client';
import { prometheusName } from '../../core/prometheus-name';
import { SERVICES } from '../../core/services';
import { feedbackAdaptations } from '../../schema/metrics/feedback';
import { startLocalStack } from '../../stack/local-stack';
import { explainFollowers, printMs, startFollower, until, type Follower } from '../support/adaptation-followers';
import { FEEDBACK_TIME_SCALE } from './feedback-harness';
import { TICKS_PER_HOP, toPrometheusMs } from './margins';

/**
 * The feedback loop as it is deployed: `aqe telemetry feedback serve` in its own process,
 * observing the stack's real Prometheus while the simulated fleet has an error storm, and two
 * agent processes following its channel. The fleet itself runs without a loop, so the storm
 * goes on and the signal stays past the threshold. Then the controller is killed (SIGKILL: no
 * goodbye), and the agents must keep its last word until the documented stale time, then obey
 * their defaults.
 *
 * Every bound is a number of the loop's poll intervals (15 s compressed by the time scale),
 * each counted TICKS_PER_HOP times for a loaded machine (test/e2e/margins.ts).
 */
const ROOT = resolve(__dirname, '../..');
const GEN = 'qe-test-generator';
/** What the controller polls Prometheus at, and so what agents poll it at (runtime/adaptation-client.ts). */
const POLL_MS = compressedMs('15s', FEEDBACK_TIME_SCALE);
/** The documented default: STALE_AFTER_POLLS polls without an answer. */
const STALE_AFTER_MS = STALE_AFTER_POLLS * POLL_MS;
const SLACK_MS = TICKS_PER_HOP * POLL_MS;
/** The errors behaviour's budget from the trigger (spec 10.2), once for the storm to reach Prometheus' ratio and once for the loop. */
const TRIP_PATIENCE_MS = TICKS_PER_HOP * 2 * compressedMs(errors.cooldown, FEEDBACK_TIME_SCALE);

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

it('two agent processes obey the standalone controller observing the real Prometheus; killed, its last adaptation holds until the stale time, then the defaults', async () => {
  const stack = await startLocalStack({ scenario: 'error-storm', seed: 7, feedback: 'off', timeScale: FEEDBACK_TIME_SCALE });
  try {
    const controller = spawn(
      process.execPath,
      [resolve(ROOT, 'cli/aqe.js'), 'telemetry', 'feedback', 'serve', '--prometheus', stack.prometheus.url, '--mode', 'on', '--time-scale', String(FEEDBACK_TIME_SCALE), '--port', '0', '--json'],
      // Its own telemetry goes where the fleet's does: the stack's collector.
      { cwd: ROOT, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: stack.otlpEndpoint, AQE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(controller);
    let out = '';
    let err = '';
    controller.stdout.on('data', (c) => (out += c));
    controller.stderr.on('data', (c) => (err += c));
    // Starting ts-node is the slow part; a timeout, not a margin.
    await until('the controller to start', () => out.includes('\n'), 60_000, 100, () => `\nstdout ${out}\nstderr ${err}`);
    const started = JSON.parse(out.split('\n')[0]!) as { adaptations: string; pollMs: number };
    expect(started.pollMs).toBe(POLL_MS);
    const channel = new URL(started.adaptations).origin;
    const published = async () => (await (await fetch(started.adaptations)).json()) as AdaptationsDocument;

    const agents: Follower[] = [0, 1].map(() => startFollower({ url: channel, agentType: GEN, pollMs: POLL_MS, staleAfterMs: STALE_AFTER_MS }));
    children.push(...agents.map((a) => a.child));
    const explain = () => explainFollowers(agents) + `\ncontroller stderr ${err.slice(-1000)}`;

    // The storm reaches Prometheus, the controller trips the generator's breaker, both agents obey.
    const open = (a: Follower) => (a.lines.at(-1)?.adaptation?.circuit ?? 'closed') !== 'closed';
    await until(`both agents to see ${GEN}'s circuit open`, () => agents.every(open), 60_000 + TRIP_PATIENCE_MS, printMs(POLL_MS), explain);
    const document = await published();
    expect(document.mode).toBe('on');
    expect(document.agentTypes[GEN]!.circuit).not.toBe('closed');
    expect(document.agentTypes[GEN]!.circuitReason).toBeTruthy();

    // The decision is counted where the dashboards and `feedback status` read it: through the
    // collector into Prometheus, from the controller's process (the fleet's own counters stay at 0).
    const counter = prometheusName(feedbackAdaptations.name, feedbackAdaptations.kind);
    const query = `${counter}{agent_type="${GEN}", action="trip_circuit_breaker", mode="applied"} > 0`;
    const deadline = Date.now() + TICKS_PER_HOP * toPrometheusMs(stack.timing) + 30_000;
    let counted: { metric: Record<string, string> }[] = [];
    while (counted.length === 0) {
      if (Date.now() > deadline) throw new Error(`no ${query} in Prometheus${explain()}`);
      await new Promise((r) => setTimeout(r, 250));
      counted = (await stack.prometheus.query(query)).data?.result ?? [];
    }
    // The collector's exporter makes `service.namespace/service.name` the job.
    expect(counted.map((c) => c.metric.exported_job?.split('/').at(-1))).toEqual([SERVICES.feedback.name]);

    // SIGKILL: no last answer, no goodbye.
    controller.kill('SIGKILL');
    const killedAt = Date.now();
    await until('both agents past the stale time', () => agents.every((a) => (a.lines.at(-1)?.at ?? 0) > killedAt + STALE_AFTER_MS + SLACK_MS), STALE_AFTER_MS + 4 * SLACK_MS + 10_000, printMs(POLL_MS), explain);
    for (const [i, a] of agents.entries()) {
      const before = a.lines.filter((l) => l.at < killedAt).at(-1)!;
      expect(before.adaptation?.circuit).not.toBe('closed');
      // The last contact was at most a (delayed) poll before the kill: until the stale time less
      // that, each keeps the adaptation it had.
      const kept = a.lines.filter((l) => l.at >= killedAt && l.at <= killedAt + STALE_AFTER_MS - SLACK_MS);
      expect(kept.length, `agent ${i} printed while the controller was gone`).toBeGreaterThan(0);
      for (const line of kept) {
        expect(line.generation, `agent ${i} at kill + ${line.at - killedAt} ms`).toBe(before.generation);
        expect(line.adaptation).toEqual(before.adaptation);
      }
      // No contact can be later than the kill: past the stale time every line obeys the defaults.
      const fallen = a.lines.filter((l) => l.at > killedAt + STALE_AFTER_MS);
      expect(fallen.length).toBeGreaterThan(0);
      for (const line of fallen) expect(line.adaptation, `agent ${i} at kill + ${line.at - killedAt} ms`).toBeNull();
      const keptUntil = a.lines.filter((l) => l.at >= killedAt && l.adaptation !== null).at(-1)?.at ?? killedAt;
      console.log(`agent ${i}: obeyed generation ${before.generation} (circuit ${before.adaptation!.circuit}) until kill + ${keptUntil - killedAt} ms, defaults from then on; stale time ${STALE_AFTER_MS} ms = ${STALE_AFTER_POLLS} polls of ${POLL_MS} ms`);
    }
  } finally {
    await stack.stop();
  }
}, 240_000);
