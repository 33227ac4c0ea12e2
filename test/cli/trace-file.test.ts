import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { traceFileSpanProcessor, type TraceFileRecord } from '../../runtime/trace-file';
import { AGENT_TYPES } from '../../schema/agent-types';
import { startFleet } from '../../sim/fleet';

/**
 * `aqe telemetry trace` on one machine: the simulated fleet (parents hand tasks to children
 * through the memory carrier, so traces are several levels deep) writes a real trace file
 * through runtime/trace-file.ts, then the CLI lists and draws it. In a file of its own: span
 * helpers only reach the first telemetry session of a process (see test/sim/fleet-trace.test.ts).
 */

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const ANSI = /\u001b\[/;

let dir: string;
let file: string;
let records: TraceFileRecord[];

const read = (path: string): TraceFileRecord[] => readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TraceFileRecord);

/** Spans by trace id. */
function byTrace(list: readonly TraceFileRecord[]): Map<string, TraceFileRecord[]> {
  const traces = new Map<string, TraceFileRecord[]>();
  for (const r of list) traces.set(r.traceId, [...(traces.get(r.traceId) ?? []), r]);
  return traces;
}

/** Depth of the deepest span of a trace (0: a root only). */
function depth(spans: readonly TraceFileRecord[]): number {
  const parents = new Map(spans.map((s) => [s.spanId, s.parentSpanId]));
  let deepest = 0;
  for (const s of spans) {
    let d = 0;
    for (let p = s.parentSpanId; p !== undefined && parents.has(p); p = parents.get(p)) d++;
    deepest = Math.max(deepest, d);
  }
  return deepest;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aqe-trace-cli-'));
  file = join(dir, 'traces.jsonl');
  const fleet = await startFleet({
    scenario: 'normal',
    timeScale: 60,
    seed: 11,
    spanProcessors: [traceFileSpanProcessor(file, { batch: { scheduledDelayMillis: 100 } })],
  });
  try {
    // Run until the file holds a trace in which a parent agent handed a task to a child
    // (invoke_agent -> create_agent -> invoke_agent: three levels at least).
    for (let waited = 0; waited < 20_000; waited += 250) {
      await sleep(250);
      if (!existsSync(file)) continue;
      const traces = [...byTrace(read(file)).values()];
      if (traces.some((t) => depth(t) >= 2 && t.some((s) => s.status.code === 'ERROR')) || (waited > 8000 && traces.some((t) => depth(t) >= 2))) break;
    }
  } finally {
    await fleet.stop(); // flushes the processor: the file is complete and stays as it is
  }
  records = read(file);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});



interface Listed {
  traceId: string;
  rootName: string;
  agentType?: string;
  startUs: number;
  durationUs: number;
  spanCount: number;
  errorCount: number;
}

