import { memoryReadSpan, memoryWriteSpan } from '../../schema/spans';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASOURCES } from '../../dashboards-src/datasources';
import { FLEET_SERVICE_NAME } from '../../sim/fleet';
import { startLocalStack, type LocalStack } from '../../stack/local-stack';
import { cli } from '../support/cli';

/**
 * The real Jaeger v2 behind the collector, read the ways users read it: the developer
 * dashboard's Jaeger targets sent as Grafana's Jaeger data source sends them, and
 * `aqe telemetry status` / `trace` against the stack (spec milestone 1).
 */
const OUT = resolve(__dirname, '../../out');
let stack: LocalStack;
let backends: string[];

beforeAll(async () => {
  stack = await startLocalStack({ scenario: 'normal', seed: 5, feedbackLogToStdout: false });
  backends = ['--prometheus', stack.prometheus.url, '--alertmanager', stack.alertmanager.url, '--collector', stack.otlpEndpoint, '--jaeger', stack.jaeger.queryUrl];
  // 15 s: commanders have handed tasks to children and both have finished; the batches are in Jaeger.
  await new Promise((r) => setTimeout(r, 15_000));
}, 90_000);
afterAll(() => stack?.stop(), 30_000);

interface JaegerSpan { traceID: string; spanID: string; operationName: string; tags: { key: string; value: unknown }[] }
const tag = (span: JaegerSpan, key: string) => span.tags.find((t) => t.key === key)?.value;

/** Grafana's Jaeger data source: a search is GET /api/traces with the non-empty fields, times in µs. */
function asGrafanaSearch(target: Record<string, unknown>, variables: Record<string, string>): URL {
  const value = (v: unknown) => String(v ?? '').replace(/\$(\w+)/g, (_m, name: string) => variables[name] ?? '');
  const url = new URL('/api/traces', stack.jaeger.queryUrl);
  const now = Date.now() * 1000;
  for (const field of ['service', 'operation', 'tags', 'minDuration', 'maxDuration', 'limit']) {
    const text = value(target[field]);
    if (text !== '') url.searchParams.set(field, text);
  }
  url.searchParams.set('start', String(now - 3600e6));
  url.searchParams.set('end', String(now));
  return url;
}

describe('the developer dashboard against the real Jaeger', () => {
  it('every Jaeger target returns the fleet traces', async () => {
    const services = ((await (await fetch(`${stack.jaeger.queryUrl}/api/services`)).json()) as { data: string[] }).data;
    expect(services).toContain(FLEET_SERVICE_NAME);
    const variables = { service: FLEET_SERVICE_NAME, operation: '', trace_tags: '', min_duration: '', trace_id: '' };
    let searches = 0;
    let someTraceId = '';
    const byId: Record<string, unknown>[] = [];
    for (const file of readdirSync(resolve(OUT, 'grafana/dashboards'))) {
      const dashboard = JSON.parse(readFileSync(resolve(OUT, 'grafana/dashboards', file), 'utf8'));
      for (const panel of dashboard.panels ?? []) {
        for (const target of panel.targets ?? []) {
          if ((target.datasource ?? panel.datasource)?.type !== DATASOURCES.jaeger.type) continue;
          if (target.queryType !== 'search') {
            byId.push(target);
            continue;
          }
          searches++;
          const response = await fetch(asGrafanaSearch(target, variables));
          expect(response.status, `${file} panel ${panel.id}`).toBe(200);
          const traces = ((await response.json()) as { data: { traceID: string }[] }).data;
          expect(traces.length, `${file} panel ${panel.id} "${panel.title}"`).toBeGreaterThan(0);
          someTraceId = traces[0]!.traceID;
        }
      }
    }
    expect(searches).toBeGreaterThan(0);
    // The waterfall panel's query is the trace id variable: GET /api/traces/<id>.
    for (const target of byId) {
      const id = String(target.query ?? '').replace('$trace_id', someTraceId);
      const answer = (await (await fetch(`${stack.jaeger.queryUrl}/api/traces/${id}`)).json()) as { data: { spans: unknown[] }[] };
      expect(answer.data[0]!.spans.length).toBeGreaterThan(0);
    }
  });
});

describe('aqe telemetry against the stack', () => {
  it('status: Telemetry ACTIVE, Collector CONNECTED, Jaeger READY', async () => {
    const run = await cli(['status', ...backends]);
    expect(run.stdout).toMatch(/Telemetry: ACTIVE.*, Collector: CONNECTED/);
    expect(run.stdout).toMatch(/Jaeger.*READY/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it('trace --agent qe-test-generator and trace <id> show a multi-agent trace whose child agent got its context through the memory carrier', async () => {
    // qe-fleet-commander runs 0.6 times a simulated minute (0.6 a second at x60) and one workflow in
    // five hands work to qe-test-generator: such a trace every 8 s on average. Polled for up to
    // 60 s, a miss is one in a thousand.
    let found: string | undefined;
    const deadline = Date.now() + 60_000;
    while (found === undefined && Date.now() < deadline) {
      const list = await cli(['trace', '--agent', 'qe-test-generator', '--limit', '500', '--service', FLEET_SERVICE_NAME, '--json', ...backends]);
      expect(list.code, list.stderr).toBe(0);
      const { traces } = JSON.parse(list.stdout) as { traces: { traceId: string; rootName: string }[] };
      expect(traces.length).toBeGreaterThan(0);
      // Both agents' invoke_agent spans, and the memory write and read of one task key: the child
      // joined the parent's trace through the carrier (it has no other way to learn the context).
      for (const { traceId } of traces.filter((t) => t.rootName.includes('qe-fleet-commander'))) {
        const spans = ((await (await fetch(`${stack.jaeger.queryUrl}/api/traces/${traceId}`)).json()) as { data: { spans: JaegerSpan[] }[] }).data[0]!.spans;
        const agents = new Set(spans.filter((s) => s.operationName.startsWith('invoke_agent ')).map((s) => tag(s, 'aqe.agent.type')));
        const written = new Set(spans.filter((s) => s.operationName === memoryWriteSpan.name).map((s) => tag(s, 'aqe.memory.key')));
        const readBack = spans.some((s) => s.operationName === memoryReadSpan.name && written.has(tag(s, 'aqe.memory.key')));
        if (agents.has('qe-fleet-commander') && agents.has('qe-test-generator') && readBack) found = traceId;
      }
      if (found === undefined) await new Promise((r) => setTimeout(r, 3000));
    }
    expect(found, 'a qe-test-generator trace under qe-fleet-commander, joined through memory').toBeDefined();
    const shown = await cli(['trace', found!, ...backends]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('qe-fleet-commander');
    expect(shown.stdout).toContain('qe-test-generator');
    expect(shown.stdout).toContain(memoryReadSpan.name);
    expect(shown.stdout.split('\n').filter((l) => l.includes('invoke_agent')).length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
