import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Model, ResolvedMetric } from '../../generators/model-types';
import { metrics as helpers } from '../../out/instrumentation';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import { MAX_LABEL_VALUE_LENGTH, OTHER } from '../../runtime/label-guard';
import { activeCellStore } from '../../runtime/metric-cells';
import { startHttpRecorder, type Recorder } from '../support/otlp-recorders';

/**
 * The helpers' typed-array cells (runtime/metric-cells.ts, read by the SDK's readers through
 * runtime/cells-producer.ts) against the SDK's own instruments, on the wire: the same calls, for
 * every metric of out/schema.json, once each way, must send byte-for-byte the same OTLP/JSON
 * payloads and serve the same Prometheus exposition. The clock is frozen and moved by the test
 * (only Date is faked: the SDK stamps records and collections with Date.now()), so start and
 * end times are compared too. The calls include closed values outside their set and open
 * values past their cap (`other`), undeclared labels, optional labels left out, bound handles,
 * dropped values, a forced flush, the flush at shutdown and a restart, whose counters start again
 * (handles bound before it included).
 */

const model = JSON.parse(readFileSync(resolve(__dirname, '../../out/schema.json'), 'utf8')) as Model;
type AnyHelper = Record<string, (...args: unknown[]) => unknown> & { bind(labels: object): AnyHelper };
const helperOf = (metric: ResolvedMetric) => (helpers as unknown as Record<string, AnyHelper>)[metric.helperName]!;

type Label = ResolvedMetric['labels'][number];
const valueOf = (label: Label, n: number) => (label.values ? label.values[n % label.values.length]! : `open-${n}`);
/** The `n`th label set of a metric; optional labels are left out of the odd ones. */
const labelsOf = (metric: ResolvedMetric, n: number) =>
  Object.fromEntries(metric.labels.filter((l) => !(l.optional && n % 2 === 1)).map((l) => [l.name, valueOf(l, n)]));
/** A value outside the label's set: not in a closed set, too long for an open one. */
const outside = (label: Label) => (label.values ? 'not-a-declared-value' : 'x'.repeat(MAX_LABEL_VALUE_LENGTH + 1));

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
let clock = T0;
/** Moves the frozen clock on, so each step's records and collections have their own times. */
const tick = (ms = 1250) => vi.setSystemTime((clock += ms));

/** Handles bound once and kept across sessions, as an agent keeps them in module scope. */
const held = new Map<string, AnyHelper>();

/** Records `n`'s calls on every metric with the method its kind has. */
function callEvery(n: number): void {
  for (const metric of model.metrics) {
    const helper = helperOf(metric);
    if (!held.has(metric.otelName)) held.set(metric.otelName, helper.bind(labelsOf(metric, 5)));
    const kept = held.get(metric.otelName)!;
    if (metric.kind === 'counter') kept.add!(n + 1);
    else if (metric.kind === 'updowncounter') kept.inc!();
    else if (metric.kind === 'gauge') kept.set!(n);
    else kept.record!(n + 0.5);
    const record = (labels: unknown, value: number) => {
      if (metric.kind === 'counter') value === 1 ? helper.inc!(labels) : helper.add!(value, labels);
      else if (metric.kind === 'updowncounter') helper.add!(value, labels);
      else if (metric.kind === 'gauge') helper.set!(value, labels);
      else helper.record!(value, labels);
    };
    record(labelsOf(metric, n), 1);
    record(labelsOf(metric, n), metric.kind === 'histogram' ? (metric.buckets?.[2] ?? 0.5) : 2.5);
    record(labelsOf(metric, n + 1), metric.kind === 'histogram' ? 1e6 : 0.125);
    record(labelsOf(metric, n), -1); // dropped by counters and histograms, recorded by the others
    record(labelsOf(metric, n), Number.NaN); // dropped by every kind
    tick(10);
    const first = metric.labels[0];
    if (first === undefined) continue;
    record({ ...labelsOf(metric, n), [first.name]: outside(first) }, 3);
    record({ ...labelsOf(metric, n), 'not.declared': 'x' }, 4);
    // A fully bound handle, and one bound to the first label only.
    const bound = helper.bind(labelsOf(metric, n + 2));
    if (metric.kind === 'counter') bound.inc!();
    else if (metric.kind === 'updowncounter') bound.dec!();
    else if (metric.kind === 'gauge') bound.set!(7);
    else bound.record!(0);
    const partial = helper.bind({ [first.name]: valueOf(first, n + 3) });
    const rest = Object.fromEntries(Object.entries(labelsOf(metric, n + 3)).filter(([k]) => k !== first.name));
    if (metric.kind === 'histogram') partial.record!(0.75, rest);
    else if (metric.kind === 'gauge') partial.set!(0.75, rest);
    else partial.add!(0.75, rest);
  }
}

/** Fills the first open label of the schema past its cap: the values after the cap are `other`. */
function pastTheCap(metric: ResolvedMetric, label: Label): void {
  const helper = helperOf(metric);
  for (let i = 0; i < (label.cap ?? 0) + 5; i++) {
    const labels = { ...labelsOf(metric, 0), [label.name]: `capped-${i}` };
    if (metric.kind === 'counter') helper.inc!(labels);
    else if (metric.kind === 'gauge') helper.set!(i, labels);
    else if (metric.kind === 'histogram') helper.record!(i, labels);
    else helper.add!(1, labels);
  }
}

