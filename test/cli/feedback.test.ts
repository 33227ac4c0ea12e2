import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun as Run } from '../support/cli';
import { startAdaptationChannel } from '../../feedback/channel';
import { readStateFile } from '../../feedback/state-file';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';

/**
 * `aqe telemetry feedback status` against a real local stack whose fleet runs the feedback
 * loop 'on' through an error storm: the state file the running loop wrote, and the counts
 * of the real Prometheus that scraped the fleet.
 */

const UNREACHABLE = 'http://127.0.0.1:9';
const ANSI = /\u001b\[/;
const GEN = 'qe-test-generator';



let stack: LocalStack;
let dir: string;
/** `feedback status --json` taken as soon as the loop had tripped the breaker (its cooldown still running). */
let first: Run;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aqe-feedback-cli-'));
  stack = await startLocalStack({ scenario: 'error-storm', seed: 7, feedback: 'on', feedbackLogToStdout: false });
  const deadline = Date.now() + 40_000;
  for (;;) {
    try {
      if (readStateFile(stack.feedbackStateFile).history.some((h) => h.action === 'trip_circuit_breaker' && h.subject === GEN)) break;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error('the loop never tripped the breaker');
    await new Promise((r) => setTimeout(r, 100));
  }
  first = await cli(['feedback', 'status', '--json', '--state', stack.feedbackStateFile, '--prometheus', stack.prometheus.url]);
  // Then until Prometheus has scraped the counter's increment.
  for (;;) {
    const answer = await stack.prometheus.query('sum(aqe_feedback_adaptations_total{action="trip_circuit_breaker",mode="applied"})');
    if (answer.status === 'success' && Number(answer.data.result[0]?.value[1] ?? 0) > 0) break;
    if (Date.now() > deadline) throw new Error('the adaptation never reached Prometheus');
    await new Promise((r) => setTimeout(r, 250));
  }
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('feedback status', () => {
  it('json: the trip with its trigger (observed against threshold), mode, the running cooldown and the adaptation in force', () => {
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ mode: 'on', timeScale: 60, stateFile: stack.feedbackStateFile });
    const trip = report.recent.find((h: any) => h.action === 'trip_circuit_breaker' && h.subject === GEN);
    expect(trip).toMatchObject({ behaviour: 'errors', agentType: GEN, mode: 'applied', threshold: 0.05, trigger: 'failure ratio > 5.0%' });
    expect(trip.observed).toBeGreaterThan(0.05);
    const cooldown = report.cooldowns.find((c: any) => c.behaviour === 'errors' && c.subject === GEN);
    // 5 minutes at x60: at most 5 s left.
    expect(cooldown.remainingMs).toBeGreaterThan(0);
    expect(cooldown.remainingMs).toBeLessThanOrEqual(5000);
    const inForce = report.adaptations.find((a: any) => a.agentType === GEN);
    expect(inForce.maxRetries).toBe(2);
    expect(['open', 'half-open']).toContain(inForce.circuit);
  });

  it('text: mode, recent adaptations and the counts Prometheus holds, no colour off a terminal', async () => {
    const run = await cli(['feedback', 'status', '--prometheus', stack.prometheus.url, '--window', '10m'], { AQE_FEEDBACK_STATE_FILE: stack.feedbackStateFile });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Feedback loop: on, time x60; state of \S+ \(\S+ ago\) from /);
    expect(run.stdout).toMatch(new RegExp(`^\\s+\\S+\\s+errors\\s+${GEN}\\s+trip_circuit_breaker\\s+applied\\s+failure ratio > 5\\.0%\\s+0\\.\\d+\\s+0\\.05\\s+circuit open; retries 1 -> 2`, 'm'));
    expect(run.stdout).toContain('sum by (agent_type, behaviour, action, mode) (increase(aqe_feedback_adaptations_total[10m])) > 0');
    expect(run.stdout).toMatch(new RegExp(`^\\s+${GEN}\\s+errors\\s+trip_circuit_breaker\\s+applied\\s+\\d`, 'm'));
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('a missing state file: exit 1 and one line saying where it looked', async () => {
    const missing = join(dir, 'nope.json');
    const run = await cli(['feedback', 'status', '--state', missing, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: no feedback state file at ${missing} (is the feedback loop running? --state or AQE_FEEDBACK_STATE_FILE point elsewhere)\n`);
    expect(run.stdout).toBe('');
  });

  it('a file that is not a state file: exit 1', async () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"hello": 1}');
    const run = await cli(['feedback', 'status', '--state', file, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('is not a feedback state file');
  });

  it('Prometheus unreachable: exit 3 and a one-line error', async () => {
    const run = await cli(['feedback', 'status', '--state', stack.feedbackStateFile, '--prometheus', UNREACHABLE]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^error: Prometheus at http:\/\/127\.0\.0\.1:9 is unreachable \(.+\)\n$/);
  });

  it('usage: --help exits 0; no "status", or a bad --window, exit 2', async () => {
    const help = await cli(['feedback', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('aqe telemetry feedback status [--state <file> | --controller <url>] [--window <duration>]');
    expect(help.stdout).toContain('aqe telemetry feedback serve [--mode dry-run|on]');
    expect((await cli(['feedback'])).code).toBe(2);
    expect((await cli(['feedback', 'stats'])).code).toBe(2);
    const window = await cli(['feedback', 'status', '--window', 'soon', '--state', stack.feedbackStateFile]);
    expect(window.code).toBe(2);
    expect(window.stderr).toBe('error: --window must be a Prometheus duration such as 15m or 1h, got soon\n');
    const both = await cli(['feedback', 'status', '--state', stack.feedbackStateFile, '--controller', UNREACHABLE]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('not both');
    expect((await cli(['feedback', 'serve', '--mode', 'of'])).stderr).toBe('error: --mode must be one of dry-run, on, got of (did you mean on?)\n');
  });
});

describe('feedback status --controller: the state a running controller serves', () => {
  it('reports what the state file reports: the same mode, adaptations and decisions', async () => {
    const channel = await startAdaptationChannel({ state: () => stack.fleet.controller!.snapshot() });
    try {
      // The breaker moves between steps (open, half-open after its open time, open again on a
      // failed probe), and the file is written at steps only: compare what steps decide. A
      // step between the two reads changes that too: then read both again (a step takes a poll).
      const decided = (r: any) => r.adaptations.map((a: any) => ({ agentType: a.agentType, concurrencyLimit: a.concurrencyLimit, maxRetries: a.maxRetries, circuitArmed: a.circuitArmed }));
      let fromFile: any;
      let fromController: any;
      for (let attempt = 0; attempt < 3; attempt++) {
        fromFile = JSON.parse((await cli(['feedback', 'status', '--json', '--state', stack.feedbackStateFile, '--prometheus', stack.prometheus.url])).stdout);
        const run = await cli(['feedback', 'status', '--json', '--controller', channel.url, '--prometheus', stack.prometheus.url]);
        expect(run.code, run.stderr).toBe(0);
        fromController = JSON.parse(run.stdout);
        if (JSON.stringify(decided(fromController)) === JSON.stringify(decided(fromFile))) break;
      }
      expect(fromController.controller).toBe(channel.url);
      expect(fromController.stateFile).toBeUndefined();
      expect(fromController.mode).toBe(fromFile.mode);
      expect(decided(fromController)).toEqual(decided(fromFile));
      // The file is written after each step; the controller may have decided once more since.
      const decisions = (r: any) => r.recent.map((h: any) => `${h.at} ${h.behaviour} ${h.subject} ${h.action}`);
      expect(decisions(fromController)).toEqual(expect.arrayContaining(decisions(fromFile).slice(0, 5)));
      const text = await cli(['feedback', 'status', '--controller', channel.url, '--prometheus', stack.prometheus.url]);
      expect(text.stdout).toContain(`from ${channel.url}\n`);
    } finally {
      await channel.close();
    }
  });

  it('unreachable: exit 3 naming the controller; another service at the address: exit 1 saying what answered', async () => {
    const down = await cli(['feedback', 'status', '--controller', UNREACHABLE, '--prometheus', stack.prometheus.url]);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/^error: The feedback controller at http:\/\/127\.0\.0\.1:9 is unreachable \(.+\)\n$/);
    const wrong = await cli(['feedback', 'status', '--controller', stack.prometheus.url, '--prometheus', stack.prometheus.url]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`The feedback controller at ${stack.prometheus.url}: /v1/state answered`);
    const bad = await cli(['feedback', 'status', '--controller', 'prometheus:9090']);
    expect(bad.code).toBe(2);
  });
});
