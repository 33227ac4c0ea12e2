import { existsSync, readFileSync } from 'node:fs';
import type { TraceFileRecord } from '../../runtime/trace-file';
import { FailedError } from '../errors';
import { AGENT_TYPE_KEY, type TraceSpan } from './model';

/** What a trace file held: its spans, and how many lines could not be read (a line cut short by a crash, say). */
export interface TraceFileContents {
  readonly spans: TraceSpan[];
  readonly skippedLines: number;
}

/**
 * Reads the trace file the runtime writes (runtime/trace-file.ts): `<file>.1` (the part
 * rotated away at the size bound) then `<file>`. A missing file is an error that says how
 * agents come to write it.
 */
export function readTraceFile(path: string): TraceFileContents {
  if (!existsSync(path)) {
    throw new FailedError(`trace file ${path} does not exist: agents write it when started with AQE_TRACE_FILE=${path} (or give --jaeger <url>)`);
  }
  const spans: TraceSpan[] = [];
  let skippedLines = 0;
  for (const part of [`${path}.1`, path]) {
    let text: string;
    try {
      text = readFileSync(part, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT' && part !== path) continue;
      const code = (error as { code?: string }).code;
      throw new FailedError(`cannot read trace file ${part} (${code ?? (error as Error).message}); check that it is a file this user may read`);
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const span = parseLine(line);
      if (span) spans.push(span);
      else skippedLines++;
    }
  }
  return { spans, skippedLines };
}

function parseLine(line: string): TraceSpan | undefined {
  let record: Partial<TraceFileRecord>;
  try {
    record = JSON.parse(line) as Partial<TraceFileRecord>;
  } catch {
    return undefined;
  }
  const { traceId, spanId, name, startTimeUnixUs, durationUs } = record;
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || typeof name !== 'string') return undefined;
  if (typeof startTimeUnixUs !== 'number' || typeof durationUs !== 'number') return undefined;
  const agentType = record.attributes?.[AGENT_TYPE_KEY];
  const error = record.status?.code === 'ERROR';
  return {
    traceId,
    spanId,
    ...(typeof record.parentSpanId === 'string' ? { parentSpanId: record.parentSpanId } : {}),
    name,
    service: typeof record.service === 'string' ? record.service : 'unknown_service',
    startUs: startTimeUnixUs,
    durationUs,
    error,
    ...(error && record.status?.message ? { errorMessage: record.status.message } : {}),
    ...(typeof agentType === 'string' ? { agentType } : {}),
  };
}
