import { AGENT_TYPES } from '../../schema/agent-types';
import { stringValue, type Command, type Context, type Values } from '../command';
import { isSet, JAEGER, TRACE_FILE } from '../config';
import { EXIT, FailedError, UsageError } from '../errors';
import { checkReadableIfThere } from '../files';
import { flagValue, freeText, oneOf, parsed, positiveWholeNumber } from '../flags';
import { table } from '../output';
import { jaegerSearch, jaegerServices, jaegerTrace } from '../traces/jaeger';
import { normaliseTraceId, recentTraces, summarise, type TraceSpan, type TraceSummary } from '../traces/model';
import { readTraceFile } from '../traces/trace-file';
import { formatDuration, renderWaterfall, waterfallRows } from '../traces/waterfall';

const DEFAULT_LIMIT = 20;
/** The Jaeger UI's default search window. */
const DEFAULT_LOOKBACK = '1h';
const UNITS_US: Readonly<Record<string, number>> = { s: 1e6, m: 60e6, h: 3600e6, d: 86_400e6 };

function lookbackUs(text: string): number | undefined {
  const match = /^(\d+)([smhd])$/.exec(text);
  const us = match ? Number(match[1]) * UNITS_US[match[2]!]! : 0;
  return us > 0 ? us : undefined;
}

const FLAGS = {
  agent: oneOf(AGENT_TYPES),
  limit: positiveWholeNumber(),
  lookback: parsed('duration', 'a duration such as 30m, 1h or 2d', lookbackUs),
  service: freeText('a service name'),
};

type Source = { readonly kind: 'jaeger'; readonly url: string } | { readonly kind: 'file'; readonly path: string };

export const trace: Command = {
  name: 'trace',
  summary: 'recent traces with timing, or one trace as a span waterfall',
  usage: [
    'aqe telemetry trace [--agent <type>] [--limit 20] [--lookback 1h] [--service <name>]',
    'aqe telemetry trace <trace-id>',
    '',
    'Without an id: the most recent traces (id, root span, agent type, start, duration, spans, errors),',
    'newest first; --agent keeps those with a span of that agent type. With an id: the trace as a',
    'waterfall, children indented under their parents, each bar placed by start offset and sized by',
    'duration, spans that ended in error marked with ✗.',
    '',
    'Source: Jaeger\'s query API when --jaeger <url> or AQE_JAEGER_URL is set (--service limits the',
    'search to one service; otherwise every service Jaeger lists), else the trace file agents write',
    'when started with AQE_TRACE_FILE=<path> (--trace-file <path> or AQE_TRACE_FILE here).',
    'Exit 1 when the trace is not found or the trace file is missing, 2 for a usage error (an unknown',
    'agent type, no source configured), 3 when Jaeger is unreachable.',
    '',
    'Options (and the global --jaeger, --trace-file):',
    '  --agent <type>         one of the 18 agent types (schema/agent-types.ts)',
    '  --limit <n>            at most n traces (default 20)',
    '  --lookback <duration>  how far back, such as 30m, 1h, 2d (default 1h)',
    '  --service <name>       Jaeger only: search this service instead of every one',
  ].join('\n'),
  arguments: ['[trace-id]'],
  options: {
    agent: { type: 'string' },
    limit: { type: 'string' },
    lookback: { type: 'string' },
    service: { type: 'string' },
  },
  flags: FLAGS,
  async run(context, positionals, values) {
    const query = parseQuery(positionals, values);
    const source = sourceOf(context);
    if (query.traceId !== undefined) return showTrace(context, source, query.traceId);
    return listTraces(context, source, query);
  },
};

interface Query {
  readonly traceId?: string;
  readonly agentType?: string;
  readonly limit: number;
  readonly lookbackUs: number;
  /** As given, for messages (`1h`). */
  readonly lookback: string;
  readonly service?: string;
}

function parseQuery(positionals: readonly string[], values: Values): Query {
  const [traceId] = positionals;
  if (traceId !== undefined && !/^[0-9a-f]{1,32}$/i.test(traceId)) throw new UsageError(`"${traceId}" is not a trace id (up to 32 hex digits)`);
  const agentType = flagValue(values, 'agent', FLAGS.agent);
  if (traceId !== undefined && agentType !== undefined) throw new UsageError('give a trace id or --agent, not both');
  const lookback = stringValue(values, 'lookback') ?? DEFAULT_LOOKBACK;
  const us = flagValue(values, 'lookback', FLAGS.lookback) ?? lookbackUs(DEFAULT_LOOKBACK)!;
  const service = flagValue(values, 'service', FLAGS.service);
  return {
    ...(traceId === undefined ? {} : { traceId }),
    ...(agentType === undefined ? {} : { agentType }),
    limit: flagValue(values, 'limit', FLAGS.limit) ?? DEFAULT_LIMIT,
    lookbackUs: us,
    lookback,
    ...(service === undefined ? {} : { service }),
  };
}

