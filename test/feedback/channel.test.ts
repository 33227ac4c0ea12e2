import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessAdaptation } from '../../feedback/adaptation';
import type { Observation } from '../../feedback/behaviours';
import { STATE_PATH, startAdaptationChannel, type AdaptationChannel } from '../../feedback/channel';
import { parseStateFile } from '../../feedback/state-file';
import { FeedbackController, type LoopMode } from '../../feedback/controller';
import { AdaptationRecorder } from '../../feedback/recorder';
import { createLogger } from '../../runtime/logger';
import {
  ADAPTATIONS_PATH,
  DEFAULT_POLL_INTERVAL_MS,
  FEEDBACK_POLL_INTERVAL_ENV,
  FEEDBACK_STALE_AFTER_ENV,
  FEEDBACK_URL_ENV,
  STALE_AFTER_POLLS,
  type AdaptationsDocument,
} from '../../runtime/adaptation-client';

/** Decision log lines go nowhere: this file checks what is published, not what is logged. */
const quiet = () => new AdaptationRecorder(createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }), level: 'info' }));

/** A controller on a hand-moved clock fed by a fake observer, as in controller.test.ts. */
function rig(mode: Exclude<LoopMode, 'off'> = 'on') {
  const clock = { now: 1_000_000 };
  let next: Observation[] = [];
  const adaptation = new InProcessAdaptation({ now: () => clock.now, publish: false });
  const controller = new FeedbackController({ mode, adaptation, observer: { observe: async () => next }, now: () => clock.now, recorder: quiet() });
  const step = async (obs: Observation[]) => {
    clock.now += 30_000;
    next = obs;
    return controller.step();
  };
  return { clock, adaptation, controller, step };
}

const GEN = 'qe-test-generator';
const errorsAt = (value: number): Observation[] => [{ behaviour: 'errors', subject: GEN, value }];

