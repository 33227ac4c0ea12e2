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
  options: SpanOptions = {},
): T {
  const parent = options.parent ?? context.active();
  let span: Span;
  try {
    span = currentTracer().startSpan(spec.name(attributes), spanOptions(spec, attributes, options), parent);
  } catch (error) {
    diag.debug('aqe-telemetry: could not start a span', error);
    return fn(trace.wrapSpanContext(INVALID_SPAN_CONTEXT) as unknown as TypedSpan<A>);
  }

  let result: T;
  try {
    result = context.with(trace.setSpan(parent, span), fn, undefined, span as unknown as TypedSpan<A>);
  } catch (error) {
    finish(span, error);
    throw error;
  }
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
  finish(span);
  return result;
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
  }
}

function currentStatus(span: Span): SpanStatusCode {
  // The API has no status getter; SDK spans expose it as `status`.
  const status = (span as { status?: { code?: SpanStatusCode } }).status;
  return status?.code ?? SpanStatusCode.UNSET;
}

/** The fixed attributes, then the given ones that are set. A plain loop: spreads cost more here. */
function spanOptions<A extends object>(spec: SpanSpec<A>, attributes: A, options: SpanOptions) {
  const all: Attributes = {};
  for (const key in spec.fixedAttributes) all[key] = spec.fixedAttributes[key];
  const given = attributes as Record<string, Attributes[string] | null>;
  for (const key in given) {
    const value = given[key];
    if (value !== undefined && value !== null) all[key] = value;
  }
  return options.links ? { kind: spec.kind, attributes: all, links: options.links } : { kind: spec.kind, attributes: all };
}

function isPromiseLike<T>(value: T): value is T & PromiseLike<Awaited<T>> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export { SpanKind };