interface Wire {
  /** The OTLP/JSON bodies the metrics exporter sent, in order. */
  readonly otlp: string[];
  /** Prometheus scrapes of the pull endpoint. */
  readonly scrapes: string[];
  /** Whether the cells were what the helpers recorded into, in each session. */
  readonly cellsActive: boolean[];
}

let recorder: Recorder;
let savedEnv: NodeJS.ProcessEnv;

beforeEach(async () => {
  savedEnv = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_') || key.startsWith('AQE_')) delete process.env[key];
  recorder = await startHttpRecorder();
  Object.assign(process.env, {
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${recorder.url}/v1/metrics`,
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
  });
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  clock = T0;
});

afterEach(async () => {
  vi.useRealTimers();
  await shutdownTelemetry();
  await recorder.close();
  process.env = savedEnv;
});

const open = model.metrics.flatMap((m) => m.labels.filter((l) => l.kind === 'open').map((l) => [m, l] as const))[0];

/** Two sessions of the same calls; `metricCells: false` is the SDK's own instruments. */
async function run(metricCells: boolean): Promise<Wire> {
  const scrapes: string[] = [];
  const cellsActive: boolean[] = [];
  held.clear(); // each run binds its own, at the same step
  const session = async (steps: () => void, flushBetween: () => void) => {
    tick();
    const handle = initializeTelemetry({ serviceName: 'cells-equivalence', metricCells, traceFile: false, prometheus: { port: 0 }, metricExportIntervalMillis: 3_600_000 });
    cellsActive.push(activeCellStore() !== undefined);
    const url = await handle.prometheusUrl;
    tick();
    steps();
    tick();
    scrapes.push(await (await fetch(url!)).text());
    await handle.forceFlush();
    tick();
    flushBetween();
    tick();
    await shutdownTelemetry(); // the last export: the flush at shutdown
  };
  await session(
    () => {
      if (open) pastTheCap(...open);
      callEvery(0);
    },
    () => callEvery(1),
  );
  // The restart: a new session starts every series again, with new start times.
  await session(() => callEvery(4), () => undefined);
  return { otlp: recorder.requests.map((r) => r.body.toString('utf8')), scrapes, cellsActive };
}

describe('the helpers recorded in cells, against the SDK instruments', () => {
  it('send the same OTLP payloads and serve the same Prometheus exposition', async () => {
    const cells = await run(true);
    await recorder.close();
    recorder = await startHttpRecorder();
    process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${recorder.url}/v1/metrics`;
    vi.setSystemTime((clock = T0));
    const sdk = await run(false);

    expect(cells.cellsActive).toEqual([true, true]);
    expect(sdk.cellsActive).toEqual([false, false]);
    // Two exports per session: the forced flush and the one at shutdown.
    expect(sdk.otlp).toHaveLength(4);
    expect(firstDifference(cells.otlp, sdk.otlp)).toBeUndefined();
    expect(firstDifference(cells.scrapes, sdk.scrapes)).toBeUndefined();

    // What was compared is the whole script: every metric, `other`, and the restart's reset.
    const sent = sdk.otlp.map((body) => JSON.parse(body) as OtlpBody);
    const names = new Set(sent.flatMap(metricsOf).map((m) => m.name));
    for (const metric of model.metrics) expect(names, metric.otelName).toContain(metric.otelName);
    expect(sdk.otlp[0]).toContain(`"stringValue":"${OTHER}"`);
    if (open) expect(sdk.otlp[0]).toContain(`"stringValue":"capped-${(open[1].cap ?? 0) - 1}"`);
    const counter = model.metrics.find((m) => m.kind === 'counter' && m.labels.length > 0)!;
    const total = (body: OtlpBody) => metricsOf(body).filter((m) => m.name === counter.otelName).flatMap((m) => m.sum?.dataPoints ?? []).reduce((s, p) => s + (p.asDouble ?? 0), 0);
    expect(total(sent[1]!)).toBeGreaterThan(total(sent[0]!)); // the shutdown flush carries the second step
    expect(total(sent[3]!)).toBeLessThan(total(sent[1]!)); // the restart began again
    const starts = (body: OtlpBody) => new Set(metricsOf(body).flatMap((m) => m.sum?.dataPoints ?? []).map((p) => p.startTimeUnixNano));
    for (const start of starts(sent[3]!)) expect(starts(sent[1]!)).not.toContain(start);
  });
});

/** Where two lists of bodies first differ, with some context, or undefined when they are the same: a whole payload is too long to read in a diff. */
function firstDifference(got: readonly string[], want: readonly string[]): string | undefined {
  if (got.length !== want.length) return `${got.length} bodies, expected ${want.length}`;
  for (const [i, body] of got.entries()) {
    const other = want[i]!;
    if (body === other) continue;
    let at = 0;
    while (body[at] === other[at]) at++;
    return `body ${i} differs at ${at}: cells ...${body.slice(Math.max(0, at - 300), at + 200)}... SDK ...${other.slice(Math.max(0, at - 300), at + 200)}...`;
  }
  return undefined;
}

interface OtlpPoint {
  readonly startTimeUnixNano: string;
  readonly asDouble?: number;
}
interface OtlpMetric {
  readonly name: string;
  readonly sum?: { readonly dataPoints: OtlpPoint[] };
}
interface OtlpBody {
  readonly resourceMetrics: { readonly scopeMetrics: { readonly metrics: OtlpMetric[] }[] }[];
}
const metricsOf = (body: OtlpBody) => body.resourceMetrics.flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics));
