/**
 * A local trace file: finished spans appended as JSON lines, so that `aqe telemetry trace`
 * can show traces on one machine with no Jaeger (and no collector) running. Enabled by
 * AQE_TRACE_FILE (or the `traceFile` option of initializeTelemetry).
 *
 * Size bound: before a batch would take the file past `maxBytes`, the file is renamed to
 * `<file>.1` (replacing an older `<file>.1`) and a new file is started. Disk use stays
 * under about twice `maxBytes`, the most recent spans are always kept, and readers
 * (cli/traces/trace-file.ts) read `<file>.1` then `<file>`. Several processes may append to
 * one file: each batch is one append (O_APPEND); only a rotation can race with another
 * process's append, which then lands in `<file>.1`.
 */
import { mkdir, appendFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { diag, SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import { ExportResultCode, getNumberFromEnv, getStringFromEnv, type ExportResult } from '@opentelemetry/core';
import { BatchSpanProcessor, type BufferConfig, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { withExportFailureAccounting } from './export-failure-accounting';

import { TRACE_FILE_ENV } from './defaults';

export { TRACE_FILE_ENV };
export const TRACE_FILE_MAX_BYTES_ENV = 'AQE_TRACE_FILE_MAX_BYTES';
/** 50 MiB: some 50 000 agent spans, days of a developer's fleet. */
export const DEFAULT_TRACE_FILE_MAX_BYTES = 50 * 1024 * 1024;

/**
 * One line of the trace file. Times in microseconds since the epoch, as Jaeger's API has
 * them: exact as JSON numbers (nanoseconds since the epoch are not), and fine enough for
 * agent spans. Attribute keys are the schema's (`aqe.agent.type`, `gen_ai.*`).
 */
export interface TraceFileRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: keyof typeof SpanKind;
  /** `service.name` of the resource. */
  readonly service: string;
  readonly startTimeUnixUs: number;
  readonly durationUs: number;
  readonly status: { readonly code: keyof typeof SpanStatusCode; readonly message?: string };
  readonly attributes: Attributes;
  readonly events: readonly { readonly name: string; readonly timeUnixUs: number; readonly attributes?: Attributes }[];
}

const toUs = (time: HrTime): number => time[0] * 1_000_000 + Math.floor(time[1] / 1000);

export function toTraceFileRecord(span: ReadableSpan): TraceFileRecord {
  const parentSpanId = span.parentSpanContext?.spanId;
  const start = toUs(span.startTime);
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: span.name,
    kind: SpanKind[span.kind] as keyof typeof SpanKind,
    service: String(span.resource.attributes[ATTR_SERVICE_NAME] ?? 'unknown_service'),
    startTimeUnixUs: start,
    durationUs: Math.max(toUs(span.endTime) - start, 0),
    status: { code: SpanStatusCode[span.status.code] as keyof typeof SpanStatusCode, ...(span.status.message ? { message: span.status.message } : {}) },
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, timeUnixUs: toUs(e.time), ...(e.attributes ? { attributes: e.attributes } : {}) })),
  };
}

/**
 * Appends each batch of finished spans to `path`. Never throws: a failed write is a FAILED
 * export result (counted by export-failure accounting), and the next batch tries again.
 */
export class TraceFileExporter implements SpanExporter {
  private pending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly path: string,
    readonly maxBytes: number = DEFAULT_TRACE_FILE_MAX_BYTES,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('trace file exporter is shut down') });
      return;
    }
    let text: string;
    try {
      text = spans.map((s) => JSON.stringify(toTraceFileRecord(s)) + '\n').join('');
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error as Error });
      return;
    }
    // Chained, so batches land in order and a rotation never interleaves with an append of ours.
    this.pending = this.pending
      .then(() => this.append(text))
      .then(
        () => resultCallback({ code: ExportResultCode.SUCCESS }),
        (error: unknown) => {
          diag.warn(`aqe-telemetry: could not write spans to ${this.path}`, error);
          resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
  }

  private async append(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text);
    // Asked every batch rather than remembered: other processes may append to the same file.
    const size = await stat(this.path).then((s) => s.size, () => -1);
    if (size < 0) await mkdir(dirname(this.path), { recursive: true });
    else if (size > 0 && size + bytes > this.maxBytes) await rename(this.path, `${this.path}.1`);
    await appendFile(this.path, text);
  }

  forceFlush(): Promise<void> {
    return this.pending;
  }

  shutdown(): Promise<void> {
    this.stopped = true;
    return this.pending;
  }
}

export interface TraceFileOptions {
  /** @default AQE_TRACE_FILE_MAX_BYTES or 50 MiB */
  readonly maxBytes?: number;
  /** Batching of the processor. @default the BatchSpanProcessor's (OTEL_BSP_*: 5 s, 512 spans) */
  readonly batch?: BufferConfig;
}

/**
 * The processor initializeTelemetry adds for a trace file: batched, with failed writes
 * counted in the export-failure metric with signal `traces` and exporter `file`.
 *
 * @example
 * initializeTelemetry({ spanProcessors: [traceFileSpanProcessor('/tmp/aqe-traces.jsonl')] });
 */
export function traceFileSpanProcessor(path: string, options: TraceFileOptions = {}): BatchSpanProcessor {
  // Untyped callers: a path that is not a string names no file (every batch then fails, and
  // is counted), and options that cannot be read are the defaults.
  let maxBytes: number | undefined;
  let batch: BufferConfig | undefined;
  try {
    if (typeof options === 'object' && options !== null) {
      maxBytes = positiveInt(options.maxBytes);
      if (typeof options.batch === 'object' && options.batch !== null) batch = { ...options.batch };
    }
  } catch (error) {
    diag.warn('aqe-telemetry: the trace file options could not be read; using the defaults', error);
  }
  const file = typeof path === 'string' ? path : '';
  const exporter = new TraceFileExporter(file, maxBytes ?? positiveInt(getNumberFromEnv(TRACE_FILE_MAX_BYTES_ENV)) ?? DEFAULT_TRACE_FILE_MAX_BYTES);
  return new BatchSpanProcessor(withExportFailureAccounting(exporter, 'traces', 'file'), batch);
}

/** The trace file asked for by the environment, if any. */
export function traceFileFromEnv(): string | undefined {
  const path = getStringFromEnv(TRACE_FILE_ENV);
  return path === undefined || path === '' ? undefined : path;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
