import { aqeAgentType } from '../../schema/attributes';

/**
 * One span as `aqe telemetry trace` shows it, whichever source it came from (Jaeger's query
 * API or the local trace file). Times in microseconds since the epoch, as both sources have them.
 */
export interface TraceSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Undefined on a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly service: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly error: boolean;
  /** The error message of the span status, when there is one. */
  readonly errorMessage?: string;
  /** `aqe.agent.type` of the span, when set. */
  readonly agentType?: string;
}

/** A row of the trace list. */
export interface TraceSummary {
  readonly traceId: string;
  /** The earliest span without a parent in the trace (the earliest span when every parent is missing). */
  readonly rootName: string;
  /** The root's agent type, else that of the earliest span that has one. */
  readonly agentType?: string;
  readonly startUs: number;
  /** From the earliest start to the latest end of its spans. */
  readonly durationUs: number;
  readonly spanCount: number;
  readonly errorCount: number;
}

export const AGENT_TYPE_KEY = aqeAgentType.name;

/** Trace ids compare as 32 lower-case hex digits (Jaeger drops leading zeros of 64-bit ids). */
export function normaliseTraceId(id: string): string {
  return id.toLowerCase().padStart(32, '0');
}

export function summarise(spans: readonly TraceSpan[]): TraceSummary {
  const byStart = [...spans].sort((a, b) => a.startUs - b.startUs);
  const ids = new Set(spans.map((s) => s.spanId));
  const root = byStart.find((s) => s.parentSpanId === undefined) ?? byStart.find((s) => !ids.has(s.parentSpanId ?? '')) ?? byStart[0]!;
  const startUs = byStart[0]!.startUs;
  const endUs = spans.reduce((end, s) => Math.max(end, s.startUs + s.durationUs), startUs);
  const agentType = root.agentType ?? byStart.find((s) => s.agentType !== undefined)?.agentType;
  return {
    traceId: root.traceId,
    rootName: root.name,
    ...(agentType === undefined ? {} : { agentType }),
    startUs,
    durationUs: endUs - startUs,
    spanCount: spans.length,
    errorCount: spans.filter((s) => s.error).length,
  };
}

export interface ListQuery {
  /** Keep traces with a span of this agent type. */
  readonly agentType?: string;
  /** Keep traces that started at or after this time. */
  readonly sinceUs: number;
  readonly limit: number;
}

/** Groups spans into traces and keeps the most recent ones that match, newest first. */
export function recentTraces(spans: Iterable<TraceSpan>, query: ListQuery): Map<string, TraceSpan[]> {
  const traces = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    const id = normaliseTraceId(span.traceId);
    const list = traces.get(id);
    if (list) list.push(span);
    else traces.set(id, [span]);
  }
  const kept = [...traces.entries()]
    .map(([id, list]) => ({ id, list, start: list.reduce((min, s) => Math.min(min, s.startUs), Infinity) }))
    .filter((t) => t.start >= query.sinceUs && (query.agentType === undefined || t.list.some((s) => s.agentType === query.agentType)))
    .sort((a, b) => b.start - a.start)
    .slice(0, query.limit);
  return new Map(kept.map((t) => [t.id, t.list]));
}
