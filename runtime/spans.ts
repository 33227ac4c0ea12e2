import {
  context,
  diag,
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { SCOPE_NAME, SCOPE_VERSION } from './scope';

/**
 * The runtime half of the generated span helpers: the span pattern of spec 14.2 written
 * once. The span is active while `fn` runs, ends when `fn` returns or its promise
 * settles, gets status OK or ERROR, and records the exception on failure. The agent's
 * own errors are rethrown unchanged; telemetry's own failures never reach the agent.
 */

export interface SpanSpec<A> {
  readonly name: (attributes: A) => string;
  readonly kind: SpanKind;
  readonly fixedAttributes: Attributes;
  /**
   * Called once the span has ended, with its duration and attributes (`error.type` included
   * when it failed): generated helpers record a standard duration metric here. Its failures
   * are telemetry's and stay here.
   */
  readonly onEnd?: (seconds: number, attributes: Attributes) => void;
  /** Given attributes also set under a standard key (`aqe.memory.key` as `gen_ai.memory.record.id`), at start. */
  readonly copies?: Readonly<Record<string, string>>;
}

export interface SpanOptions {
  /** Parent context, such as one extracted from the memory carrier; default: the active one. */
  readonly parent?: Context;
  readonly links?: Link[];
}

/** The span handed to the callback: attributes set later are typed like those at start. */
export type TypedSpan<A> = Omit<Span, 'setAttributes'> & {
  setAttributes(attributes: Partial<A>): TypedSpan<A>;
};

/**
 * The tracer, taken again whenever the global provider changes: a tracer kept from module
 * load would keep pointing at the first session's provider after a shutdown and a new
 * initializeTelemetry(), and every later span would be lost.
 */
let tracerProvider: TracerProvider | undefined;
let tracer: Tracer | undefined;
function currentTracer(): Tracer {
  const provider = trace.getTracerProvider();
  if (provider !== tracerProvider || !tracer) {
    tracer = provider.getTracer(SCOPE_NAME, SCOPE_VERSION);
    tracerProvider = provider;
  }
  return tracer;
}

export function runInSpan<A extends object, T>(
  spec: SpanSpec<A>,
  attributes: A,
  fn: (span: TypedSpan<A>) => T,
  options?: SpanOptions,
): T {
  // Not a function: there is no work to run and nothing to measure. Calling it would throw
  // a TypeError of telemetry's making into the agent.
  if (typeof fn !== 'function') {
    diag.debug('aqe-telemetry: a span helper was given no function to run');
    return undefined as T;
  }
  let span: Span;
  let active: Context;
  let ended: (error?: unknown) => void;
  try {
    const parent = parentOf(options);
    const start = spanOptions(spec, attributes, options);
    span = currentTracer().startSpan(spec.name(attributes), start, parent);
    active = trace.setSpan(parent, span);
    ended = spec.onEnd ? measured(span, spec.onEnd, start.attributes) : (error) => finish(span, error);
  } catch (error) {
    diag.debug('aqe-telemetry: could not start a span', error);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT) as unknown as TypedSpan<A>);
  }

  let result: T;
  try {
    result = context.with(active, fn, undefined, span as unknown as TypedSpan<A>);
  } catch (error) {
    ended(error);
    throw error;
  }
  try {
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          ended();
          return value;
        },
        (error: unknown) => {
          ended(error);
          throw error;
        },
      ) as T;
    }
  } catch (error) {
    // A result whose `then` throws (a hostile Proxy, a broken thenable) is handed back as it
    // is; the span ends now.
    diag.debug('aqe-telemetry: could not follow the result of a span', error);
  }
  ended();
  return result;
}

/**
 * The given parent if it is a context, else the active one: `options` comes from untyped
 * callers too (null, a string), and the SDK would throw on anything without `getValue`.
 */
function parentOf(options: SpanOptions | undefined): Context {
  const parent = typeof options === 'object' && options !== null ? options.parent : undefined;
  return typeof parent === 'object' && parent !== null && typeof parent.getValue === 'function' && typeof parent.setValue === 'function'
    ? parent
    : context.active();
}

/**
 * `finish`, then `onEnd` with the span's duration and attributes: the SDK span's own (what the
 * agent set during the run and `error.type`), else those it started with. Never throws.
 */
function measured(span: Span, onEnd: NonNullable<SpanSpec<unknown>['onEnd']>, startAttributes: Attributes): (error?: unknown) => void {
  const startedAt = performance.now();
  return (error) => {
    finish(span, error);
    try {
      const recorded = (span as { attributes?: Attributes }).attributes;
      let attributes = typeof recorded === 'object' && recorded !== null ? recorded : startAttributes;
      // A span that is not recorded (sampled out) has no attributes to read: the outcome still counts.
      if (error !== undefined && attributes[ATTR_ERROR_TYPE] === undefined) attributes = { ...attributes, [ATTR_ERROR_TYPE]: errorName(error) };
      onEnd((performance.now() - startedAt) / 1000, attributes);
    } catch (failure) {
      diag.debug('aqe-telemetry: could not record a span\'s duration', failure);
    }
  };
}

/** Ends the span with OK, or with ERROR and the exception; never throws. */
function finish(span: Span, error?: unknown): void {
  try {
    if (error === undefined) {
      // Keep an ERROR the agent set itself (a failed run that did not throw).
      if (currentStatus(span) === SpanStatusCode.UNSET) span.setStatus({ code: SpanStatusCode.OK });
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      span.recordException(err);
      // An error class the agent set itself (`timeout`, the provider's code) says more than the exception's.
      if ((span as { attributes?: Attributes }).attributes?.[ATTR_ERROR_TYPE] === undefined) span.setAttribute(ATTR_ERROR_TYPE, errorName(err));
      span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
    }
    span.end();
  } catch (failure) {
    diag.debug('aqe-telemetry: could not end a span', failure);
    try {
      // An error value that cannot even be printed must not leave the span open.
      span.end();
    } catch {
      // Ended already, or a broken span: nothing more to do.
    }
  }
}

function errorName(error: unknown): string {
  return (error instanceof Error && error.name) || 'Error';
}

function currentStatus(span: Span): SpanStatusCode {
  // The API has no status getter; SDK spans expose it as `status`.
  const status = (span as { status?: { code?: SpanStatusCode } }).status;
  return status?.code ?? SpanStatusCode.UNSET;
}

/** The fixed attributes, then the given ones that are set. A plain loop: spreads cost more here. */
function spanOptions<A extends object>(spec: SpanSpec<A>, attributes: A, options: SpanOptions | undefined) {
  const all: Attributes = {};
  for (const key in spec.fixedAttributes) all[key] = spec.fixedAttributes[key];
  // Only an object has attributes: a string would give one per character.
  if (typeof attributes === 'object' && attributes !== null) {
    const given = attributes as Record<string, Attributes[string] | null>;
    const copies = spec.copies;
    for (const key in given) {
      const value = given[key];
      if (value === undefined || value === null) continue;
      all[key] = value;
      const standard = copies?.[key];
      if (standard !== undefined) all[standard] = value;
    }
  }
  const links = typeof options === 'object' && options !== null ? options.links : undefined;
  return Array.isArray(links) ? { kind: spec.kind, attributes: all, links } : { kind: spec.kind, attributes: all };
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export { SpanKind };
