import { context, diag, metrics, propagation, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { LoggerProvider } from '@opentelemetry/sdk-logs';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { bumpTelemetryGeneration } from './generation';

/** Registering the SDK providers as the global ones, and undoing exactly that; bounded waits. */

/** Registers what it can and returns how to undo exactly that. */
export function registerGlobals(tracerProvider: NodeTracerProvider, meterProvider: MeterProvider, loggerProvider: LoggerProvider) {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const registered = {
    trace: trace.setGlobalTracerProvider(tracerProvider),
    context: context.setGlobalContextManager(contextManager),
    propagation: propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    ),
    metrics: metrics.setGlobalMeterProvider(meterProvider),
    logs: logs.setGlobalLoggerProvider(loggerProvider) === loggerProvider,
  };
  const refused = Object.entries(registered).filter(([, ok]) => !ok).map(([name]) => name);
  if (refused.length > 0) diag.warn(`aqe-telemetry: another SDK already registered ${refused.join(', ')}; kept it`);
  if (!registered.context) contextManager.disable();

  let released = false;
  return (): void => {
    if (released) return;
    released = true;
    if (registered.trace) trace.disable();
    if (registered.context) context.disable();
    if (registered.propagation) propagation.disable();
    if (registered.metrics) metrics.disable();
    if (registered.logs) logs.disable();
    bumpTelemetryGeneration();
  };
}

/** Waits for `work` at most `millis`; never rejects, so shutdown never throws into the agent. */
export async function withTimeout(work: Promise<unknown>, millis: number, what: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      diag.warn(`aqe-telemetry: ${what} did not finish within ${millis} ms; unexported data is dropped`);
      resolve();
    }, millis);
    timer.unref();
  });
  try {
    await Promise.race([work.then(() => undefined, (error: unknown) => diag.error(`aqe-telemetry: ${what} failed`, error)), expired]);
  } finally {
    clearTimeout(timer);
  }
}
