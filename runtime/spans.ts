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
  try {
    const parent = parentOf(options);
    span = currentTracer().startSpan(spec.name(attributes), spanOptions(spec, attributes, options), parent);
    active = trace.setSpan(parent, span);
  } catch (error) {
    diag.debug('aqe-telemetry: could not start a span', error);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT) as unknown as TypedSpan<A>);
  }

  let result: T;
  try {
    result = context.with(active, fn, undefined, span as unknown as TypedSpan<A>);
  } catch (error) {
    finish(span, error);
    throw error;
  }
  try {
    if (isPromiseLike(result)) {
      return result.then(
        (value) => {
          finish(span);
          return value;
        },
        (error: unknown) => {
          finish(span, error);
          throw error;
        },
      ) as T;
    }
  } catch (error) {
    // A result whose `then` throws (a hostile Proxy, a broken thenable) is handed back as it
    // is; the span ends now.
    diag.debug('aqe-telemetry: could not follow the result of a span', error);
  }
  finish(span);
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

/** Ends the span with OK, or with ERROR and the exception; never throws. */
function finish(span: Span, error?: unknown): void {
  try {
    if (error === undefined) {
      // Keep an ERROR the agent set itself (a failed run that did not throw).
      if (currentStatus(span) === SpanStatusCode.UNSET) span.setStatus({ code: SpanStatusCode.OK });
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      span.recordException(err);
      span.setAttribute(ATTR_ERROR_TYPE, err.name || 'Error');
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
    for (const key in given) {
      const value = given[key];
      if (value !== undefined && value !== null) all[key] = value;
    }
  }
  const links = typeof options === 'object' && options !== null ? options.links : undefined;
  return Array.isArray(links) ? { kind: spec.kind, attributes: all, links } : { kind: spec.kind, attributes: all };
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export { SpanKind };
