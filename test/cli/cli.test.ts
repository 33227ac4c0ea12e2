import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../generators/model-types';
import { main } from '../../cli/main';
import { childCli, cli } from '../support/cli';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';

/**
 * `aqe telemetry` against a real local stack (one per file: fleet, Prometheus, Alertmanager),
 * mostly in-process through main() with captured output, and as a child process for the exit
 * code and the one-line error of an unreachable backend.
 */

const ROOT = resolve(__dirname, '../..');
const model = JSON.parse(readFileSync(join(ROOT, 'out/schema.json'), 'utf8')) as Model;
const UNREACHABLE = 'http://127.0.0.1:9';
const ANSI = /\u001b\[/;

let stack: LocalStack;
let collector: Server;
let collectorUrl: string;

beforeAll(async () => {
  stack = await startLocalStack({ scenario: 'normal', seed: 7 });
  // Reads what it is sent (status's OTLP probe) so that the socket closes and close() returns.
  collector = createServer((socket) => socket.resume().end());
  await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
  const address = collector.address();
  collectorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // Wait until Prometheus has scraped the fleet's first histograms.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await stack.prometheus.query('count(aqe_agent_duration_seconds_count) and count(aqe_agent_spawn_total)');
    if (answer.status === 'success' && answer.data.result.length > 0) break;
    if (Date.now() > deadline) throw new Error('the fleet never reached Prometheus');
    await new Promise((r) => setTimeout(r, 250));
  }
}, 60_000);

afterAll(async () => {
  await new Promise<void>((r) => (collector ? collector.close(() => r()) : r()));
  await stack?.stop();
}, 30_000);



/** Flags pointing at the local stack. */
function at(): string[] {
  return ['--prometheus', stack.prometheus.url, '--alertmanager', stack.alertmanager.url, '--collector', collectorUrl];
}

/** The real entry point as a child process, with the backends' variables cleared. */
const child = (args: readonly string[]) => childCli(args, { AQE_PROMETHEUS_URL: '', AQE_ALERTMANAGER_URL: '', AQE_JAEGER_URL: '' });

