import { metrics, type MeterProvider } from '@opentelemetry/api';
import { MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as instrumentation from '../../out/instrumentation';
import * as bootstrap from '../../runtime/bootstrap';
import { CellsProducer } from '../../runtime/cells-producer';
import * as contextPropagation from '../../runtime/context-propagation';
import * as cost from '../../runtime/cost';
import { MAX_RECORDED_VALUE, MetricHandle } from '../../runtime/instruments';
import { MAX_LABEL_VALUE_LENGTH, OTHER } from '../../runtime/label-guard';
import * as generation from '../../runtime/generation';
import * as logger from '../../runtime/logger';
import { activateCellStore, activeCellStore, CellStore, deactivateCellStore } from '../../runtime/metric-cells';
import * as selfHealth from '../../runtime/self-health';
import * as spansModule from '../../runtime/spans';
import * as traceFile from '../../runtime/trace-file';
import { FUZZ_SEED, HOSTILE_VALUES, hostile, labelRecordFor, labelsFor, resolveHostile, targetsOf, type Target } from '../support/fuzz';

/**
 * Issue 13: nothing a caller does can hurt the agent. Every callable of the modules agents
 * import (README: runtime/bootstrap, logger, context-propagation, cost, trace-file, and
 * out/instrumentation, whose helpers carry the runtime half, also called on its own) gets
 * hostile values in every argument position, first with no SDK registered, then with the
 * real SDK and in-memory readers, whose output is then checked: no label value over the
 * cap, no sum that is not finite.
 */

const ENTRY_POINTS: Record<string, Record<string, unknown>> = {
  // The index's top level (recordTokenUsage), and its namespaces of metric and span helpers.
  'out/instrumentation': instrumentation,
  'out/instrumentation.metrics': instrumentation.metrics,
  'out/instrumentation.spans': instrumentation.spans,
  'runtime/bootstrap': bootstrap,
  'runtime/logger': logger,
  'runtime/context-propagation': contextPropagation,
  'runtime/cost': cost,
  'runtime/trace-file': traceFile,
  // The runtime half of the generated helpers, also called on its own.
  'runtime/spans': spansModule,
  'runtime/self-health': selfHealth,
  'runtime/generation': generation,
};

/** Left out here, with the reason; each is fuzzed elsewhere or is not for agents to call. */
const SKIP: Record<string, ReadonlySet<string>> = {
  // Start and stop the SDK this file registers itself: fuzz-env.test.ts fuzzes their options.
  'runtime/bootstrap': new Set(['initializeTelemetry', 'shutdownTelemetry']),
  // The SDK's exporter interface, called by the SDK with its own spans and callback.
  'runtime/trace-file': new Set(['toTraceFileRecord']),
  // Generated code registers the sinks at import; a hostile one would replace them for the
  // rest of this file (and what it then does is caught: self-health.ts has a try per call).
  'runtime/self-health': new Set(['registerRejectionSink', 'registerExportFailureSink']),
};

const targets: Target[] = Object.entries(ENTRY_POINTS).flatMap(([name, module]) => targetsOf(name, module, SKIP[name]));

/** Plausible values by parameter name, so that one hostile argument meets working others and gets deep. */
function plausible(param: string, target: Target): unknown {
  switch (param) {
    case 'fn':
      return () => 'result';
    case 'labels':
      return Object.fromEntries((target.labels ?? []).map((l) => [l.name, l.values?.[0] ?? 'fuzz']));
    case 'value':
    case 'delta':
      return 1;
    case 'ids':
      return { agentId: 'agent', taskId: 'task', sessionId: 'session' };
    case 'usage':
      return { inputTokens: 10, outputTokens: 5 };
    case 'memory':
      return new contextPropagation.InMemoryAgentMemory();
    case 'taskId':
      return 'task';
    case 'attributes':
      return {};
    case 'spec':
      return { name: () => 'fuzz', kind: spansModule.SpanKind.INTERNAL, fixedAttributes: {} };
    default:
      return undefined;
  }
}

/** Arguments for one call: plausible ones everywhere, hostile (or fuzzed labels) where asked. */
function argumentsArbitrary(target: Target): fc.Arbitrary<unknown[]> {
  const positions = Math.max(target.params.length, 1) + 1; // one extra: callers pass too many, too
  return fc.tuple(
    ...Array.from({ length: positions }, (_, i) => {
      const param = target.params[i] ?? '';
      const fuzzed = param === 'labels' && target.labels ? labelsFor(target.labels) : hostile;
      return fc.oneof({ weight: 3, arbitrary: fuzzed }, { weight: 1, arbitrary: fc.constant(plausible(param, target)) });
    }),
  );
}

interface Outcome {
  readonly failure?: string;
}

/**
 * One call. A throw (or rejection) is a failure unless the function the caller passed as `fn`
 * threw it: the agent's own error must come back unchanged. When `fn` is a function it runs
 * exactly once and the helper returns what it returned. What a call hands back to be used later
 * is used too: a timer's end function (with the call's last argument as its labels, then again),
 * a bound handle's every method (`depth` bounds handles bound from handles).
 */
async function callOnce(target: Target, args: unknown[], depth = 0): Promise<Outcome> {
  const fnIndex = target.params.indexOf('fn');
  const given = fnIndex >= 0 ? args[fnIndex] : undefined;
  let calls = 0;
  let returned: unknown;
  let agentError: { error: unknown } | undefined;
  const actual = [...args];
  if (typeof given === 'function') {
    actual[fnIndex] = function spy(this: unknown, ...fnArgs: unknown[]) {
      calls++;
      try {
        returned = (given as (...a: unknown[]) => unknown).apply(this, fnArgs);
      } catch (error) {
        agentError = { error };
        throw error;
      }
      return returned;
    };
  }
  let result: unknown;
  try {
    result = target.call(...actual);
    if (result instanceof Promise) result = await result;
    if (fnIndex < 0 && typeof result === 'function') {
      const end = result as (labels?: unknown) => unknown;
      const seconds = end(args.at(-1));
      // Ending twice records nothing more and returns the same seconds.
      if (target.name.endsWith('.startTimer') && !Object.is(end(), seconds)) return { failure: `${target.name}: a second end() returned other seconds` };
    }
    if (result instanceof MetricHandle && depth < 2) {
      for (const method of targetsOf(`${target.name}()`, { handle: result })) {
        const { failure } = await callOnce(method, method.params.map((p) => plausible(p, method)), depth + 1);
        if (failure) return { failure: `${failure}, on a handle bound with those arguments` };
      }
    }
  } catch (error) {
    if (agentError && error === agentError.error) return {};
    return { failure: `${target.name} threw ${describeError(error)}` };
  }
  if (typeof given === 'function') {
    if (calls !== 1) return { failure: `${target.name} ran fn ${calls} times` };
    if (!isThenable(returned) && !Object.is(result, returned)) return { failure: `${target.name} did not return what fn returned` };
  }
  return {};
}

function isThenable(value: unknown): boolean {
  try {
    return typeof (value as { then?: unknown } | null)?.then === 'function';
  } catch {
    return true; // a Proxy that throws on `then`: the helper may not look either
  }
}

function describeError(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return 'an unprintable value';
  }
}