describe('trace, from the trace file the simulated fleet wrote', () => {
  it('lists recent traces, newest first, with timing that matches the spans in the file', async () => {
    const run = await cli(['trace', '--json', '--limit', '1000'], { AQE_TRACE_FILE: file });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { source: unknown; traces: Listed[] };
    expect(answer.source).toEqual({ kind: 'file', path: file });
    const traces = byTrace(records);
    expect(answer.traces).toHaveLength(traces.size);
    for (const listed of answer.traces) {
      const spans = traces.get(listed.traceId)!;
      expect(spans, listed.traceId).toBeDefined();
      const start = Math.min(...spans.map((s) => s.startTimeUnixUs));
      const end = Math.max(...spans.map((s) => s.startTimeUnixUs + s.durationUs));
      expect(listed).toMatchObject({ startUs: start, durationUs: end - start, spanCount: spans.length, errorCount: spans.filter((s) => s.status.code === 'ERROR').length });
      const root = spans.find((s) => s.parentSpanId === undefined);
      if (root) expect(listed.rootName).toBe(root.name);
      expect(AGENT_TYPES).toContain(listed.agentType);
    }
    const starts = answer.traces.map((t) => t.startUs);
    expect(starts).toEqual([...starts].sort((a, b) => b - a));
    expect(new Set(answer.traces.map((t) => t.agentType)).size).toBeGreaterThan(1);

    const text = await cli(['trace', '--trace-file', file, '--limit', '5']);
    expect(text.code).toBe(0);
    const lines = text.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TRACE ID\s+ROOT SPAN\s+AGENT TYPE\s+START\s+DURATION\s+SPANS\s+ERRORS$/);
    expect(lines.slice(1, 6).map((l) => l.split(/\s+/)[0])).toEqual(answer.traces.slice(0, 5).map((t) => t.traceId));
    expect(lines[1]).toMatch(/^[0-9a-f]{32}\s+\S.*\s+qe-[a-z-]+\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+[\d.]+(µs|ms|s)\s+\d+\s+\d+$/);
    expect(text.stdout).not.toMatch(ANSI);
  });

  it('draws one trace as a waterfall: children indented under their parents, bars ordered by start', async () => {
    const candidates = [...byTrace(records).entries()].filter(([, spans]) => depth(spans) >= 2);
    expect(candidates.length, 'a trace with a parent agent and its child').toBeGreaterThan(0);
    const [traceId, spans] = candidates.find(([, s]) => s.some((x) => x.status.code === 'ERROR')) ?? candidates[0]!;

    const json = await cli(['trace', traceId, '--json', '--trace-file', file]);
    expect(json.code).toBe(0);
    const rows = (JSON.parse(json.stdout) as { spans: { spanId: string; parentSpanId?: string; depth: number; offsetUs: number; startUs: number }[] }).spans;
    expect(rows.map((r) => r.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());

    const text = await cli(['trace', traceId, '--trace-file', file]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(ANSI);
    const [header, ...drawn] = text.stdout.trimEnd().split('\n');
    expect(header).toMatch(new RegExp(`^Trace ${traceId}  .* ${spans.length} spans, \\d+ errors?`));
    expect(drawn).toHaveLength(rows.length);
    const parsed = drawn.map((line) => {
      const match = /^(.) ( *)(\S.*?)\s+\|([ █]+)\|/.exec(line);
      expect(match, line).not.toBeNull();
      return { error: match![1] === '✗', indent: match![2]!.length, name: match![3]!, barStart: match![4]!.indexOf('█'), barLength: match![4]!.trim().length };
    });
    const index = new Map(rows.map((r, i) => [r.spanId, i]));
    let checkedChildren = 0;
    rows.forEach((row, i) => {
      const span = spans.find((s) => s.spanId === row.spanId)!;
      expect(parsed[i]!.name).toBe(span.name);
      expect(parsed[i]!.indent).toBe(2 * row.depth);
      expect(parsed[i]!.error).toBe(span.status.code === 'ERROR');
      expect(parsed[i]!.barLength).toBeGreaterThanOrEqual(1);
      const parent = row.parentSpanId === undefined ? undefined : index.get(row.parentSpanId);
      if (parent === undefined) {
        expect(row.depth).toBe(0);
        return;
      }
      checkedChildren++;
      // A child comes after its parent, one level deeper, and its bar starts at or after the parent's.
      expect(parent).toBeLessThan(i);
      expect(row.depth).toBe(rows[parent]!.depth + 1);
      expect(row.startUs).toBeGreaterThanOrEqual(rows[parent]!.startUs);
      expect(parsed[i]!.barStart).toBeGreaterThanOrEqual(parsed[parent]!.barStart);
    });
    expect(checkedChildren).toBeGreaterThanOrEqual(2);
    // Siblings are drawn in start order.
    for (const [i, row] of rows.entries()) {
      const next = rows.slice(i + 1).find((r) => r.parentSpanId === row.parentSpanId && r.depth === row.depth);
      if (next) expect(next.startUs).toBeGreaterThanOrEqual(row.startUs);
    }
  });

  it('--agent keeps the traces with a span of that agent type', async () => {
    const counts = new Map<string, number>();
    for (const spans of byTrace(records).values()) {
      for (const type of new Set(spans.map((s) => s.attributes['aqe.agent.type']).filter((t): t is string => typeof t === 'string'))) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    const [agent, expected] = [...counts.entries()].sort((a, b) => a[1] - b[1])[0]!;
    const run = await cli(['trace', '--agent', agent, '--json', '--limit', '1000', '--trace-file', file]);
    expect(run.code).toBe(0);
    const listed = (JSON.parse(run.stdout) as { traces: Listed[] }).traces;
    expect(listed).toHaveLength(expected);
    const traces = byTrace(records);
    for (const t of listed) expect(traces.get(t.traceId)!.some((s) => s.attributes['aqe.agent.type'] === agent)).toBe(true);
  });

  it('errors: unknown agent type (exit 2, naming the valid ones), unknown trace (1), missing file (1), no source (2)', async () => {
    const agent = await cli(['trace', '--agent', 'qe-test-generater', '--trace-file', file]);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toMatch(/^error: --agent must be one of .*, got qe-test-generater \(did you mean qe-test-generator\?\)\n$/);
    for (const type of AGENT_TYPES) expect(agent.stderr).toContain(type);

    const unknown = await cli(['trace', 'f'.repeat(32), '--trace-file', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`error: trace ${'f'.repeat(32)} not found (trace file ${file})\n`);

    const missing = join(dir, 'nope.jsonl');
    const gone = await cli(['trace'], { AQE_TRACE_FILE: missing });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(`error: trace file ${missing} does not exist: agents write it when started with AQE_TRACE_FILE=${missing} (or give --jaeger <url>)\n`);

    const none = await cli(['trace']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: no trace source: give --jaeger <url> \(or AQE_JAEGER_URL\), or --trace-file <path>/);

    expect((await cli(['trace', 'not-a-trace-id', '--trace-file', file])).code).toBe(2);
    expect((await cli(['trace', '--limit', '0', '--trace-file', file])).code).toBe(2);
    expect((await cli(['trace', '--lookback', 'yesterday', '--trace-file', file])).code).toBe(2);
  });

  it('reads the rotated part too, and skips a line cut short with a warning', async () => {
    const copy = join(dir, 'copy.jsonl');
    const half = Math.floor(records.length / 2);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    appendFileSync(`${copy}.1`, lines.slice(0, half).join('\n') + '\n');
    appendFileSync(copy, lines.slice(half).join('\n') + '\n{"traceId":"ab');
    const run = await cli(['trace', '--json', '--limit', '1000', '--trace-file', copy]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`warning: skipped 1 unreadable line(s) of ${copy}\n`);
    const listed = (JSON.parse(run.stdout) as { traces: Listed[] }).traces;
    expect(listed.reduce((n, t) => n + t.spanCount, 0)).toBe(records.length);
  });
});