describe('usage', () => {
  it('--help per command, exit 0; unknown command, unknown flag and missing command exit 2', async () => {
    for (const name of ['status', 'metrics', 'export', 'config', 'test-alert', 'trace', 'report', 'feedback']) {
      const run = await cli([name, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: aqe telemetry ${name}`);
    }
    expect((await cli(['--help'])).stdout).toContain('Commands:');
    const unknown = await cli(['stauts']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown command "stauts"/);
    expect((await cli(['status', '--bogus'])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });

  it('accepts global flags before the command and being called without "telemetry"', async () => {
    const run = await cli(['--json', '--prometheus', 'http://p:1', 'config']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).prometheus).toEqual({ url: 'http://p:1', source: 'flag', from: '--prometheus' });
    let out = '';
    const code = await main(['config', '--json'], { out: (t) => void (out += t), err: () => undefined, color: false, env: {} });
    expect(code).toBe(0);
    expect(JSON.parse(out).alertmanager.url).toBe('http://alertmanager:9093');
  });
});

describe('config', () => {
  it('flag > environment > default, with the source of each', async () => {
    const run = await cli(['config', '--json', '--prometheus', 'http://flag:9090/'], {
      AQE_PROMETHEUS_URL: 'http://env:9090',
      AQE_ALERTMANAGER_URL: 'http://env-am:9093',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      prometheus: { url: 'http://flag:9090', source: 'flag', from: '--prometheus' },
      alertmanager: { url: 'http://env-am:9093', source: 'env', from: 'AQE_ALERTMANAGER_URL' },
      collector: { url: 'http://localhost:4318', source: 'default', from: 'default' },
      jaeger: { source: 'unset', from: '--jaeger or AQE_JAEGER_URL' },
      traceFile: { source: 'unset', from: '--trace-file or AQE_TRACE_FILE' },
    });
    const text = await cli(['config'], { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:4318' });
    expect(text.stdout).toMatch(/Prometheus\s+http:\/\/prometheus:9090\s+default/);
    expect(text.stdout).toMatch(/Collector\s+http:\/\/otel:4318\s+env \(OTEL_EXPORTER_OTLP_ENDPOINT\)/);
    expect(text.stdout).not.toMatch(ANSI);
  });

  it('a value that is not a URL is a usage error', async () => {
    const run = await cli(['config', '--prometheus', 'prometheus:9090']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --prometheus: "prometheus:9090" is not an http(s) URL\n');
  });
});

describe('status', () => {
  it('everything up: exit 0, one line per component, telemetry active', async () => {
    const run = await cli(['status', ...at()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Prometheus\s+READY\s+http:\/\/127\.0\.0\.1:\d+ \(flag\)$/m);
    expect(run.stdout).toMatch(/^Alertmanager\s+READY\s/m);
    expect(run.stdout).toMatch(/^Collector\s+CONNECTED\s/m);
    // Jaeger is optional: not configured is reported, and is no failure.
    expect(run.stdout).toMatch(/^Jaeger\s+NOT_CONFIGURED\s+\(set --jaeger or AQE_JAEGER_URL\)$/m);
    expect(run.stdout).toMatch(/^Telemetry: ACTIVE \(\d+ aqe_ series\), Collector: CONNECTED$/m);
    expect(run.stdout).not.toMatch(ANSI);
  });

  it('collector down: reported with the reason, not fatal', async () => {
    const run = await cli(['status', '--json', ...at(), '--collector', UNREACHABLE]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.telemetry).toBe('ACTIVE');
    expect(report.components[2]).toMatchObject({ component: 'Collector', state: 'DISCONNECTED', problem: 'connect ECONNREFUSED' });
  });

  it('Prometheus unreachable (child process): exit 3 and a one-line error', async () => {
    const run = await child(['status', '--prometheus', UNREACHABLE, '--alertmanager', stack.alertmanager.url, '--collector', collectorUrl]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Prometheus at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
    expect(run.stdout).toMatch(/^Prometheus\s+UNREACHABLE\s.*connect ECONNREFUSED$/m);
    expect(run.stdout).toMatch(/^Alertmanager\s+READY/m);
    expect(run.stdout).not.toMatch(ANSI);
  });
});

describe('metrics', () => {
  it('lists every metric of the schema', async () => {
    const text = await cli(['metrics']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split('\n')).toHaveLength(model.metrics.length + 1);
    expect(text.stdout).toMatch(/^aqe\.agent\.duration_seconds\s+aqe_agent_duration_seconds\s+histogram\s+s\s+agent_type,task_type,status$/m);
    const json = JSON.parse((await cli(['metrics', '--json'])).stdout);
    expect(json.map((m: { prometheusName: string }) => m.prometheusName)).toEqual(model.metrics.map((m) => m.prometheusName));
  });

  it('one metric by OTel or Prometheus name: its current values by label', async () => {
    const run = await cli(['metrics', 'aqe.agent.spawn_total', '--json', ...at()]);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout);
    expect(answer.query).toBe('sum by (agent_type, status) (aqe_agent_spawn_total)');
    expect(answer.values.length).toBeGreaterThan(0);
    for (const v of answer.values) {
      expect(Object.keys(v.labels).sort()).toEqual(['agent_type', 'status']);
      expect(Number(v.value)).toBeGreaterThanOrEqual(0);
    }
    const text = await cli(['metrics', 'aqe_agent_duration_seconds', ...at()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('sum by (agent_type, task_type, status) (aqe_agent_duration_seconds_count)');
    expect(text.stdout).toMatch(/^\{agent_type="qe-[a-z-]+", task_type="[^"]+", status="[^"]+"\}\s+\d+/m);
  });

  it('an unknown name: exit 1 with "did you mean"', async () => {
    const otel = await cli(['metrics', 'aqe.agent.spawns_total', ...at()]);
    expect(otel.code).toBe(1);
    expect(otel.stderr).toMatch(/^error: unknown metric "aqe.agent.spawns_total" \(did you mean aqe.agent.spawn_total\?\)/);
    const prom = await cli(['metrics', 'aqe_tokens_inptu_total', ...at()]);
    expect(prom.code).toBe(1);
    expect(prom.stderr).toContain('did you mean aqe_tokens_input_total?');
  });

  it('Prometheus unreachable: exit 3', async () => {
    const run = await cli(['metrics', 'aqe_agent_active', '--prometheus', UNREACHABLE]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Prometheus at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
  });
});

describe('export', () => {
  it('json: the schema with every metric\'s samples', async () => {
    const run = await cli(['export', 'json', ...at()]);
    expect(run.code).toBe(0);
    const exported = JSON.parse(run.stdout);
    expect(exported.prometheus).toBe(stack.prometheus.url);
    expect(exported.metrics).toHaveLength(model.metrics.length);
    const duration = exported.metrics.find((m: { name: string }) => m.name === 'aqe.agent.duration_seconds');
    const series = new Set(duration.samples.map((s: { series: string }) => s.series));
    expect([...series].sort()).toEqual(['aqe_agent_duration_seconds_bucket', 'aqe_agent_duration_seconds_count', 'aqe_agent_duration_seconds_sum']);
  });

  it('csv, with --out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-cli-'));
    try {
      const file = join(dir, 'export.csv');
      const run = await cli(['export', 'csv', '--out', file, ...at()]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^wrote \d+ samples of \d+ metrics as csv to /);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines[0]).toBe('metric,prometheus_name,kind,unit,series,labels,value');
      expect(lines.some((l) => /^aqe\.agent\.spawn_total,aqe_agent_spawn_total,counter,\{agent\},aqe_agent_spawn_total,.*agent_type=qe-/.test(l))).toBe(true);
      const metricsInCsv = new Set(lines.slice(1).map((l) => l.split(',')[0]));
      expect(metricsInCsv.size).toBe(model.metrics.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('openmetrics: a family per metric, counters without _total, # EOF at the end', async () => {
    const run = await cli(['export', 'openmetrics', ...at()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# TYPE aqe_agent_spawn counter\n');
    expect(run.stdout).toContain('# TYPE aqe_agent_duration_seconds histogram\n');
    expect(run.stdout).toMatch(/^aqe_agent_spawn_total\{.*agent_type="qe-[a-z-]+".*\} \d+/m);
    expect(run.stdout.endsWith('# EOF\n')).toBe(true);
    expect(run.stdout.match(/^# TYPE /gm)).toHaveLength(model.metrics.length);
  });

  it('unknown format: exit 2; Prometheus unreachable: exit 3', async () => {
    expect((await cli(['export', 'xml', ...at()])).code).toBe(2);
    const run = await cli(['export', 'csv', '--prometheus', UNREACHABLE]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Prometheus at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
  });
});

describe('test-alert', () => {
  it('posts AqeTestAlert and reports the receivers Alertmanager routed it to', async () => {
    const run = await cli(['test-alert', '--level', 'critical', '--json', ...at()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ alertname: 'AqeTestAlert', severity: 'critical' });
    expect(result.receivers.length).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeLessThan(10_000);
    const listed = await fetch(`${stack.alertmanager.url}/api/v2/alerts?filter=${encodeURIComponent(`test_id="${result.testId}"`)}`);
    const alerts = (await listed.json()) as { labels: Record<string, string>; receivers: { name: string }[] }[];
    expect(alerts.map((a) => a.receivers.map((r) => r.name))).toEqual([result.receivers]);

    const text = await cli(['test-alert', '--level', 'info', ...at()]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^AqeTestAlert \(severity=info, test_id=[0-9a-f-]+\) routed to: [a-z-]+(, [a-z-]+)* in \d+ ms \(state \w+\)$/m);
  });

  it('a missing or wrong --level: exit 2; Alertmanager unreachable: exit 3', async () => {
    expect((await cli(['test-alert', ...at()])).code).toBe(2);
    expect((await cli(['test-alert', '--level', 'page', ...at()])).code).toBe(2);
    const run = await cli(['test-alert', '--level', 'warning', '--alertmanager', UNREACHABLE]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Alertmanager at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
  });
});