/** Every hostile value in every argument position, the others plausible: systematic, and cheap. */
async function sweep(): Promise<{ calls: number; failures: string[] }> {
  const failures = new Set<string>();
  let calls = 0;
  for (const target of targets) {
    const positions = Math.max(target.params.length, 1) + 1;
    for (let position = 0; position < positions; position++) {
      for (const value of HOSTILE_VALUES) {
        const args = Array.from({ length: positions }, (_, i) => (i === position ? value : plausible(target.params[i] ?? '', target)));
        calls++;
        const { failure } = await callOnce(target, args);
        if (failure) failures.add(`${failure} (argument ${position}: ${describeValue(value)})`);
      }
    }
  }
  return { calls, failures: [...failures] };
}

function describeValue(value: unknown): string {
  try {
    return fc.stringify(value).slice(0, 60);
  } catch {
    return typeof value;
  }
}

/** Random calls: a target, then arguments from the hostile pool and plausible ones. */
const RANDOM_RUNS = 4000;
async function randomCalls(): Promise<number> {
  let calls = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...targets).chain((target) => fc.tuple(fc.constant(target), argumentsArbitrary(target))),
      async ([target, args]) => {
        calls++;
        const { failure } = await callOnce(target, args.map(resolveHostile));
        if (failure) throw new Error(failure);
      },
    ),
    { seed: FUZZ_SEED, numRuns: RANDOM_RUNS },
  );
  return calls;
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(describeError(reason));
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('every exported helper, with hostile arguments', () => {
  it('finds something to fuzz in each entry point, metric helpers and span helpers included', () => {
    for (const module of Object.keys(ENTRY_POINTS)) expect(targets.some((t) => t.name.startsWith(`${module}.`)), module).toBe(true);
    expect(targets.filter((t) => t.labels).length).toBeGreaterThan(20);
    expect(targets.filter((t) => /^out\/instrumentation\.spans\.with\w+Span$/.test(t.name)).length).toBeGreaterThan(3);
    // The calls of the helper API beyond recording: binding labels and timing.
    expect(targets.filter((t) => t.name.endsWith('.bind')).length).toBe(Object.values(instrumentation.metrics).filter((v) => v instanceof MetricHandle).length);
    expect(targets.some((t) => t.name.endsWith('.startTimer'))).toBe(true);
  });

  it('never throws with no SDK registered', async () => {
    const { calls, failures } = await sweep();
    expect(failures).toEqual([]);
    expect(calls).toBeGreaterThan(1000);
    expect(await randomCalls()).toBe(RANDOM_RUNS);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });

  // The SDK's instruments, and the cells (runtime/metric-cells.ts) as a session has them; the
  // cells are made active by hand here, as this reader is not one the session made.
  for (const cells of [false, true]) {
    describe(cells ? 'with the SDK registered and the helpers in cells' : 'with the SDK registered', () => {
      const store = new CellStore();
      const reader = new (class extends MetricReader {
        protected onForceFlush = async () => undefined;
        protected onShutdown = async () => undefined;
      })({ metricProducers: [new CellsProducer(store)] });
      const spans = new InMemorySpanExporter();
      beforeAll(() => {
        expect(metrics.getMeterProvider().constructor.name).not.toBe('MeterProvider');
        bootstrap.initializeTelemetry({ otlp: false, traceFile: false, metricReaders: [reader], spanProcessors: [new SimpleSpanProcessor(spans)] });
        if (cells) activateCellStore(store);
      });
      afterAll(() => {
        deactivateCellStore(store);
        return bootstrap.shutdownTelemetry();
      });

      it('never throws, and records only capped label values and finite values', async () => {
        expect(activeCellStore() !== undefined).toBe(cells);
        unhandled = [];
        const { failures } = await sweep();
        expect(failures).toEqual([]);
        expect(await randomCalls()).toBe(RANDOM_RUNS);
        await new Promise((resolve) => setImmediate(resolve));
        expect(unhandled).toEqual([]);

        const { resourceMetrics, errors } = await reader.collect();
        expect(errors).toEqual([]);
        const points = dataPoints(resourceMetrics);
        expect(points.length).toBeGreaterThan(20);
        expect(store.tables.length > 0).toBe(cells);
        const tooLong = points.flatMap((p) => Object.entries(p.attributes).filter(([, v]) => String(v).length > MAX_LABEL_VALUE_LENGTH).map(([k]) => `${p.metric}{${k}}`));
        expect(tooLong).toEqual([]);
        const notFinite = points.filter((p) => p.numbers.some((n) => !Number.isFinite(n)));
        expect(notFinite.map((p) => p.metric)).toEqual([]);
        // Values above the bound are dropped, so a sum of them cannot be near the top of the range.
        for (const p of points) for (const n of p.numbers) expect(Math.abs(n)).toBeLessThan(MAX_RECORDED_VALUE * 1e6);

        const numbers = spans.getFinishedSpans().flatMap((s) => Object.values(s.attributes).filter((v): v is number => typeof v === 'number'));
        expect(numbers.filter((n) => !Number.isFinite(n))).toEqual([]);
      });
    });
  }
});

