import { connect } from 'node:net';
import { promql } from '../../core/promql';
import { BACKENDS, isSet, JAEGER, type Backend } from '../config';
import { EXIT, networkReason, UnreachableError } from '../errors';
import { describeBody, instantQuery, isWebPage, request, requestAt, wrongServiceFix, type Answer } from '../http';
import type { Command, Context } from '../command';

const CONNECT_TIMEOUT_MS = 3000;

/**
 * Every aqe_ series Prometheus holds: how `status` tells ACTIVE from NO_DATA. Built with the
 * tag and exported so the PromQL checker sees it (test/architecture/promql-checked.test.ts).
 */
export const TELEMETRY_SERIES_QUERY = promql`count({__name__=~"aqe_.+"})`;

/**
 * What only the real backend answers: `/-/ready` says "ready" in plain text, which a proxy or
 * any web server on the wrong port can also answer with 200, so READY also needs this API
 * answer, with its fields.
 */
const IDENTITY: Readonly<Record<'prometheus' | 'alertmanager', { readonly path: string; readonly expected: string; valid(body: unknown): boolean }>> = {
  prometheus: {
    path: '/api/v1/status/buildinfo',
    expected: "Prometheus' build information (JSON with data.version)",
    valid: (b) => (b as { status?: unknown; data?: { version?: unknown } })?.status === 'success' && typeof (b as { data?: { version?: unknown } }).data?.version === 'string',
  },
  alertmanager: {
    path: '/api/v2/status',
    expected: "Alertmanager's status (JSON with versionInfo and cluster)",
    valid: (b) => typeof (b as { versionInfo?: unknown })?.versionInfo === 'object' && typeof (b as { cluster?: unknown }).cluster === 'object',
  },
};

export interface ComponentStatus {
  readonly component: string;
  readonly url: string;
  /** NOT_CONFIGURED: an optional backend (Jaeger) nobody configured; `url` is then empty. */
  readonly state: 'READY' | 'NOT_READY' | 'UNREACHABLE' | 'CONNECTED' | 'DISCONNECTED' | 'NOT_CONFIGURED';
  /** Required components make `status` fail; the collector, and Jaeger when not configured, are reported only. */
  readonly required: boolean;
  /** What is wrong, when something is. */
  readonly problem?: string;
}

export interface StatusReport {
  readonly components: readonly ComponentStatus[];
  /** ACTIVE when Prometheus holds aqe_ series, NO_DATA when it holds none, UNKNOWN when it cannot be asked. */
  readonly telemetry: 'ACTIVE' | 'NO_DATA' | 'UNKNOWN';
  readonly seriesCount?: number;
}

export const status: Command = {
  name: 'status',
  summary: 'reachability and health of Prometheus, Alertmanager, the collector and Jaeger',
  usage: [
    'Asks Prometheus and Alertmanager for /-/ready and for an API only they answer (a web page on',
    'their port is NOT_READY), opens a TCP connection to the collector\'s OTLP endpoint and posts an',
    'empty export (a web page there is DISCONNECTED); then counts the aqe_ series in Prometheus',
    '(Telemetry: ACTIVE when there are some).',
    'Exit 3 when Prometheus or Alertmanager is unreachable, 1 when one answers but is not ready,',
    'or when Prometheus holds no aqe_ series. The collector is reported, not required.',
    'Jaeger, when configured, is asked for /api/services and is then required; when not',
    'configured it is reported as NOT_CONFIGURED (`trace` then reads the trace file).',
  ].join('\n'),
  arguments: [],
  options: {},
  flags: {},
  async run(context) {
    const report = await checkStatus(context);
    if (context.json) context.io.out(JSON.stringify(report, null, 2) + '\n');
    else printReport(context, report);
    const down = report.components.filter((c) => c.required && c.state === 'UNREACHABLE');
    for (const c of down) context.io.err(`error: ${c.component} at ${c.url} is unreachable (${c.problem})\n`);
    for (const c of report.components.filter((c) => c.required && c.state === 'NOT_READY')) context.io.err(`error: ${c.component} at ${c.url} is not ready: ${c.problem}\n`);
    if (down.length > 0) return EXIT.unreachable;
    if (report.components.some((c) => c.required && c.state !== 'READY') || report.telemetry !== 'ACTIVE') return EXIT.failed;
    return EXIT.ok;
  },
};

export async function checkStatus(context: Context): Promise<StatusReport> {
  const [prometheus, alertmanager, collector, jaeger] = await Promise.all([ready(context, 'prometheus'), ready(context, 'alertmanager'), tcp(context), jaegerStatus(context)]);
  let telemetry: StatusReport['telemetry'] = 'UNKNOWN';
  let seriesCount: number | undefined;
  if (prometheus.state === 'READY') {
    try {
      const [sample] = await instantQuery(context.config, TELEMETRY_SERIES_QUERY.text);
      seriesCount = sample ? Number(sample.value[1]) : 0;
      telemetry = seriesCount > 0 ? 'ACTIVE' : 'NO_DATA';
    } catch {
      telemetry = 'UNKNOWN';
    }
  }
  return { components: [prometheus, alertmanager, collector, jaeger], telemetry, ...(seriesCount === undefined ? {} : { seriesCount }) };
}

