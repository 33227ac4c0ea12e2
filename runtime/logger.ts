/**
 * Structured logging with trace correlation (spec: every trace has its logs).
 *
 * pino writes the JSON lines; a `logMethod` hook sends the same call to the
 * OpenTelemetry logs API, so the OTLP pipeline gets records with trace context
 * natively instead of by parsing our own output.
 */
import { format } from 'node:util';
import { context, diag, isSpanContextValid, trace } from '@opentelemetry/api';
import { logs, SeverityNumber, type AnyValue, type LogAttributes, type Logger as OtelLogger } from '@opentelemetry/api-logs';
import { getStringFromEnv } from '@opentelemetry/core';
import { pino, type DestinationStream, type Logger } from 'pino';
import { SCOPE_NAME, SCOPE_VERSION } from './scope';
import { telemetryGeneration } from './generation';

export interface CreateLoggerOptions {
  /** pino's `name` field, and the OpenTelemetry instrumentation scope. @default 'aqe-telemetry' */
  readonly name?: string;
  /** Applies to both outputs. @default AQE_LOG_LEVEL or 'info' */
  readonly level?: string;
  /** JSON lines to stdout. @default true, or false when `destination` is given */
  readonly stdout?: boolean;
  /** Where else to write JSON lines (tests capture with it). */
  readonly destination?: DestinationStream;
}

/**
 * A pino logger whose records carry `trace_id`/`span_id`/`trace_flags` of the active
 * span and are also emitted to the OpenTelemetry logs API with the active context.
 * The OpenTelemetry side never throws into the caller.
 *
 * @example
 * const log = createLogger({ name: 'qe-test-generator' });
 * getTracer().startActiveSpan('aqe.agent.execute', (span) => {
 *   log.info({ tests: 12 }, 'generated %d tests', 12); // JSON + OTel record, both with the span's ids
 *   span.end();
 * });
 */
export function createLogger(given: CreateLoggerOptions = {}): Logger {
  const options = readOptions(given);
  const scope = options.name ?? SCOPE_NAME;
  const otel = otelLoggerFor(scope);
  const logger = pino(
    {
      name: options.name,
      level: knownLevel(options.level ?? getStringFromEnv('AQE_LOG_LEVEL')),
      // Labels, not numbers: what Loki queries and people read.
      formatters: { level: (label) => ({ level: label }) },
      mixin: traceFields,
      hooks: {
        logMethod(args, method, level) {
          emit(otel(), this, args as unknown[], level);
          try {
            method.apply(this, args);
          } catch (error) {
            // pino throws on what it cannot serialise, and a destination may throw on write:
            // a log line is not worth the agent's run.
            diag.debug('aqe-telemetry: could not write a log line', error);
          }
        },
      },
    },
    destinationFor(options),
  );
  // pino throws on a child with no bindings, or bindings it cannot read, and takes each
  // character of a string as a binding (a second and a half for a long one): such a child
  // gets none. Set on the root, it is inherited: pino's children are Object.create(parent).
  const child = logger.child;
  logger.child = function safeChild(this: Logger, bindings, childOptions) {
    try {
      return child.call(this, typeof bindings === 'object' && bindings !== null ? bindings : {}, childOptions);
    } catch (error) {
      diag.debug('aqe-telemetry: could not make a child logger with these bindings; made one without', error);
      return child.call(this, {});
    }
  } as Logger['child'];
  return logger;
}

const DEFAULT_LEVEL = 'info';

/**
 * The options as pino can take them. Untyped callers pass null, a Proxy, a number as the
 * level or a destination without `write`, and pino throws on each; what is not of its
 * type is left out (the level is warned about, as a typo in AQE_LOG_LEVEL is).
 */
function readOptions(options: unknown): { name?: string; level?: unknown; stdout?: boolean; destination?: DestinationStream } {
  if (typeof options !== 'object' || options === null) return {};
  try {
    const { name, level, stdout, destination } = options as Record<string, unknown>;
    const writable = typeof destination === 'object' && destination !== null && typeof (destination as { write?: unknown }).write === 'function';
    return {
      ...(typeof name === 'string' ? { name } : {}),
      ...(level !== undefined ? { level } : {}),
      ...(typeof stdout === 'boolean' ? { stdout } : {}),
      ...(writable ? { destination: destination as DestinationStream } : {}),
    };
  } catch (error) {
    diag.warn('aqe-telemetry: the logger options could not be read; using the defaults', error);
    return {};
  }
}