let channel: AdaptationChannel | undefined;
afterEach(async () => {
  await channel?.close();
  channel = undefined;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${channel!.url}${path}`, { headers });
  return { status: response.status, etag: response.headers.get('etag'), body: response.status === 200 ? await response.text() : '' };
}

/** Steps the controller until it decides something: the number of steps is the controller's business. */
async function tripBreaker(step: (o: Observation[]) => Promise<readonly unknown[]>) {
  for (let i = 0; i < 10; i++) if ((await step(errorsAt(0.5))).length > 0) return;
  throw new Error('the controller never tripped the breaker');
}

describe('adaptation channel', () => {
  it('publishes the controller\'s adaptations: what snapshot() holds per agent type, without per-process counters', async () => {
    const { controller, step, clock } = rig();
    channel = await startAdaptationChannel({ state: () => controller.snapshot(), now: () => clock.now });
    await tripBreaker(step);
    const { status, body } = await get(ADAPTATIONS_PATH);
    expect(status).toBe(200);
    const document = JSON.parse(body) as AdaptationsDocument;
    const state = controller.snapshot().adaptations.agentTypes;
    expect(Object.keys(document.agentTypes).sort()).toEqual(Object.keys(state).sort());
    for (const [agentType, s] of Object.entries(state)) {
      expect(document.agentTypes[agentType]).toMatchObject({ concurrencyLimit: s.concurrencyLimit, retryPolicy: s.retryPolicy, circuit: s.circuit, circuitArmed: s.circuitArmed, extraAgents: s.extraAgents });
      expect(document.agentTypes[agentType]).not.toHaveProperty('running');
    }
    expect(document.agentTypes[GEN]!.circuit).not.toBe('closed');
    expect(document).toMatchObject({ version: 1, mode: 'on', publishedAt: clock.now });
  });

  it('numbers each change: the same state keeps its generation and answers 304 to If-None-Match; a decision makes the next one', async () => {
    const { controller, step, clock } = rig();
    channel = await startAdaptationChannel({ state: () => controller.snapshot(), now: () => clock.now });
    const first = await get(ADAPTATIONS_PATH);
    const generation = (JSON.parse(first.body) as AdaptationsDocument).generation;
    expect(first.etag).toBe(`"${generation}"`);
    clock.now += 60_000;
    expect(await get(ADAPTATIONS_PATH, { 'if-none-match': first.etag! })).toMatchObject({ status: 304, etag: first.etag });
    await tripBreaker(step);
    const second = await get(ADAPTATIONS_PATH, { 'if-none-match': first.etag! });
    expect(second.status).toBe(200);
    const changed = JSON.parse(second.body) as AdaptationsDocument;
    expect(changed.generation).toBe(generation + 1);
    expect(changed.publishedAt).toBe(clock.now);
    expect(second.etag).toBe(`"${changed.generation}"`);
  });

  it('publishes no agent type in dry-run: the decisions exist, agents obey nothing', async () => {
    const { controller, step } = rig('dry-run');
    channel = await startAdaptationChannel({ state: () => controller.snapshot() });
    await tripBreaker(step);
    expect(controller.target.getAdaptationState().agentTypes[GEN]!.circuit).not.toBe('closed');
    const document = JSON.parse((await get(ADAPTATIONS_PATH)).body) as AdaptationsDocument;
    expect(document).toMatchObject({ mode: 'dry-run', agentTypes: {}, throttles: {}, quarantinedProjects: [] });
  });

  it('serves the whole controller state, the state file\'s content, at STATE_PATH, in dry-run too', async () => {
    const { controller, step } = rig('dry-run');
    channel = await startAdaptationChannel({ state: () => controller.snapshot() });
    await tripBreaker(step);
    const answer = await get(STATE_PATH);
    expect(answer.status).toBe(200);
    const state = parseStateFile(answer.body, STATE_PATH);
    expect(state).toEqual(controller.snapshot());
    expect(state.history.map((h) => h.action)).toContain('trip_circuit_breaker');
    // What agents obey is still nothing.
    expect((JSON.parse((await get(ADAPTATIONS_PATH)).body) as AdaptationsDocument).agentTypes).toEqual({});
  });

  it('answers /healthz, 404 elsewhere with the path to use, and 500 (not a crash) when the state cannot be read', async () => {
    let broken = false;
    const { controller } = rig();
    channel = await startAdaptationChannel({
      state: () => {
        if (broken) throw new Error('boom');
        return controller.snapshot();
      },
    });
    expect(await get('/healthz')).toMatchObject({ status: 200 });
    const missing = await fetch(`${channel.url}/adaptations`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain(ADAPTATIONS_PATH);
    broken = true;
    expect((await get(ADAPTATIONS_PATH)).status).toBe(500);
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('docs/feedback-loop.md, the adaptation channel', () => {
  const doc = readFileSync(resolve(__dirname, '../../docs/feedback-loop.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## The adaptation channel'));

  it('names the path and each variable with the default the client uses', () => {
    expect(section).toContain(`GET ${ADAPTATIONS_PATH}`);
    const row = (variable: string) => section.split('\n').find((line) => line.startsWith(`| \`${variable}\` |`));
    expect(row(FEEDBACK_URL_ENV)).toBeDefined();
    expect(row(FEEDBACK_POLL_INTERVAL_ENV)).toContain(`| ${DEFAULT_POLL_INTERVAL_MS} `);
    const staleMs = STALE_AFTER_POLLS * DEFAULT_POLL_INTERVAL_MS;
    expect(row(FEEDBACK_STALE_AFTER_ENV)).toContain(`${STALE_AFTER_POLLS} poll intervals: ${staleMs} (${staleMs / 60_000} minutes)`);
  });

  it('shows a document with every field the channel publishes', async () => {
    const { controller } = rig();
    channel = await startAdaptationChannel({ state: () => controller.snapshot() });
    const published = channel.document();
    const example = JSON.parse(/```json\n([\s\S]*?)```/.exec(section)![1]!) as AdaptationsDocument;
    expect(Object.keys(example).sort()).toEqual(Object.keys(published).sort());
    const [agentType, adaptation] = Object.entries(example.agentTypes)[0]!;
    expect(Object.keys(published.agentTypes)).toContain(agentType);
    for (const key of Object.keys(published.agentTypes[agentType]!)) expect(adaptation, key).toHaveProperty(key);
  });
});