/** `/api/services answered 200 with text/html, 1.2 kB, starts with <!doctype html>, not ...; is Jaeger really listening at ...? check ...` */
function notTheBackend(title: string, url: string, path: string, answer: Answer, expected: string): string {
  return `${path} answered ${answer.status} with ${describeBody(answer)}, not ${expected}; ${wrongServiceFix(title, url)}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function ready(context: Context, backend: 'prometheus' | 'alertmanager'): Promise<ComponentStatus> {
  const { title } = BACKENDS[backend];
  const base = { component: title, url: context.config[backend].url, required: true };
  try {
    const response = await request(context.config, backend, '/-/ready');
    if (isWebPage(response)) return { ...base, state: 'NOT_READY', problem: notTheBackend(title, base.url, '/-/ready', response, `the plain-text readiness answer of ${title}`) };
    if (!response.ok) {
      const text = response.text.trim().slice(0, 120);
      return { ...base, state: 'NOT_READY', problem: `/-/ready answered ${response.status}${text ? `: ${text}` : ''}` };
    }
    const identity = IDENTITY[backend];
    const answer = await request(context.config, backend, identity.path);
    if (!identity.valid(isWebPage(answer) ? undefined : parseJson(answer.text))) {
      return { ...base, state: 'NOT_READY', problem: notTheBackend(title, base.url, identity.path, answer, identity.expected) };
    }
    return { ...base, state: 'READY' };
  } catch (error) {
    if (error instanceof UnreachableError) return { ...base, state: 'UNREACHABLE', problem: error.reason };
    throw error;
  }
}

/**
 * Jaeger's query API: `/api/services` is what `trace` asks first, and answers only once the
 * query service can reach its storage (its admin health port is not always exposed).
 */
async function jaegerStatus(context: Context): Promise<ComponentStatus> {
  const setting = context.config.jaeger;
  if (!isSet(setting)) return { component: JAEGER.title, url: '', state: 'NOT_CONFIGURED', required: false };
  const base = { component: JAEGER.title, url: setting.url, required: true };
  try {
    const response = await requestAt(JAEGER.title, setting.url, '/api/services');
    const body = isWebPage(response) ? undefined : parseJson(response.text);
    const data = typeof body === 'object' && body !== null && 'data' in body ? (body as { data?: unknown }).data : undefined;
    if (response.ok && (Array.isArray(data) || data === null)) return { ...base, state: 'READY' };
    if (response.ok || isWebPage(response)) return { ...base, state: 'NOT_READY', problem: notTheBackend(JAEGER.title, setting.url, '/api/services', response, "Jaeger's JSON list of services") };
    const text = response.text.trim().slice(0, 120);
    return { ...base, state: 'NOT_READY', problem: `/api/services answered ${response.status}${text ? `: ${text}` : ''}` };
  } catch (error) {
    if (error instanceof UnreachableError) return { ...base, state: 'UNREACHABLE', problem: error.reason };
    throw error;
  }
}

/** The collector: can anything connect to its OTLP port? (What agents need; its health port is not always exposed.) */
async function tcp(context: Context): Promise<ComponentStatus> {
  const { url } = context.config.collector;
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const base = { component: BACKENDS.collector.title, url, required: false };
  const problem = await new Promise<string | undefined>((resolve) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(`timed out after ${CONNECT_TIMEOUT_MS} ms`);
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => {
      clearTimeout(timer);
      // destroy, not end: a half-closed socket would keep the process alive until the peer closes.
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve(networkReason(error, CONNECT_TIMEOUT_MS));
    });
  });
  if (problem !== undefined) return { ...base, state: 'DISCONNECTED', problem };
  return (await notTheCollector(context)) ?? { ...base, state: 'CONNECTED' };
}

/**
 * The port is open; a web page on it (a UI, a proxy) is not a collector. An empty OTLP/JSON
 * export is what a collector accepts with a JSON answer; no HTTP answer at all keeps the verdict
 * of the TCP check (agents need the port; a non-HTTP listener is left to them to find).
 */
async function notTheCollector(context: Context): Promise<ComponentStatus | undefined> {
  const { url } = context.config.collector;
  const { title } = BACKENDS.collector;
  const path = '/v1/traces';
  let answer: Answer;
  try {
    answer = await request(context.config, 'collector', path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, CONNECT_TIMEOUT_MS);
  } catch {
    return undefined;
  }
  if (!isWebPage(answer)) return undefined;
  return { component: title, url, required: false, state: 'DISCONNECTED', problem: notTheBackend(title, url, path, answer, "an OTLP/HTTP collector's answer") };
}

function printReport(context: Context, report: StatusReport): void {
  const { paint } = context;
  const colour = (c: ComponentStatus, text: string) =>
    c.state === 'READY' || c.state === 'CONNECTED' ? paint.ok(text) : c.state === 'NOT_CONFIGURED' ? paint.dim(text) : c.required ? paint.bad(text) : paint.warn(text);
  const nameWidth = Math.max(...report.components.map((c) => c.component.length));
  const stateWidth = Math.max(...report.components.map((c) => c.state.length));
  for (const c of report.components) {
    const where = c.state === 'NOT_CONFIGURED' ? `(set --${JAEGER.flag} or ${JAEGER.env})` : `${c.url} (${sourceOf(context, c.component)})`;
    context.io.out(`${c.component.padEnd(nameWidth)}  ${colour(c, c.state.padEnd(stateWidth))}  ${where}${c.problem ? `  ${c.problem}` : ''}\n`);
  }
  const collector = report.components.find((c) => c.component === BACKENDS.collector.title);
  const telemetry = report.telemetry === 'ACTIVE' ? paint.ok('ACTIVE') : paint.bad(report.telemetry);
  const series = report.seriesCount === undefined ? '' : ` (${report.seriesCount} aqe_ series)`;
  context.io.out(`Telemetry: ${telemetry}${series}, Collector: ${collector?.state === 'CONNECTED' ? paint.ok('CONNECTED') : paint.warn('DISCONNECTED')}\n`);
}

function sourceOf(context: Context, title: string): string {
  if (title === JAEGER.title) return context.config.jaeger.source;
  const backend = (Object.keys(BACKENDS) as Backend[]).find((b) => BACKENDS[b].title === title) ?? 'prometheus';
  return context.config[backend].source;
}
