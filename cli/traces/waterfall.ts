import type { Paint } from '../output';
import type { TraceSpan } from './model';

/** One row of the waterfall: a span, its depth under its parent, and where it sits in the trace. */
export interface WaterfallRow {
  readonly span: TraceSpan;
  readonly depth: number;
  /** Microseconds from the trace's first start. */
  readonly offsetUs: number;
}

/**
 * Spans depth-first, each parent followed by its children ordered by start. A span whose
 * parent is not in the trace (not exported yet, or from a service Jaeger has not got)
 * becomes a root, so nothing is dropped.
 */
export function waterfallRows(spans: readonly TraceSpan[]): WaterfallRow[] {
  const byStart = [...spans].sort((a, b) => a.startUs - b.startUs || a.spanId.localeCompare(b.spanId));
  const ids = new Set(byStart.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of byStart) {
    const parent = span.parentSpanId;
    if (parent !== undefined && parent !== span.spanId && ids.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(span);
      else children.set(parent, [span]);
    } else {
      roots.push(span);
    }
  }
  const traceStart = byStart[0]?.startUs ?? 0;
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  const visit = (span: TraceSpan, depth: number): void => {
    // Guards against a parent cycle in foreign data: each span is drawn once.
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    rows.push({ span, depth, offsetUs: span.startUs - traceStart });
    for (const child of children.get(span.spanId) ?? []) visit(child, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return rows;
}

export const BAR_WIDTH = 40;

/**
 * The bar of a row: `BAR_WIDTH` columns for the whole trace, the span's start offset as
 * blanks, its duration as at least one block (a 0 µs span must still show where it is).
 */
export function bar(offsetUs: number, durationUs: number, totalUs: number, width = BAR_WIDTH): string {
  const scale = totalUs > 0 ? width / totalUs : 0;
  const start = Math.min(Math.floor(offsetUs * scale), width - 1);
  const length = Math.max(1, Math.min(Math.round(durationUs * scale), width - start));
  return ' '.repeat(start) + '█'.repeat(length) + ' '.repeat(width - start - length);
}

export function formatDuration(us: number): string {
  if (us < 1000) return `${us}µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)}ms`;
  return `${(us / 1_000_000).toFixed(2)}s`;
}

/**
 * The waterfall as text: `<mark> <indented name>  |<bar>|  +<offset>  <duration>  <agent type> <error>`,
 * with `✗` marking a span that ended in error.
 */
export function renderWaterfall(rows: readonly WaterfallRow[], paint: Paint): string {
  if (rows.length === 0) return '';
  const totalUs = rows.reduce((end, r) => Math.max(end, r.offsetUs + r.span.durationUs), 0);
  const labels = rows.map((r) => `${'  '.repeat(r.depth)}${r.span.name}`);
  const labelWidth = Math.max(...labels.map((l) => l.length));
  const offsets = rows.map((r) => `+${formatDuration(r.offsetUs)}`);
  const offsetWidth = Math.max(...offsets.map((o) => o.length));
  const durations = rows.map((r) => formatDuration(r.span.durationUs));
  const durationWidth = Math.max(...durations.map((d) => d.length));
  return rows
    .map((r, i) => {
      const mark = r.span.error ? paint.bad('✗') : ' ';
      const drawn = bar(r.offsetUs, r.span.durationUs, totalUs);
      const coloured = r.span.error ? paint.bad(drawn) : paint.ok(drawn);
      const error = r.span.error ? paint.bad(`ERROR${r.span.errorMessage ? `: ${r.span.errorMessage}` : ''}`) : '';
      const cells = [`${mark} ${labels[i]!.padEnd(labelWidth)}`, `|${coloured}|`, offsets[i]!.padStart(offsetWidth), durations[i]!.padStart(durationWidth), r.span.agentType ?? '', error];
      return cells.join('  ').trimEnd() + '\n';
    })
    .join('');
}
