import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childCli, cli } from '../support/cli';
import type { Report } from '../../cli/report/model';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';

/**
 * `aqe telemetry report daily|weekly` against a real local stack (simulated fleet, real
 * Prometheus), a webhook receiver on loopback, and unreachable backends. The HTML in a real
 * browser is report-chromium.test.ts.
 */

const UNREACHABLE = 'http://127.0.0.1:9';
const ANSI = /\u001b\[/;

interface Received {
  readonly path: string;
  readonly contentType: string;
  readonly body: any;
}

let stack: LocalStack;
let hook: Server;
let hookUrl: string;
const received: Received[] = [];
let dir: string;
let smtp: SMTPServer;
let smtpHost: string;
const mails: { from: string; to: string[]; user: string; raw: string }[] = [];
const SMTP_LOGIN = { user: 'aqe-alerts@example.com', password: 's3cret' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aqe-report-'));
  hook = createServer((request, response) => {
    let body = '';
    request.on('data', (c) => (body += c));
    request.on('end', () => {
      received.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: JSON.parse(body) });
      response.statusCode = request.url === '/broken' ? 500 : 200;
      response.end(request.url === '/broken' ? 'receiver exploded' : 'ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const address = hook.address();
  hookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // A real SMTP server on loopback, with a login and without TLS (so the test says SMTP_REQUIRE_TLS=false).
  smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.username === SMTP_LOGIN.user && auth.password === SMTP_LOGIN.password ? callback(null, { user: auth.username }) : callback(new Error('Invalid username or password')),
    onData: (stream, session, callback) => {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), user: String(session.user), raw });
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const smtpAddress = smtp.server.address();
  smtpHost = `127.0.0.1:${typeof smtpAddress === 'object' && smtpAddress ? smtpAddress.port : 0}`;
  stack = await startLocalStack({ scenario: 'normal', seed: 11 });
  // increase() needs two samples of each counter the reports read, before the whole second the CLI takes as "now".
  const deadline = Date.now() + 45_000;
  for (;;) {
    const ready = 'sum(increase(aqe_quality_tests_run_total[1d])) > 1 and sum(increase(aqe_cost_usd_total[1d])) > 0 and sum(increase(aqe_agent_spawn_total[1d])) > 1';
    const answer = await stack.prometheus.query(ready, Math.floor(Date.now() / 1000) - 1);
    if (answer.status === 'success' && answer.data.result.length > 0) break;
    if (Date.now() > deadline) throw new Error('the fleet never reached Prometheus');
    await new Promise((r) => setTimeout(r, 500));
  }
}, 90_000);

afterAll(async () => {
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);


/** The real entry point as a child process, with the backends' variables cleared. */
const child = (args: readonly string[]) => childCli(args, { AQE_PROMETHEUS_URL: '', AQE_REPORT_WEBHOOK_URL: '' });

const figure = (report: Report, label: string) => report.figures.find((f) => f.label === label)!.value;

describe('report: usage', () => {
  it('--help says the reports, the flags and the webhook payload', async () => {
    const run = await cli(['report', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: aqe telemetry report');
    expect(run.stdout).toContain('--webhook <url>');
    expect(run.stdout).toContain('"markdown", "html"');
    expect(run.stdout).toContain('AQE_REPORT_WEBHOOK_URL');
  });

  it.each([
    ['no report name', ['report'], 'error: report needs one of daily|weekly\n'],
    ['an unknown report', ['report', 'monthly'], 'error: unknown report "monthly": expected daily or weekly\n'],
    ['two report names', ['report', 'daily', 'weekly'], 'error: report takes at most 1 argument (daily|weekly), got also weekly; usage: aqe telemetry report daily|weekly [options]\n'],
    ['a time that is not RFC 3339', ['report', 'daily', '--at', 'yesterday'], 'error: --at must be an RFC 3339 time such as 2026-11-23T08:00:00Z, got yesterday\n'],
    ['a webhook that is not a URL', ['report', 'daily', '--webhook', 'hooks.example.com'], 'error: --webhook: not an http(s) URL\n'],
  ])('%s is a usage error, exit 2', async (_sentence, args, message) => {
    const run = await cli([...args, '--prometheus', UNREACHABLE]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message);
  });
});

describe('report against the local stack', () => {
  it('daily: Markdown on stdout by default, no colour off a terminal', async () => {
    const run = await cli(['report', 'daily', '--prometheus', stack.prometheus.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^# AQE daily quality summary\n/);
    for (const section of ['## Tests run', '## Coverage by project', '## Flaky tests', '## Quality gates', '## Security findings', '## Agent runs: top failing agent types']) expect(run.stdout).toContain(section);
    expect(run.stdout).toMatch(/^- \*\*Tests run:\*\* [\d,]+$/m);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('daily --json: the figures come from the fleet', async () => {
    const run = await cli(['report', 'daily', '--json', '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.kind).toBe('daily');
    expect(report.end - report.start).toBe(86_400);
    expect(figure(report, 'Tests run')).toBeGreaterThan(0);
    expect(figure(report, 'Test pass rate')).toBeGreaterThan(50);
    expect(figure(report, 'Agent runs')).toBeGreaterThan(0);
    const agents = report.sections.find((s) => s.title.startsWith('Agent runs'))!;
    expect(agents.table!.rows.length).toBeGreaterThan(0);
    for (const row of agents.table!.rows) expect(String(row[0])).toMatch(/^qe-/);
  });

  it('weekly --json: spend, tokens and hours saved per dollar', async () => {
    const run = await cli(['report', 'weekly', '--json', '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.end - report.start).toBe(7 * 86_400);
    expect(figure(report, 'Model spend')).toBeGreaterThan(0);
    expect(figure(report, 'Input tokens')).toBeGreaterThan(0);
    expect(figure(report, 'Hours saved per dollar')).toBeGreaterThan(0);
    // No week before on a stack that is minutes old: no change rather than +Infinity.
    expect(report.figures[0]!.change).toBeNull();
    const byModel = report.sections.find((s) => s.title === 'Spend by model')!;
    expect(byModel.table!.rows.length).toBeGreaterThan(0);
  });

  it('--at pins the window end', async () => {
    const at = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    const run = await cli(['report', 'daily', '--json', '--at', at, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).end).toBe(Date.parse(at) / 1000);
  });

  it('--out <dir> writes the .md and .html; --webhook posts title, markdown and html', async () => {
    const out = join(dir, 'reports') + '/';
    received.length = 0;
    const run = await cli(['report', 'weekly', '--out', out, '--webhook', `${hookUrl}/leadership`, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const files = readdirSync(out).sort();
    expect(files).toEqual([expect.stringMatching(/^weekly-\d{4}-\d{2}-\d{2}\.html$/), expect.stringMatching(/^weekly-\d{4}-\d{2}-\d{2}\.md$/)]);
    expect(run.stderr).toContain(`wrote ${join(out, files[1]!)}\n`);
    expect(run.stderr).toContain(`posted the weekly report to ${hookUrl}/… (200)\n`);
    const html = readFileSync(join(out, files[0]!), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');

    expect(received).toHaveLength(1);
    const { path, contentType, body } = received[0]!;
    expect(path).toBe('/leadership');
    expect(contentType).toBe('application/json');
    expect(Object.keys(body).sort()).toEqual(['end', 'html', 'markdown', 'report', 'start', 'text', 'title']);
    expect(body).toMatchObject({ title: 'AQE weekly cost report', report: 'weekly' });
    expect(body.markdown).toBe(readFileSync(join(out, files[1]!), 'utf8'));
    expect(body.text).toBe(body.markdown);
    expect(body.html).toBe(html);
  });

  it('--out <file.md> and the webhook from AQE_REPORT_WEBHOOK_URL', async () => {
    received.length = 0;
    const run = await cli(['report', 'daily', '--out', join(dir, 'today.md'), '--prometheus', stack.prometheus.url], { AQE_REPORT_WEBHOOK_URL: `${hookUrl}/qa` });
    expect(run.code).toBe(0);
    expect(existsSync(join(dir, 'today.md')) && existsSync(join(dir, 'today.html'))).toBe(true);
    expect(received.map((r) => r.path)).toEqual(['/qa']);
  });

  it('a webhook answering 500: exit 1, the URL shown without its path (often a secret)', async () => {
    const run = await cli(['report', 'daily', '--webhook', `${hookUrl}/broken`, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: the webhook at ${hookUrl}/… answered 500: receiver exploded\n`);
  });

  it('a webhook that is unreachable: exit 3 and one line', async () => {
    const run = await cli(['report', 'daily', '--webhook', `${UNREACHABLE}/hooks/T000/secret`, '--prometheus', stack.prometheus.url]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Webhook at ${UNREACHABLE}/… is unreachable (connect ECONNREFUSED)\n`);
  });
});

describe('report by e-mail (a real SMTP server on loopback)', () => {
  const account = (host: string, password = SMTP_LOGIN.password) => ({ SMTP_SMARTHOST: host, SMTP_FROM: 'aqe-alerts@example.com', SMTP_USERNAME: SMTP_LOGIN.user, SMTP_PASSWORD: password, SMTP_REQUIRE_TLS: 'false' });

  it('--email sends the HTML with the Markdown as plain text, logged in, to every recipient', async () => {
    mails.length = 0;
    const run = await cli(['report', 'daily', '--email', 'qa-team@example.com, lead@example.com', '--at', new Date().toISOString(), '--prometheus', stack.prometheus.url], account(smtpHost));
    expect(run.stderr).toMatch(new RegExp(`^mailed the daily report to qa-team@example.com, lead@example.com through ${smtpHost} \\(250 .*\\)\\n$`));
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail).toMatchObject({ from: 'aqe-alerts@example.com', to: ['qa-team@example.com', 'lead@example.com'], user: SMTP_LOGIN.user });
    expect(mail.raw).toMatch(/^Subject: AQE daily quality summary, \d{4}-\d{2}-\d{2}\r?$/m);
    expect(mail.raw).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(mail.raw).toMatch(/^Content-Type: text\/plain; charset=utf-8\r?$/m);
    expect(mail.raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r?$/m);
    // Quoted-printable or base64, the page is in there: undo the soft line breaks and look.
    const decoded = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(decoded).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="chart"');
  });

  it('a server without STARTTLS is refused unless SMTP_REQUIRE_TLS=false: exit 1', async () => {
    const run = await cli(['report', 'daily', '--email', 'qa-team@example.com', '--prometheus', stack.prometheus.url], { ...account(smtpHost), SMTP_REQUIRE_TLS: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^error: the SMTP server at ${smtpHost} refused the report: .*STARTTLS.*\\n$`, 'i'));
  });

  it('a wrong password: exit 1; an SMTP server that is unreachable: exit 3, one line', async () => {
    const wrong = await cli(['report', 'daily', '--email', 'qa-team@example.com', '--prometheus', stack.prometheus.url], account(smtpHost, 'wrong'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(new RegExp(`^error: the SMTP server at ${smtpHost} refused the report: Invalid login: 535 .*\\n$`));
    const down = await cli(['report', 'daily', '--email', 'qa-team@example.com', '--prometheus', stack.prometheus.url], account('127.0.0.1:9'));
    expect(down.code).toBe(3);
    expect(down.stderr).toBe('error: SMTP server at 127.0.0.1:9 is unreachable (connect ECONNREFUSED)\n');
  });
});

describe('report with Prometheus unreachable', () => {
  it('exits 3 with one line and writes nothing (child process)', async () => {
    const out = join(dir, 'never');
    const run = await child(['report', 'weekly', '--prometheus', UNREACHABLE, '--out', out]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Prometheus at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
    expect(run.stdout).toBe('');
    expect(existsSync(`${out}.md`)).toBe(false);
  });
});
