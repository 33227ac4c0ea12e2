import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_POLL_INTERVAL_MS,
  FEEDBACK_POLL_INTERVAL_ENV,
  FEEDBACK_STALE_AFTER_ENV,
  FEEDBACK_URL_ENV,
  followAdaptations,
  STALE_AFTER_POLLS,
  type AdaptationFollower,
  type AdaptationsDocument,
} from '../../runtime/adaptation-client';

const GEN = 'qe-test-generator';
const doc = (generation: number, limit: number): AdaptationsDocument => ({
  version: 1,
  generation,
  publishedAt: 1,
  mode: 'on',
  agentTypes: { [GEN]: { concurrencyLimit: limit, retryPolicy: { maxRetries: 1, backoffMs: 2000 }, circuit: 'closed', circuitArmed: false, extraAgents: 0 } },
  throttles: {},
  quarantinedProjects: [],
});

/** A stand-in channel whose answer the test sets; counts requests and the If-None-Match it got. */
async function fakeChannel() {
  const seen: (string | undefined)[] = [];
  let answer: { status: number; body?: unknown } = { status: 200, body: doc(1, 4) };
  const server: Server = createServer((request, response) => {
    seen.push(request.headers['if-none-match']);
    const body = answer.body as AdaptationsDocument | undefined;
    if (answer.status === 200 && body && request.headers['if-none-match'] === `"${body.generation}"`) return void response.writeHead(304).end();
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    set: (a: typeof answer) => void (answer = a),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

const warnings: string[] = [];
diag.setLogger({ error: () => {}, warn: (m) => void warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} }, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });

let follower: AdaptationFollower | undefined;
afterEach(() => {
  follower?.close();
  follower = undefined;
  warnings.length = 0;
});

describe('adaptation client', () => {
  it('obeys the last document, asks with its generation (304 keeps it), and falls back to defaults once staleAfterMs passes without an answer', async () => {
    const channel = await fakeChannel();
    const clock = { now: 0 };
    // A poll interval long enough that only the polls this test triggers happen.
    follower = followAdaptations({ url: channel.url, pollIntervalMs: 60_000, staleAfterMs: 1_000, now: () => clock.now, env: {} });
    await follower.ready;
    expect(follower.current(GEN)?.concurrencyLimit).toBe(4);
    expect(follower.current('qe-security-scanner')).toBeUndefined();
    clock.now = 1_000; // exactly staleAfterMs: still kept
    expect(follower.current(GEN)?.concurrencyLimit).toBe(4);
    clock.now = 1_001;
    expect(follower.current(GEN)).toBeUndefined();
    expect(warnings.filter((w) => w.includes('adaptation channel'))).toHaveLength(1);
    follower.current(GEN);
    expect(warnings.filter((w) => w.includes('adaptation channel'))).toHaveLength(1); // warned once, not per call
    await channel.close();
  });

  it('keeps the last good document when the channel answers an error or garbage', async () => {
    const channel = await fakeChannel();
    follower = followAdaptations({ url: channel.url, pollIntervalMs: 50, staleAfterMs: 60_000, env: {} });
    await follower.ready;
    expect(follower.current(GEN)?.concurrencyLimit).toBe(4);
    for (const answer of [{ status: 500 }, { status: 200, body: { hello: 'world' } }]) {
      channel.set(answer);
      const before = channel.seen.length;
      while (channel.seen.length < before + 2) await new Promise((r) => setTimeout(r, 50));
      expect(follower.current(GEN)?.concurrencyLimit).toBe(4);
    }
    await channel.close();
  });

  it('is disabled without a URL, and says so once for a URL it cannot parse, without throwing', async () => {
    follower = followAdaptations({ env: {} });
    await follower.ready;
    expect(follower.current(GEN)).toBeUndefined();
    follower.close();
    follower = followAdaptations({ env: { [FEEDBACK_URL_ENV]: 'not a url' } });
    expect(follower.current(GEN)).toBeUndefined();
    expect(warnings.filter((w) => w.includes(FEEDBACK_URL_ENV))).toHaveLength(1);
  });

  it('turns bad settings into the documented defaults with one warning each: poll interval, and staleAfter derived from it', () => {
    follower = followAdaptations({ env: { [FEEDBACK_POLL_INTERVAL_ENV]: 'soon', [FEEDBACK_STALE_AFTER_ENV]: '-5' } });
    expect(follower.pollIntervalMs).toBe(DEFAULT_POLL_INTERVAL_MS);
    expect(follower.staleAfterMs).toBe(STALE_AFTER_POLLS * DEFAULT_POLL_INTERVAL_MS);
    expect(warnings.filter((w) => w.includes(FEEDBACK_POLL_INTERVAL_ENV))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes(FEEDBACK_STALE_AFTER_ENV))).toHaveLength(1);
    follower.close();
    follower = followAdaptations({ env: { [FEEDBACK_POLL_INTERVAL_ENV]: '2000' } });
    expect(follower.staleAfterMs).toBe(STALE_AFTER_POLLS * 2000);
  });

  it('sends If-None-Match with the generation it holds, and a 304 counts as an answer', async () => {
    const channel = await fakeChannel();
    const clock = { now: 0 };
    follower = followAdaptations({ url: channel.url, pollIntervalMs: 50, staleAfterMs: 10_000, now: () => clock.now, env: {} });
    await follower.ready;
    // Wait for a few polls on the real timer: 304s answered with the held generation.
    while (channel.seen.length < 3) await new Promise((r) => setTimeout(r, 50));
    expect(channel.seen[0]).toBeUndefined();
    expect(channel.seen.slice(1)).toContain('"1"');
    channel.set({ status: 200, body: doc(2, 2) });
    const before = channel.seen.length;
    while (channel.seen.length < before + 2) await new Promise((r) => setTimeout(r, 50));
    expect(follower.current(GEN)?.concurrencyLimit).toBe(2);
    expect(follower.document()?.generation).toBe(2);
    await channel.close();
  });
});
