import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import type { JaegerTrace } from '../../cli/traces/jaeger';

/**
 * `aqe telemetry trace` and `status` against Jaeger's HTTP query API, for the answers a healthy
 * stack rarely gives (errors, 400s, unknown traces); the real Jaeger v2 is read in
 * test/e2e/jaeger-and-cli.test.ts. Here a loopback server stands in for jaeger-query:
 * it serves test/fixtures/jaeger/get-trace.json, written in the shape of Jaeger's own
 * fixture cmd/jaeger/internal/extension/jaegerquery/internal/fixture/otlp2jaeger-out.json
 * (jaegertracing/jaeger), with aqe spans and the tags Jaeger derives from OTLP
 * (`span.kind`, `otel.status_code`, `otel.status_description`, `error`), and answers like
 * http_handler.go / query_parser.go do: 400 without `service`, `tags` as a JSON map,
 * 404 with `{"errors":[{"code":404,"msg":"trace not found"}]}` for an unknown trace.
 */

interface JaegerAnswer {
  data: JaegerTrace[] | null;
  total: number;
  limit: number;
  offset: number;
  errors: { code?: number; msg: string }[] | null;
}

const FIXTURE = JSON.parse(readFileSync(join(__dirname, '../fixtures/jaeger/get-trace.json'), 'utf8')) as JaegerAnswer;
const TRACE = FIXTURE.data![0]!;
const TRACE_ID = TRACE.traceID;
const UNREACHABLE = 'http://127.0.0.1:9';
const ANSI = /\u001b\[/;

/** The fixture moved to ten minutes ago, so it falls in the default one-hour window. */
const SHIFT_US = Date.now() * 1000 - 600e6 - Math.min(...TRACE.spans.map((s) => s.startTime));
const trace: JaegerTrace = { ...TRACE, spans: TRACE.spans.map((s) => ({ ...s, startTime: s.startTime + SHIFT_US })) };
const structured = (data: unknown, errors: JaegerAnswer['errors'] = null) => JSON.stringify({ data, total: Array.isArray(data) ? data.length : 0, limit: 0, offset: 0, errors });

let requests: URL[] = [];
let jaeger: { url: string; server: Server };
let broken: { url: string; server: Server };

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

beforeAll(async () => {
  jaeger = await listen((request, response) => {
    const url = new URL(request.url ?? '/', 'http://jaeger');
    requests.push(url);
    response.setHeader('content-type', 'application/json');
    const services = [...new Set(Object.values(trace.processes ?? {}).map((p) => p.serviceName))];
    if (url.pathname === '/api/services') return response.end(structured(services));
    if (url.pathname === '/api/traces') {
      const service = url.searchParams.get('service') ?? '';
      if (service === '') {
        response.statusCode = 400;
        return response.end(structured(null, [{ code: 400, msg: "parameter 'service' is required" }]));
      }
      const tags = JSON.parse(url.searchParams.get('tags') ?? '{}') as Record<string, string>;
      const start = Number(url.searchParams.get('start'));
      const end = Number(url.searchParams.get('end'));
      const matches = trace.spans.some(
        (s) =>
          trace.processes?.[s.processID ?? '']?.serviceName === service &&
          s.startTime >= start &&
          s.startTime <= end &&
          Object.entries(tags).every(([k, v]) => s.tags?.some((t) => t.key === k && String(t.value) === v)),
      );
      return response.end(structured(matches ? [trace] : []));
    }
    const byId = /^\/api\/traces\/([0-9a-f]+)$/.exec(url.pathname);
    if (byId && byId[1] === TRACE_ID) return response.end(structured([trace]));
    response.statusCode = 404;
    return response.end(structured(null, [{ code: 404, msg: 'trace not found' }]));
  });
  broken = await listen((request, response) => {
    if (request.url?.startsWith('/api/traces/')) {
      response.statusCode = 500;
      return response.end(structured(null, [{ code: 500, msg: 'storage backend is down' }]));
    }
    response.setHeader('content-type', 'application/json');
    response.end('{"data":[{"traceID":'); // cut short
  });
});

afterAll(async () => {
  for (const s of [jaeger, broken]) if (s) await new Promise<void>((r) => s.server.close(() => r()));
});

beforeEach(() => {
  requests = [];
});


describe('trace, from Jaeger', () => {
  it('lists traces of every service Jaeger knows, a trace that spans two services once', async () => {
    const run = await cli(['trace', '--json', '--jaeger', jaeger.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const starts = trace.spans.map((s) => s.startTime);
    const ends = trace.spans.map((s) => s.startTime + s.duration);
    expect(JSON.parse(run.stdout)).toEqual({
      source: { kind: 'jaeger', url: jaeger.url },
      traces: [
        {
          traceId: TRACE_ID,
          rootName: 'invoke_agent qe-fleet-commander',
          agentType: 'qe-fleet-commander',
          startUs: Math.min(...starts),
          durationUs: Math.max(...ends) - Math.min(...starts),
          spanCount: 5,
          errorCount: 2,
          start: new Date(Math.floor(Math.min(...starts) / 1000)).toISOString(),
        },
      ],
    });
    expect(requests.map((r) => r.pathname)).toEqual(['/api/services', '/api/traces', '/api/traces']);
    const searches = requests.slice(1).map((r) => Object.fromEntries(r.searchParams));
    expect(searches.map((s) => s.service).sort()).toEqual(['qe-fleet-commander', 'qe-test-generator']);
    for (const s of searches) {
      expect(s.limit).toBe('20');
      expect(Number(s.end) - Number(s.start)).toBe(3600e6); // one hour, in microseconds
      expect(s.tags).toBeUndefined();
    }
  });

  it('--agent searches by the aqe.agent.type tag; --service searches one service; AQE_JAEGER_URL works too', async () => {
    const run = await cli(['trace', '--agent', 'qe-test-generator', '--service', 'qe-test-generator', '--limit', '5'], { AQE_JAEGER_URL: jaeger.url });
    expect(run.code).toBe(0);
    expect(requests.map((r) => r.pathname)).toEqual(['/api/traces']);
    expect(Object.fromEntries(requests[0]!.searchParams)).toMatchObject({ service: 'qe-test-generator', limit: '5', tags: '{"aqe.agent.type":"qe-test-generator"}' });
    expect(run.stdout).toMatch(new RegExp(`^${TRACE_ID}\\s+invoke_agent qe-fleet-commander\\s+qe-fleet-commander\\s+\\S+Z\\s+900\\.0ms\\s+5\\s+2$`, 'm'));
    expect(run.stdout).not.toMatch(ANSI);

    const none = await cli(['trace', '--agent', 'qe-chaos-engineer', '--jaeger', jaeger.url]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe(`no traces of qe-chaos-engineer in the last 1h (Jaeger at ${jaeger.url})\n`);
  });

  it('draws the trace: parents before children, one level deeper each, errors marked', async () => {
    const run = await cli(['trace', TRACE_ID, '--jaeger', jaeger.url]);
    expect(run.code).toBe(0);
    expect(requests.map((r) => r.pathname)).toEqual([`/api/traces/${TRACE_ID}`]);
    const [header, ...rows] = run.stdout.trimEnd().split('\n');
    expect(header).toBe(`Trace ${TRACE_ID}  invoke_agent qe-fleet-commander  qe-fleet-commander  ${new Date(Math.floor(Math.min(...trace.spans.map((s) => s.startTime)) / 1000)).toISOString()}  900.0ms  5 spans, 2 error(s)`);
    // Fixture offsets: root 0 (900 ms), memory.read +2 ms, create_agent +100 ms, invoke_agent +105 ms (500 ms), chat +110 ms (300 ms).
    const expected = [
      /^  invoke_agent qe-fleet-commander\s+\|█{40}\|\s+\+0µs\s+900\.0ms\s+qe-fleet-commander$/,
      /^    memory\.read\s+\|█ {39}\|\s+\+2\.00ms\s+50µs$/,
      /^    create_agent qe-test-generator\s+\| {4}█ {35}\|\s+\+100\.0ms\s+1\.00ms\s+qe-test-generator$/,
      /^✗     invoke_agent qe-test-generator\s+\| {4}█{22} {14}\|\s+\+105\.0ms\s+500\.0ms\s+qe-test-generator\s+ERROR: model call failed$/,
      /^✗       chat claude-sonnet-4-5\s+\| {4}█{13} {23}\|\s+\+110\.0ms\s+300\.0ms\s+qe-test-generator\s+ERROR: rate limited$/,
    ];
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, i) => expect(row).toMatch(expected[i]!));

    // On a terminal the same rows come in colour: the error rows red.
    const coloured = (await cli(['trace', TRACE_ID, '--jaeger', jaeger.url], {}, true)).stdout;
    expect(coloured).toContain('\u001b[31m✗\u001b[0m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(run.stdout);

    const json = JSON.parse((await cli(['trace', TRACE_ID, '--json', '--jaeger', jaeger.url])).stdout);
    expect(json.spans.map((s: { service: string; depth: number }) => [s.service, s.depth])).toEqual([
      ['qe-fleet-commander', 0],
      ['qe-fleet-commander', 1],
      ['qe-fleet-commander', 1],
      ['qe-test-generator', 2],
      ['qe-test-generator', 3],
    ]);
  });

  it('an unknown trace is exit 1; a Jaeger error or an answer that is not JSON is exit 1 with what came back', async () => {
    const missing = await cli(['trace', '0af7651916cd43dd8448eb211c80319c', '--jaeger', jaeger.url]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: trace 0af7651916cd43dd8448eb211c80319c not found (Jaeger at ${jaeger.url})\n`);

    const failing = await cli(['trace', TRACE_ID, '--jaeger', broken.url]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toBe(`error: Jaeger answered 500 to /api/traces/${TRACE_ID}: storage backend is down\n`);

    const garbled = await cli(['trace', '--jaeger', broken.url]);
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toBe(
      `error: Jaeger at ${broken.url}: /api/services answered 200 with application/json, 20 B, starts with {"data":[{"traceID":, not Jaeger's query API JSON; ` +
        `is Jaeger really listening at ${broken.url}? check the URL and port (--jaeger or AQE_JAEGER_URL; \`aqe telemetry config\` shows which is used)\n`,
    );
  });

  it('Jaeger unreachable: exit 3 and a one-line error', async () => {
    const run = await cli(['trace', '--jaeger', UNREACHABLE]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(`error: Jaeger at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);
    expect(run.stdout).toBe('');
    expect((await cli(['trace', '--jaeger', 'jaeger:16686'])).code).toBe(2);
  });
});

describe('status and config, with Jaeger', () => {
  const jaegerOf = (stdout: string) => (JSON.parse(stdout) as { components: { component: string }[] }).components.find((c) => c.component === 'Jaeger');
  // Prometheus and Alertmanager are left unreachable here (exit 3 whatever Jaeger does): the full stack is in cli.test.ts.
  const others = ['--prometheus', UNREACHABLE, '--alertmanager', UNREACHABLE, '--collector', UNREACHABLE];

  it('configured and answering /api/services: READY and required', async () => {
    const run = await cli(['status', '--json', ...others, '--jaeger', jaeger.url]);
    expect(jaegerOf(run.stdout)).toEqual({ component: 'Jaeger', url: jaeger.url, state: 'READY', required: true });
    expect(requests.map((r) => r.pathname)).toContain('/api/services');
  });

  it('configured and unreachable: UNREACHABLE, exit 3, its own one-line error; not configured: reported as such', async () => {
    const down = await cli(['status', '--json', ...others, '--jaeger', UNREACHABLE]);
    expect(down.code).toBe(3);
    expect(jaegerOf(down.stdout)).toMatchObject({ state: 'UNREACHABLE', required: true, problem: 'connect ECONNREFUSED' });
    expect(down.stderr).toContain(`error: Jaeger at ${UNREACHABLE} is unreachable (connect ECONNREFUSED)\n`);

    const garbled = await cli(['status', '--json', ...others, '--jaeger', broken.url]);
    expect(jaegerOf(garbled.stdout)).toMatchObject({ state: 'NOT_READY', required: true });

    const unset = await cli(['status', '--json', ...others]);
    expect(jaegerOf(unset.stdout)).toEqual({ component: 'Jaeger', url: '', state: 'NOT_CONFIGURED', required: false });
    expect(unset.stderr).not.toContain('Jaeger');
    const text = await cli(['status', ...others]);
    expect(text.stdout).toMatch(/^Jaeger\s+NOT_CONFIGURED\s+\(set --jaeger or AQE_JAEGER_URL\)$/m);
  });

  it('config shows Jaeger and the trace file, and where each came from', async () => {
    const run = await cli(['config', '--json', '--jaeger', `${jaeger.url}/`], { AQE_TRACE_FILE: '/var/tmp/aqe-traces.jsonl' });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      jaeger: { url: jaeger.url, source: 'flag', from: '--jaeger' },
      traceFile: { path: '/var/tmp/aqe-traces.jsonl', source: 'env', from: 'AQE_TRACE_FILE' },
    });
    const text = await cli(['config'], { AQE_JAEGER_URL: 'http://jaeger-query:16686' });
    expect(text.stdout).toMatch(/^Jaeger\s+http:\/\/jaeger-query:16686\s+env \(AQE_JAEGER_URL\)$/m);
    expect(text.stdout).toMatch(/^Trace file\s+\(not set\)\s+unset \(--trace-file or AQE_TRACE_FILE\)$/m);
  });
});