/**
 * A level pino knows, or the default: pino throws on any other (`warning`, `INFO `), and a typo
 * in AQE_LOG_LEVEL must not stop an agent. Said once on the SDK's diagnostics channel.
 */
function knownLevel(level: unknown): string {
  if (level === undefined) return DEFAULT_LEVEL;
  const normal = typeof level === 'string' ? level.trim().toLowerCase() : undefined;
  if (normal !== undefined && (Object.prototype.hasOwnProperty.call(pino.levels.values, normal) || normal === 'silent')) return normal;
  diag.warn(`aqe-telemetry: log level "${typeof level === 'string' ? level : typeof level}" is not one of ${[...Object.keys(pino.levels.values), 'silent'].join(', ')}; using ${DEFAULT_LEVEL}`);
  return DEFAULT_LEVEL;
}

/** Correlation fields named as the OpenTelemetry log data model and Loki's derived fields expect. */
function traceFields(): Record<string, string> {
  const spanContext = trace.getSpanContext(context.active());
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

function destinationFor(options: Pick<CreateLoggerOptions, 'stdout' | 'destination'>): DestinationStream {
  const stdout = options.stdout ?? options.destination === undefined;
  const streams = [...(options.destination ? [options.destination] : []), ...(stdout ? [pino.destination(1)] : [])];
  if (streams.length === 1 && streams[0]) return streams[0];
  // Nothing to write: a sink, not `enabled: false`, which would silence the OTel side too.
  if (streams.length === 0) return { write: () => undefined };
  // 'trace' so the streams never filter more than the logger's own level does.
  return pino.multistream(streams.map((stream) => ({ stream, level: 'trace' })));
}

/** Re-resolved when the generation changes: a logger from a shut-down provider drops everything. */
function otelLoggerFor(scope: string): () => OtelLogger {
  let cached: { generation: number; logger: OtelLogger } | undefined;
  return () => {
    if (cached?.generation !== telemetryGeneration()) {
      cached = { generation: telemetryGeneration(), logger: logs.getLogger(scope, SCOPE_VERSION) };
    }
    return cached.logger;
  };
}

/** Mirrors pino's argument rules: (mergeObject | Error)?, message?, ...interpolation. */
function emit(otel: OtelLogger, logger: Logger, args: unknown[], level: number): void {
  try {
    const [first, ...rest] = args;
    const fields: Record<string, unknown> = { ...logger.bindings() };
    delete fields.name; // it is the instrumentation scope already
    let exception: unknown;
    let message: unknown;
    if (first instanceof Error) {
      exception = first;
      message = rest.length > 0 ? format(...rest) : first.message;
    } else if (typeof first === 'object' && first !== null) {
      Object.assign(fields, first);
      if (fields.err instanceof Error) exception = fields.err;
      message = rest.length > 0 ? format(...rest) : fields.msg;
      delete fields.err; // becomes exception.* attributes
      delete fields.msg; // becomes the body
    } else {
      message = args.length > 0 ? format(...args) : undefined;
    }
    otel.emit({
      timestamp: Date.now(),
      severityNumber: severityOf(level),
      severityText: logger.levels.labels[level] ?? String(level),
      body: message === undefined ? undefined : String(message),
      attributes: toAttributes(fields),
      exception,
      context: context.active(),
    });
  } catch {
    // Logging must keep working when the OpenTelemetry side does not.
  }
}

/** pino's levels are 10 apart; custom levels in between fall into the band below. */
function severityOf(level: number): SeverityNumber {
  if (level < 20) return SeverityNumber.TRACE;
  if (level < 30) return SeverityNumber.DEBUG;
  if (level < 40) return SeverityNumber.INFO;
  if (level < 50) return SeverityNumber.WARN;
  if (level < 60) return SeverityNumber.ERROR;
  return SeverityNumber.FATAL;
}

/** Values the logs data model cannot carry are converted (Date, bigint, Error) or left out. */
function toAttributes(fields: Record<string, unknown>): LogAttributes {
  const attributes: LogAttributes = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    if (value instanceof Date) attributes[key] = value.toISOString();
    else if (typeof value === 'bigint') attributes[key] = value.toString();
    else if (value instanceof Error) attributes[key] = `${value.name}: ${value.message}`;
    else attributes[key] = value as AnyValue;
  }
  return attributes;
}