function sourceOf(context: Context): Source {
  const { jaeger, traceFile } = context.config;
  if (isSet(jaeger)) return { kind: 'jaeger', url: jaeger.url };
  if (isSet(traceFile)) {
    checkReadableIfThere(traceFile.path, traceFile.source === 'flag' ? `--${TRACE_FILE.flag}` : TRACE_FILE.env);
    return { kind: 'file', path: traceFile.path };
  }
  throw new UsageError(`no trace source: give --${JAEGER.flag} <url> (or ${JAEGER.env}), or --${TRACE_FILE.flag} <path> (or ${TRACE_FILE.env}, the file agents write when it is set)`);
}

function readFile(context: Context, path: string): TraceSpan[] {
  const { spans, skippedLines } = readTraceFile(path);
  if (skippedLines > 0) context.io.err(`warning: skipped ${skippedLines} unreadable line(s) of ${path}\n`);
  return spans;
}

async function listTraces(context: Context, source: Source, query: Query): Promise<number> {
  const nowUs = Date.now() * 1000;
  const sinceUs = nowUs - query.lookbackUs;
  let spans: TraceSpan[];
  if (source.kind === 'file') {
    spans = readFile(context, source.path);
  } else {
    const services = query.service !== undefined ? [query.service] : await jaegerServices(source.url);
    const found = await Promise.all(services.map((service) => jaegerSearch(source.url, { service, startUs: sinceUs, endUs: nowUs, limit: query.limit, ...(query.agentType ? { agentType: query.agentType } : {}) })));
    // A trace that crosses services comes back once per service: keep each span once.
    const unique = new Map(found.flat().map((s) => [`${normaliseTraceId(s.traceId)}/${s.spanId}`, s]));
    spans = [...unique.values()];
  }
  // Jaeger has applied the window already, to any span of a trace: filtering again by the trace's start would drop more.
  const windowStart = source.kind === 'file' ? sinceUs : -Infinity;
  const summaries = [...recentTraces(spans, { sinceUs: windowStart, limit: query.limit, ...(query.agentType ? { agentType: query.agentType } : {}) }).values()].map(summarise);
  if (context.json) {
    context.io.out(JSON.stringify({ source, traces: summaries.map(withIsoStart) }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (summaries.length === 0) {
    context.io.out(`no traces${query.agentType ? ` of ${query.agentType}` : ''} in the last ${query.lookback} (${describe(source)})\n`);
    return EXIT.ok;
  }
  const rows = summaries.map((t) => [t.traceId, t.rootName, t.agentType ?? '-', iso(t.startUs), formatDuration(t.durationUs), String(t.spanCount), t.errorCount > 0 ? context.paint.bad(String(t.errorCount)) : '0']);
  context.io.out(table([['TRACE ID', 'ROOT SPAN', 'AGENT TYPE', 'START', 'DURATION', 'SPANS', 'ERRORS'], ...rows]));
  context.io.out(context.paint.dim(`(${describe(source)})`) + '\n');
  return EXIT.ok;
}

async function showTrace(context: Context, source: Source, traceId: string): Promise<number> {
  const id = normaliseTraceId(traceId);
  const spans = source.kind === 'jaeger' ? await jaegerTrace(source.url, traceId) : readFile(context, source.path).filter((s) => normaliseTraceId(s.traceId) === id);
  if (spans === undefined || spans.length === 0) throw new FailedError(`trace ${traceId} not found (${describe(source)})`);
  const summary = summarise(spans);
  const rows = waterfallRows(spans);
  if (context.json) {
    context.io.out(JSON.stringify({ source, trace: withIsoStart(summary), spans: rows.map((r) => ({ ...r.span, depth: r.depth, offsetUs: r.offsetUs })) }, null, 2) + '\n');
    return EXIT.ok;
  }
  const errors = summary.errorCount > 0 ? context.paint.bad(`${summary.errorCount} error(s)`) : '0 errors';
  context.io.out(`Trace ${summary.traceId}  ${summary.rootName}  ${summary.agentType ?? '-'}  ${iso(summary.startUs)}  ${formatDuration(summary.durationUs)}  ${summary.spanCount} spans, ${errors}\n`);
  context.io.out(renderWaterfall(rows, context.paint));
  return EXIT.ok;
}

function iso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

function withIsoStart(summary: TraceSummary) {
  return { ...summary, start: iso(summary.startUs) };
}

function describe(source: Source): string {
  return source.kind === 'jaeger' ? `Jaeger at ${source.url}` : `trace file ${source.path}`;
}