describe('timers and bound handles that outlive their telemetry session', () => {
  it('end() after shutdownTelemetry(), twice, and handle calls then, with hostile labels, never throw', async () => {
    const helpers = Object.values(instrumentation.metrics).filter((v) => v instanceof MetricHandle) as MetricHandle<object>[];
    bootstrap.initializeTelemetry({ otlp: false, traceFile: false, metricReaders: [new (class extends MetricReader {
      protected onForceFlush = async () => undefined;
      protected onShutdown = async () => undefined;
    })()] });
    const handles = targetsOf('bound', Object.fromEntries(helpers.map((h, i) => [`${h.spec.name}#${i}`, (h as unknown as { bind(l: unknown): unknown }).bind({ [h.spec.labels[0]?.name ?? '']: h.spec.labels[0]?.values?.[0] ?? 'fuzz' })])));
    const timers = targets.filter((t) => t.name.endsWith('.startTimer')).map((t) => t.call(plausible('labels', t)) as (labels?: unknown) => number);
    expect(timers.length).toBeGreaterThan(0);
    await bootstrap.shutdownTelemetry();
    for (const [i, end] of timers.entries()) {
      const first = end(resolveHostile(HOSTILE_VALUES[i % HOSTILE_VALUES.length]));
      expect(typeof first).toBe('number');
      expect(end()).toBe(first);
    }
    const failures: string[] = [];
    for (const handle of handles) {
      for (const value of HOSTILE_VALUES) {
        const { failure } = await callOnce(handle, handle.params.map((p, i) => (i === handle.params.length - 1 ? value : plausible(p, handle))));
        if (failure) failures.push(failure);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** Fewer than the helpers: a log line with the million-character value costs some 10 ms in pino alone. */
const LOGGER_RUNS = 300;

describe('a logger from createLogger', () => {
  it('never throws from a log call, whatever its arguments or level', () => {
    const lines: string[] = [];
    const make = (level: unknown) => logger.createLogger({ name: 'fuzz', level: level as string, destination: { write: (line: string) => void lines.push(line) } });
    const levels = Object.keys(make(undefined).levels.values);
    expect(levels.length).toBeGreaterThan(4);
    fc.assert(
      fc.property(fc.oneof(hostile, fc.constantFrom(...levels)), fc.constantFrom(...levels), fc.array(hostile, { maxLength: 4 }), (level, method, args) => {
        const log = make(resolveHostile(level));
        const call = log[method as 'info'] as (...a: unknown[]) => void;
        call.apply(log, args.map(resolveHostile));
        log.child(resolveHostile(args[0]) as Record<string, unknown>).info('child');
        lines.length = 0;
      }),
      { seed: FUZZ_SEED, numRuns: LOGGER_RUNS },
    );
  });
});

describe('self-health counting', () => {
  const calls: { instrument: string; attributes: Record<string, unknown> }[] = [];
  const recorder = (instrument: string) => ({
    add: (_: number, attributes: Record<string, unknown>) => void calls.push({ instrument, attributes }),
    record: (_: number, attributes: Record<string, unknown>) => void calls.push({ instrument, attributes }),
  });
  const meter = { createCounter: recorder, createUpDownCounter: recorder, createGauge: recorder, createHistogram: recorder };
  beforeAll(() => {
    metrics.disable();
    metrics.setGlobalMeterProvider({ getMeter: () => meter } as unknown as MeterProvider);
  });
  afterAll(() => metrics.disable());

  it('reports each rejected label once, at the cost of one more instrument call, and never again', () => {
    const rejected = instrumentation.metrics.rejectedLabelValues.spec.name;
    const helpers = targets.filter((t) => t.labels && t.labels.length > 0 && /\.(inc|add|set|record)$/.test(t.name));
    fc.assert(
      fc.property(
        fc.constantFrom(...helpers).chain((t) => fc.tuple(fc.constant(t), labelRecordFor(t.labels ?? []))),
        ([target, labels]) => {
          calls.length = 0;
          const given = resolveHostile(labels) as Record<string, unknown>;
          const isInc = target.name.endsWith('.inc');
          target.call(...(isInc ? [given] : [1, given]));
          const own = calls.at(-1);
          expect(own).toBeDefined();
          const declared = new Set((target.labels ?? []).map((l) => l.name));
          const asOther = Object.entries(own?.attributes ?? {}).filter(([, v]) => v === OTHER).length;
          let stray = 0;
          for (const key in given) if (!declared.has(key)) stray++;
          // One call for the metric, one for each rejection: no cascade through the counter's own guard.
          expect(calls.length).toBe(1 + asOther + stray);
          expect(calls.slice(0, -1).every((c) => c.instrument === rejected)).toBe(true);
        },
      ),
      { seed: FUZZ_SEED, numRuns: 1000 },
    );
  });
});

interface Point {
  readonly metric: string;
  readonly attributes: Record<string, unknown>;
  readonly numbers: number[];
}

function dataPoints(resourceMetrics: ResourceMetrics): Point[] {
  return resourceMetrics.scopeMetrics.flatMap((scope) =>
    scope.metrics.flatMap((metric) =>
      (metric.dataPoints as { attributes: Record<string, unknown>; value: unknown }[]).map((point) => {
        const value = point.value as number | { sum?: number; min?: number; max?: number };
        const numbers = typeof value === 'number' ? [value] : [value.sum, value.min, value.max].filter((n): n is number => n !== undefined);
        return { metric: metric.descriptor.name, attributes: point.attributes, numbers };
      }),
    ),
  );
}
