import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { FEEDBACK_POLL_INTERVAL_ENV, FEEDBACK_STALE_AFTER_ENV, FEEDBACK_URL_ENV, type PublishedAdaptation } from '../../runtime/adaptation-client';

/**
 * Agent processes that follow a feedback controller's channel the way agents on other machines
 * would: each on its own event loop and clock, configured only by the environment, printing
 * what it obeys for one agent type several times per poll interval.
 */
const ROOT = resolve(__dirname, '../..');

export interface FollowerLine {
  readonly at: number;
  readonly generation: number | null;
  readonly adaptation: PublishedAdaptation | null;
}

export interface Follower {
  readonly child: ChildProcess;
  readonly lines: readonly FollowerLine[];
  stderr(): string;
}

export interface FollowerOptions {
  /** The channel's address, as AQE_FEEDBACK_URL. */
  readonly url: string;
  readonly agentType: string;
  readonly pollMs: number;
  readonly staleAfterMs: number;
}

/** Lines per poll interval: fine enough to see a change within a fifth of a poll. */
const PRINTS_PER_POLL = 5;

export function printMs(pollMs: number): number {
  return pollMs / PRINTS_PER_POLL;
}

export function startFollower(options: FollowerOptions): Follower {
  const script = `
const { followAdaptations } = require('./runtime/adaptation-client');
const follower = followAdaptations();
setInterval(() => {
  const adaptation = follower.current(${JSON.stringify(options.agentType)}) ?? null;
  process.stdout.write(JSON.stringify({ at: Date.now(), generation: follower.document()?.generation ?? null, adaptation }) + '\\n');
}, ${printMs(options.pollMs)});
`;
  const lines: FollowerLine[] = [];
  let stderr = '';
  const child = spawn(process.execPath, ['-r', 'ts-node/register', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, [FEEDBACK_URL_ENV]: options.url, [FEEDBACK_POLL_INTERVAL_ENV]: String(options.pollMs), [FEEDBACK_STALE_AFTER_ENV]: String(options.staleAfterMs) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  child.stdout!.on('data', (chunk) => {
    const parts = (partial + String(chunk)).split('\n');
    partial = parts.pop()!;
    for (const part of parts) lines.push(JSON.parse(part) as FollowerLine);
  });
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return { child, lines, stderr: () => stderr };
}

/** Each follower's last line and stderr, for a timeout's message. */
export function explainFollowers(followers: readonly Follower[]): string {
  return followers.map((f, i) => `\nagent ${i}: last ${JSON.stringify(f.lines.at(-1))} stderr ${f.stderr().slice(-500)}`).join('');
}

/** Polls `condition` every `everyMs` until it holds; a timeout names what was awaited. */
export async function until(what: string, condition: () => boolean, timeoutMs: number, everyMs: number, explain: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${explain()}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
