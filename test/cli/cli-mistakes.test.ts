import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/main';
import { childCli, cli, type CliRun } from '../support/cli';

/**
 * The mistakes users make with `aqe telemetry`, each answered by one line that names the place,
 * the problem and the fix, with the documented exit code (2 usage, 1 a backend answered but not
 * as expected), and never a stack trace, an `Error:` prefix or a bare errno code. The CLI runs as
 * its own process (cli/main.ts, what the package's bin loads), against a real HTTP server that
 * answers every path with a web page, as a proxy or a service on the wrong port does. The sweeps
 * take their commands and flags from the CLI's own table, so a new command is held to the same;
 * they run in-process, each checked once against the child process.
 */

const PAGE = `<!doctype html>\n<html><head><title>Sign in</title></head><body>${'<p>welcome</p>'.repeat(80)}</body></html>\n`;
/** What `docs/user-guide.md` documents. */
const EXIT = { failed: 1, usage: 2 };

let html: { server: Server; url: string };
let dir: string;

beforeAll(async () => {
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(PAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  html = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  dir = mkdtempSync(join(tmpdir(), 'aqe-cli-mistakes-'));
});

afterAll(async () => {
  await new Promise<void>((r) => (html ? html.server.close(() => r()) : r()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI as a child process, with no backend variables from the environment that runs the tests. */
const aqe = (args: readonly string[]): Promise<CliRun> => childCli(args, { AQE_PROMETHEUS_URL: '', AQE_ALERTMANAGER_URL: '', AQE_JAEGER_URL: '', AQE_TRACE_FILE: '', AQE_DEBUG: '', NO_COLOR: '1' });

/**
 * A sweep over the CLI's own table: in-process through main() (the same code, without a process
 * start per case), and its first case also as a child process, which must say the same.
 */
async function all<T>(items: readonly T[], args: (item: T) => readonly string[]): Promise<{ item: T; run: CliRun }[]> {
  const results: { item: T; run: CliRun }[] = [];
  for (const item of items) results.push({ item, run: await cli(args(item)) });
  const [first] = results;
  if (first) {
    const child = await aqe(args(first.item));
    expect({ code: child.code, stderr: child.stderr }).toEqual({ code: first.run.code, stderr: first.run.stderr });
  }
  return results;
}

/** One `error:` line of our own: no stack frame, no `Error:` of a thrown object, no bare errno code. */
function expectOneCleanError(run: CliRun): void {
  const errors = run.stderr.split('\n').filter((l) => l.startsWith('error: '));
  expect(errors.length, run.stderr).toBeGreaterThanOrEqual(1);
  expect(run.stderr).not.toMatch(/^\s+at .+\(.*:\d+:\d+\)$/m);
  expect(run.stderr).not.toMatch(/\b(Type|Range|Syntax)?Error:/);
  expect(run.stderr).not.toMatch(/\b(ENOENT|EACCES|EISDIR|ENOTDIR|ERR_[A-Z_]+)\b/);
  expect(run.stderr).not.toContain('ambiguous');
}

describe('a server that answers a web page with 200 is not the backend', () => {
  it('status: Prometheus, Alertmanager and Jaeger are NOT_READY (exit 1), each line naming the URL, what came back and where the URL is set', async () => {
    const run = await aqe(['status', '--prometheus', html.url, '--alertmanager', html.url, '--jaeger', html.url, '--collector', html.url]);
    expect(run.code).toBe(EXIT.failed);
    expect(run.stdout).not.toMatch(/\bREADY\b(?!_)/);
    for (const [title, flag] of [['Prometheus', '--prometheus'], ['Alertmanager', '--alertmanager'], ['Jaeger', '--jaeger']]) {
      expect(run.stdout).toMatch(new RegExp(`^${title}\\s+NOT_READY\\s`, 'm'));
      const line = run.stderr.split('\n').find((l) => l.startsWith(`error: ${title} at ${html.url} is not ready`));
      expect(line, run.stderr).toBeDefined();
      expect(line).toMatch(/answered 200 with text\/html, 1\.\d kB, starts with <!doctype html>/);
      expect(line).toContain(`check the URL and port (${flag} or `);
    }
    // The collector is reported, not required: a web page on its port is not one.
    expect(run.stdout).toMatch(new RegExp(`^Collector\\s+DISCONNECTED\\s+${html.url} \\(flag\\)  /v1/traces answered 200 with text/html, .*check the URL and port \\(--collector or OTEL_EXPORTER_OTLP_ENDPOINT`, 'm'));
    expectOneCleanError(run);
  });

  it('status: a collector port that takes connections but answers no HTTP stays CONNECTED (the TCP check agents need)', async () => {
    // Reads the probe (or its socket would never close) and answers nothing.
    const listener = createTcpServer((socket) => socket.resume().end());
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    try {
      const run = await cli(['status', '--prometheus', html.url, '--alertmanager', html.url, '--collector', `http://127.0.0.1:${(listener.address() as AddressInfo).port}`]);
      expect(run.stdout).toMatch(/^Collector\s+CONNECTED\s/m);
    } finally {
      await new Promise<void>((r) => listener.close(() => r()));
    }
  });

  it('JSON without the fields the API has (another service\'s API on that port): status NOT_READY, a query exit 1, naming what is missing', async () => {
    const other = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end('{"message":"hello from another service"}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const status = await cli(['status', '--prometheus', url, '--alertmanager', url, '--collector', 'http://127.0.0.1:9']);
      expect(status.code).toBe(EXIT.failed);
      expect(status.stderr).toContain(`error: Prometheus at ${url} is not ready: /api/v1/status/buildinfo answered 200 with application/json, 40 B, starts with {"message"`);
      expect(status.stderr).toContain("not Prometheus' build information (JSON with data.version)");
      expect(status.stderr).toContain("not Alertmanager's status (JSON with versionInfo and cluster)");
      const metrics = await cli(['metrics', 'aqe_agent_spawn_total', '--prometheus', url]);
      expect(metrics.code).toBe(EXIT.failed);
      expect(metrics.stderr).toMatch(/^error: Prometheus at .*: \/api\/v1\/query answered 200 with application\/json, 40 B, .*, not Prometheus' query API JSON; .*check the URL and port/);
    } finally {
      await new Promise<void>((r) => other.close(() => r()));
    }
  });

  // Every command that asks a backend, with that backend at the web page: a new command needs a row (null: it asks none).
  const stateFile = () => join(dir, 'state.json');
  const BACKEND_CALLS: Readonly<Record<string, (() => { args: string[]; backend: string; flag: string }) | null>> = {
    status: null, // above
    config: null,
    metrics: () => ({ args: ['metrics', 'aqe_agent_spawn_total', '--prometheus', html.url], backend: 'Prometheus', flag: '--prometheus' }),
    export: () => ({ args: ['export', 'csv', '--prometheus', html.url], backend: 'Prometheus', flag: '--prometheus' }),
    'test-alert': () => ({ args: ['test-alert', '--level', 'info', '--alertmanager', html.url], backend: 'Alertmanager', flag: '--alertmanager' }),
    trace: () => ({ args: ['trace', '--jaeger', html.url], backend: 'Jaeger', flag: '--jaeger' }),
    report: () => ({ args: ['report', 'daily', '--prometheus', html.url], backend: 'Prometheus', flag: '--prometheus' }),
    feedback: () => ({ args: ['feedback', 'status', '--state', stateFile(), '--prometheus', html.url], backend: 'Prometheus', flag: '--prometheus' }),
  };

  it('every other command that asks a backend: exit 1, naming the URL, the path, what came back and the fix', async () => {
    expect(Object.keys(BACKEND_CALLS).sort()).toEqual(COMMANDS.map((c) => c.name).sort());
    writeFileSync(stateFile(), JSON.stringify({ version: 1, mode: 'on', history: [], cooldowns: [] }));
    const calls = Object.values(BACKEND_CALLS).flatMap((make) => (make ? [make()] : []));
    for (const { item, run } of await all(calls, (c) => c.args)) {
      expect(run.code, `${item.args.join(' ')}\n${run.stderr}`).toBe(EXIT.failed);
      expect(run.stderr).toMatch(new RegExp(`^error: ${item.backend} at ${html.url}: /\\S+ answered 200 with text/html, 1\\.\\d kB, starts with <!doctype html>, not .+; is ${item.backend} really listening at ${html.url}\\? check the URL and port \\(${item.flag} or `));
      expectOneCleanError(run);
    }
  });
});

describe('a path that cannot be used names the path, the problem and the fix (exit 2, before any query)', () => {
  const underFile = () => join(dir, 'state.json', 'r.md');
  it.each([
    ['export --out in a missing directory', () => ['export', 'csv', '--out', '/missing/dir/x.csv'], () => ['--out /missing/dir/x.csv', 'the directory /missing/dir does not exist', 'mkdir -p /missing/dir']],
    ['export --out naming a directory', () => ['export', '--out', dir], () => [`--out ${dir}`, 'is a directory, not a file', 'give --out a file name']],
    ['report --out under a file', () => ['report', 'daily', '--dry-run', '--out', underFile()], () => [`--out ${underFile()}`, 'is a file, not a directory', 'give --out a path under a directory']],
    ['trace --trace-file naming a directory', () => ['trace', '--trace-file', dir], () => [`--trace-file ${dir}`, 'is a directory, not a file', 'give --trace-file a file name']],
    ['feedback --state naming a directory', () => ['feedback', 'status', '--state', dir], () => [`--state ${dir}`, 'is a directory, not a file', 'give --state a file name']],
  ])('%s', async (_sentence, args, parts) => {
    writeFileSync(join(dir, 'state.json'), '{}');
    const run = await aqe([...args(), '--prometheus', html.url]);
    expect(run.code, run.stderr).toBe(EXIT.usage);
    for (const part of parts()) expect(run.stderr).toContain(part);
    expectOneCleanError(run);
  });
});

describe('flag values are checked, from every command\'s own declarations', () => {
  const declared = COMMANDS.flatMap((command) => Object.entries(command.flags).map(([flag, spec]) => ({ command, flag, spec })));

  it('every string flag of every command declares what it takes', () => {
    for (const command of COMMANDS) {
      const strings = Object.entries(command.options).filter(([, o]) => o.type === 'string').map(([name]) => name);
      expect(Object.keys(command.flags).sort(), command.name).toEqual(strings.sort());
    }
    expect(declared.filter((d) => d.spec.kind === 'number').length).toBeGreaterThan(0);
  });

  it('a negative, zero or non-numeric number: exit 2, "--flag must be a positive ..., got <value>"', async () => {
    const cases = declared.filter((d) => d.spec.kind === 'number').flatMap((d) => ['-5', '0', 'many'].map((value) => ({ ...d, value })));
    for (const { item, run } of await all(cases, (c) => [c.command.name, `--${c.flag}`, c.value])) {
      expect(run.code, run.stderr).toBe(EXIT.usage);
      expect(run.stderr).toBe(`error: --${item.flag} must be ${item.spec.expects}, got ${item.value}\n`);
      expect(item.spec.expects).toMatch(/^a positive /);
      expectOneCleanError(run);
    }
  });

  it('a misspelt choice: exit 2, naming the choices and the nearest one', async () => {
    const cases = declared.filter((d) => d.spec.kind === 'choice');
    expect(cases.length).toBeGreaterThan(0);
    for (const { item, run } of await all(cases, (c) => [c.command.name, `--${c.flag}`, c.spec.choices![0]!.slice(0, -1)])) {
      expect(run.code, run.stderr).toBe(EXIT.usage);
      expect(run.stderr).toBe(`error: --${item.flag} must be ${item.spec.expects}, got ${item.spec.choices![0]!.slice(0, -1)} (did you mean ${item.spec.choices![0]}?)\n`);
    }
  });

  it('a negative or zero duration, a time that is not one: exit 2, saying what it takes', async () => {
    const cases = declared.filter((d) => d.spec.kind === 'duration' || d.spec.kind === 'time').flatMap((d) => ['-5m', '0m'].map((value) => ({ ...d, value })));
    expect(cases.length).toBeGreaterThan(0);
    for (const { item, run } of await all(cases, (c) => [c.command.name, `--${c.flag}`, c.value])) {
      expect(run.code, run.stderr).toBe(EXIT.usage);
      expect(run.stderr).toBe(`error: --${item.flag} must be ${item.spec.expects}, got ${item.value}\n`);
      expectOneCleanError(run);
    }
  });

  it('a flag with no value after it, or with another flag where its value should be: exit 2', async () => {
    const [first] = declared;
    const missing = await aqe([first!.command.name, `--${first!.flag}`]);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toBe(`error: --${first!.flag} needs a value (${first!.spec.expects}), got nothing after it (aqe telemetry ${first!.command.name} --help)\n`);
    const flag = await aqe([first!.command.name, `--${first!.flag}`, '--json']);
    expect(flag.code).toBe(EXIT.usage);
    expect(flag.stderr).toContain(`got the flag --json; write --${first!.flag}=--json if that is the value`);
  });
});

describe('the command line itself', () => {
  it('an extra positional argument, for every command: exit 2, naming it and the command\'s usage', async () => {
    const runs = await all(COMMANDS, (c) => [c.name, ...c.arguments.map(() => 'x'), 'surplus', '--prometheus', html.url]);
    for (const { item: command, run } of runs) {
      expect(run.code, `${command.name}: ${run.stderr}`).toBe(EXIT.usage);
      expect(run.stderr).toMatch(new RegExp(`^error: ${command.name} takes (no arguments|at most \\d+ arguments? \\(.+\\)), got also surplus; usage: aqe telemetry ${command.name} `));
      expect(run.stdout).toBe('');
      expectOneCleanError(run);
    }
  });

  it('a misspelt command, for every command: exit 2, "did you mean" it, and the list', async () => {
    const runs = await all(COMMANDS, (c) => [c.name.slice(0, -1)]);
    for (const { item: command, run } of runs) {
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toContain(`error: unknown command "${command.name.slice(0, -1)}" (did you mean ${command.name}?)`);
      expect(run.stderr).toContain('aqe telemetry --help lists them');
      expectOneCleanError(run);
    }
  });

  it('a misspelt flag, for every command (its own first flag, else --json): exit 2, "did you mean" it', async () => {
    const flagOf = (c: (typeof COMMANDS)[number]) => `--${Object.keys(c.options)[0] ?? 'json'}`;
    const runs = await all(COMMANDS, (c) => [c.name, flagOf(c).slice(0, -1)]);
    for (const { item: command, run } of runs) {
      expect(run.code).toBe(EXIT.usage);
      expect(run.stderr).toBe(`error: unknown flag ${flagOf(command).slice(0, -1)} for ${command.name} (did you mean ${flagOf(command)}?); aqe telemetry ${command.name} --help lists its flags\n`);
    }
  });
});
