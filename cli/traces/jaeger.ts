import { JAEGER } from '../config';
import { FailedError } from '../errors';
import { isWebPage, requestAt, unexpectedAnswer } from '../http';
import { AGENT_TYPE_KEY, type TraceSpan } from './model';

/**
 * A client of Jaeger's HTTP query API (the one the Jaeger UI uses, served by jaeger-query
 * and by Jaeger v2's jaeger_query extension on port 16686). Shapes as in jaegertracing/jaeger:
 * routes, parameters and error bodies in cmd/jaeger/internal/extension/jaegerquery/internal/
 * http_handler.go (`/api/traces/{traceID}`, `/api/traces`, `/api/services`; `structuredResponse`
 * `{data, total, limit, offset, errors:[{code, msg}]}`; 404 when a trace is not found) and
 * cmd/query/app/query_parser.go (`service` required for a search, `tags` a JSON map,
 * `start`/`end` in unix microseconds, `limit`); the trace JSON as in
 * cmd/jaeger/internal/extension/jaegerquery/internal/fixture/otlp2jaeger-out.json
 * (`traceID`, `spans[].{spanID, operationName, references[{refType, traceID, spanID}],
 * startTime µs, duration µs, tags[{key, type, value}], processID}`, `processes`).
 */

export interface JaegerKeyValue {
  readonly key: string;
  readonly type?: string;
  readonly value: unknown;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references?: readonly { readonly refType: string; readonly traceID?: string; readonly spanID: string }[] | null;
  readonly startTime: number;
  readonly duration: number;
  readonly tags?: readonly JaegerKeyValue[] | null;
  readonly processID?: string;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes?: Readonly<Record<string, { readonly serviceName: string }>>;
}

interface StructuredResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly code?: number; readonly msg?: string }[] | null;
}

/** Resolves to the `data` of a Jaeger answer; 404 -> `undefined`, other failures -> FailedError, no answer -> UnreachableError. */
async function get<T>(url: string, path: string): Promise<T | undefined> {
  const answer = await requestAt(JAEGER.title, url, path);
  const expected = "Jaeger's query API JSON";
  // A web page is another service at that URL (Jaeger's own UI answers its routes with JSON); its 404 is not "trace not found".
  if (isWebPage(answer)) throw unexpectedAnswer(JAEGER.title, url, path, answer, expected);
  if (answer.status === 404) return undefined;
  let body: StructuredResponse<T>;
  try {
    body = JSON.parse(answer.text) as StructuredResponse<T>;
  } catch {
    throw unexpectedAnswer(JAEGER.title, url, path, answer, expected);
  }
  const message = body?.errors?.map((e) => e.msg).filter(Boolean).join('; ');
  if (!answer.ok) throw new FailedError(`Jaeger answered ${answer.status} to ${path}${message ? `: ${message}` : ''}`);
  if (body === null || typeof body !== 'object' || !('data' in body)) throw unexpectedAnswer(JAEGER.title, url, path, answer, `${expected} (with "data")`);
  return (body.data ?? undefined) as T | undefined;
}

/** `GET /api/services`: every service Jaeger holds spans of. */
export async function jaegerServices(url: string): Promise<string[]> {
  const services = await get<string[]>(url, '/api/services');
  if (services !== undefined && !Array.isArray(services)) throw new FailedError('Jaeger answered /api/services with data that is not a list');
  return services ?? [];
}

/** `GET /api/traces/<id>`: the trace's spans, or `undefined` when Jaeger does not know it. */
export async function jaegerTrace(url: string, traceId: string): Promise<TraceSpan[] | undefined> {
  const traces = await get<JaegerTrace[]>(url, `/api/traces/${encodeURIComponent(traceId)}`);
  const spans = (traces ?? []).flatMap(fromJaeger);
  return spans.length === 0 ? undefined : spans;
}

export interface JaegerSearch {
  readonly service: string;
  readonly agentType?: string;
  readonly startUs: number;
  readonly endUs: number;
  readonly limit: number;
}

/** `GET /api/traces?service=&tags=&start=&end=&limit=`: the spans of the traces found. */
export async function jaegerSearch(url: string, search: JaegerSearch): Promise<TraceSpan[]> {
  const params = new URLSearchParams({ service: search.service, start: String(search.startUs), end: String(search.endUs), limit: String(search.limit) });
  if (search.agentType !== undefined) params.set('tags', JSON.stringify({ [AGENT_TYPE_KEY]: search.agentType }));
  const traces = await get<JaegerTrace[]>(url, `/api/traces?${params.toString()}`);
  if (traces !== undefined && !Array.isArray(traces)) throw new FailedError('Jaeger answered a trace search with data that is not a list');
  return (traces ?? []).flatMap(fromJaeger);
}

export function fromJaeger(trace: JaegerTrace): TraceSpan[] {
  if (!trace || !Array.isArray(trace.spans)) throw new FailedError('Jaeger answered with a trace that has no "spans" list');
  return trace.spans.map((span) => {
    const tags = new Map<string, unknown>((span.tags ?? []).map((t: JaegerKeyValue) => [t.key, t.value]));
    // OTLP spans stored by Jaeger carry their status as `otel.status_code`, and `error=true` when it is ERROR.
    const error = tags.get('error') === true || tags.get('error') === 'true' || tags.get('otel.status_code') === 'ERROR';
    const message = tags.get('otel.status_description');
    const parent = span.references?.find((r: { refType: string }) => r.refType === 'CHILD_OF') ?? span.references?.[0];
    const agentType = tags.get(AGENT_TYPE_KEY);
    return {
      traceId: span.traceID ?? trace.traceID,
      spanId: span.spanID,
      ...(parent ? { parentSpanId: parent.spanID } : {}),
      name: span.operationName,
      service: trace.processes?.[span.processID ?? '']?.serviceName ?? 'unknown_service',
      startUs: Number(span.startTime),
      durationUs: Number(span.duration),
      error,
      ...(error && typeof message === 'string' ? { errorMessage: message } : {}),
      ...(typeof agentType === 'string' ? { agentType } : {}),
    };
  });
}
