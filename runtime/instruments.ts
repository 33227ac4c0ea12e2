import { diag, metrics, type Attributes, type Meter, type MeterProvider } from '@opentelemetry/api';
import { LabelGuard, UNBOUND, type BoundLabels, type LabelSpec } from './label-guard';
import { activeCellStore, type CellKind, type CellTable } from './metric-cells';
import { SCOPE_NAME, SCOPE_VERSION } from './scope';

/**
 * The runtime half of the generated metric helpers. A helper is created at import time,
 * usually before `initializeTelemetry()` runs, and the metrics API has no proxy meter:
 * an instrument made from the no-op provider stays a no-op forever. So each helper
 * creates its instrument on first use and again whenever the global provider changes.
 *
 * Nothing here throws into agent code: a failure to record is dropped (and logged at
 * debug level through the OpenTelemetry diag logger).
 */

/**
 * The largest magnitude a helper records (docs/custom-metrics.md); larger values, like NaN
 * and ±Infinity, are dropped. No quantity of an agent (tokens, seconds, USD, percent) comes
 * near 2^53, so such a value is a bug upstream, and two `add(1e308)` would make the SDK's sum
 * Infinity: every `rate()` and `increase()` over that series would then be NaN or +Inf until
 * the process restarts. Bounded by 2^53 per value, a cumulative sum needs some 10^292 calls
 * to overflow, so it stays finite.
 */
export const MAX_RECORDED_VALUE = Number.MAX_SAFE_INTEGER;

export interface InstrumentSpec {
  /** OpenTelemetry instrument name. */
  readonly name: string;
  /** The Prometheus name, used to report rejected label values. */
  readonly prometheusName: string;
  readonly unit: string;
  readonly description: string;
  readonly labels: readonly LabelSpec[];
  readonly buckets?: readonly number[];
}

/** What the SDK's instruments have: counters `add`, gauges and histograms `record`. */
interface Recorder {
  add?(value: number, attributes: Attributes): void;
  record?(value: number, attributes: Attributes): void;
}

/**
 * Internal: the values of one metric. While a bootstrap session runs they go into its cell
 * store (runtime/metric-cells.ts), which the session's readers collect; otherwise into an SDK
 * instrument from the global provider, made again whenever that provider changes.
 */
export class LazyInstrument {
  private provider: MeterProvider | undefined;
  private recorder: Recorder | undefined;
  private table: CellTable | undefined;
  readonly guard: LabelGuard;

  constructor(
    readonly spec: InstrumentSpec,
    readonly kind: CellKind,
  ) {
    this.guard = new LabelGuard(spec.prometheusName, spec.labels);
  }

  /** `monotonic`: a negative value is dropped too (counters only go up). */
  record(value: number, labels: unknown, series: Series, monotonic: boolean): void {
    try {
      // typeof first: a comparison would call a Symbol's or a hostile object's valueOf.
      if (typeof value !== 'number' || !(Math.abs(value) <= MAX_RECORDED_VALUE) || (monotonic && value < 0)) return;
      const bound = series.bound;
      const store = activeCellStore();
      if (store !== undefined && this.guard.indexable) {
        let table = this.table;
        if (table === undefined || !table.live) table = this.table = store.table(this.spec, this.kind, this.guard);
        if (!table.accepts(value)) return;
        if (labels === undefined && bound.complete) {
          // A fully bound handle finds its slot once per session, then only adds (Series.record).
          if (series.table !== table) {
            series.slot = table.slotOf(this.guard.keyOf(undefined, bound));
            series.table = table;
          }
          table.record(series.slot, value);
        } else {
          table.record(table.slotOf(this.guard.keyOf(labels, bound)), value);
        }
        return;
      }
      const provider = metrics.getMeterProvider();
      if (provider !== this.provider || !this.recorder) {
        this.recorder = CREATE[this.kind](provider.getMeter(SCOPE_NAME, SCOPE_VERSION), this.spec);
        this.provider = provider;
      }
      // A fully bound handle given nothing more records its attributes as resolved at bind.
      const attributes = bound.complete && labels === undefined ? bound.complete : this.guard.apply(labels, bound);
      if (this.kind === 'counter' || this.kind === 'upDownCounter') this.recorder.add?.(value, attributes);
      else this.recorder.record?.(value, attributes);
    } catch (error) {
      diag.debug(`aqe-telemetry: dropped a value of ${this.spec.name}`, error);
    }
  }
}

/**
 * One instrument and the labels bound to it so far: what a helper and each of its bound
 * handles hold. Handles share the instrument, so an open label's cap counts across all of them.
 * Made by the helpers, not by agent code.
 */
export class Series {
  /** A fully bound handle's slot in the active session's table, once found. */
  table: CellTable | undefined;
  slot = 0;

  constructor(
    readonly instrument: LazyInstrument,
    readonly bound: BoundLabels = UNBOUND,
  ) {}

  record(value: number, labels: unknown, monotonic = false): void {
    // The bound handle's path: its slot is known, the value only needs checking.
    const table = this.table;
    if (labels === undefined && table !== undefined && table.live && typeof value === 'number' && Math.abs(value) <= MAX_RECORDED_VALUE && table.accepts(value)) {
      table.record(this.slot, value);
      return;
    }
    this.instrument.record(value, labels, this, monotonic);
  }

  /** The labels checked now, once, and never again at a call; never throws. */
  bind(labels: unknown): Series {
    try {
      return new Series(this.instrument, this.instrument.guard.bind(labels, this.bound));
    } catch (error) {
      diag.debug(`aqe-telemetry: could not bind labels of ${this.instrument.spec.name}`, error);
      // Nothing more bound: every call then checks its labels, and records the missing ones as `other`.
      return this;
    }
  }
}

/**
 * The labels a call still takes: all of them for a helper, the rest for a bound handle, and
 * no argument at all once every label is bound.
 */
export type LabelArgs<L> = [keyof L] extends [never] ? [labels?: L] : [labels: L];

/**
 * The function `startTimer(start)` returns: it records the seconds since the start and returns
 * them. It takes the labels not given at the start (the compiler requires them), and may give
 * new values for those that were: a label given at the end wins, as in prom-client. Only the
 * first call records; a later one returns the same seconds and records nothing.
 */
export type EndTimer<L, K extends keyof L> = (
  ...labels: [Exclude<keyof L, K>] extends [never] ? [labels?: Partial<L>] : [labels: Omit<L, K> & Partial<Pick<L, K>>]
) => number;

const options = (spec: InstrumentSpec) => ({ unit: spec.unit, description: spec.description });

/** The SDK instrument of each kind, for the path without a cell store. */
const CREATE: Readonly<Record<CellKind, (meter: Meter, spec: InstrumentSpec) => Recorder>> = {
  counter: (m, s) => m.createCounter(s.name, options(s)),
  upDownCounter: (m, s) => m.createUpDownCounter(s.name, options(s)),
  gauge: (m, s) => m.createGauge(s.name, options(s)),
  histogram: (m, s) => m.createHistogram(s.name, { ...options(s), advice: { explicitBucketBoundaries: [...(s.buckets ?? [])] } }),
};

/**
 * What every helper and bound handle has: the metric's spec and its series. `bind(labels)`
 * returns a handle of the same kind whose calls take only the labels not bound (typed); the
 * bound ones are checked once, there (a value outside its set binds `other`, counted once).
 */
export abstract class MetricHandle<L extends object> {
  protected readonly series: Series;
  /** `series`: a handle's, from bind(); the generated helpers pass only the spec. */
  constructor(
    readonly spec: InstrumentSpec,
    kind: CellKind,
    series?: Series,
  ) {
    this.series = series ?? new Series(new LazyInstrument(spec, kind));
  }
}

/**
 * A monotonic counter: `add(n, labels)`, `inc(labels)`. Negative values are dropped.
 *
 * @example
 * const spawns = agentSpawns.bind({ agent_type: 'qe-test-generator' });
 * spawns.inc({ status: 'success' });
 */
export class CounterHelper<L extends object> extends MetricHandle<L> {
  constructor(spec: InstrumentSpec, series?: Series) {
    super(spec, 'counter', series);
  }
  add(value: number, ...labels: LabelArgs<L>): void;
  add(value: number, labels?: L): void {
    this.series.record(value, labels, true);
  }
  inc(...labels: LabelArgs<L>): void;
  inc(labels?: L): void {
    this.series.record(1, labels);
  }
  bind<K extends keyof L>(labels: Pick<L, K>): CounterHelper<Omit<L, K>> {
    return new CounterHelper(this.spec, this.series.bind(labels));
  }
}

/** A value that goes up and down as things start and finish: `inc`, `dec`, `add(delta)`. */
export class UpDownCounterHelper<L extends object> extends MetricHandle<L> {
  constructor(spec: InstrumentSpec, series?: Series) {
    super(spec, 'upDownCounter', series);
  }
  add(delta: number, ...labels: LabelArgs<L>): void;
  add(delta: number, labels?: L): void {
    this.series.record(delta, labels);
  }
  inc(...labels: LabelArgs<L>): void;
  inc(labels?: L): void {
    this.series.record(1, labels);
  }
  dec(...labels: LabelArgs<L>): void;
  dec(labels?: L): void {
    this.series.record(-1, labels);
  }
  bind<K extends keyof L>(labels: Pick<L, K>): UpDownCounterHelper<Omit<L, K>> {
    return new UpDownCounterHelper(this.spec, this.series.bind(labels));
  }
}

/** A current value that is set, not accumulated: `set(value, labels)`. */
export class GaugeHelper<L extends object> extends MetricHandle<L> {
  constructor(spec: InstrumentSpec, series?: Series) {
    super(spec, 'gauge', series);
  }
  set(value: number, ...labels: LabelArgs<L>): void;
  set(value: number, labels?: L): void {
    this.series.record(value, labels);
  }
  bind<K extends keyof L>(labels: Pick<L, K>): GaugeHelper<Omit<L, K>> {
    return new GaugeHelper(this.spec, this.series.bind(labels));
  }
}

/** A distribution with the schema's buckets: `record(value, labels)`. */
export class HistogramHelper<L extends object> extends MetricHandle<L> {
  constructor(spec: InstrumentSpec, series?: Series) {
    super(spec, 'histogram', series);
  }
  record(value: number, ...labels: LabelArgs<L>): void;
  record(value: number, labels?: L): void {
    this.series.record(value, labels);
  }
  bind<K extends keyof L>(labels: Pick<L, K>): HistogramHelper<Omit<L, K>> {
    return new HistogramHelper(this.spec, this.series.bind(labels));
  }
}

/**
 * A histogram of durations in seconds, which can also time a block. The labels known at the
 * start go to `startTimer`, the rest (the outcome) to the function it returns:
 *
 * @example
 * const end = agentDuration.startTimer({ agent_type: 'qe-test-generator', task_type: 'unit-test-generation' });
 * // ... the run ...
 * end({ status: 'success' }); // records the seconds, returns them
 */
export class DurationHistogramHelper<L extends object> extends HistogramHelper<L> {
  override bind<K extends keyof L>(labels: Pick<L, K>): DurationHistogramHelper<Omit<L, K>> {
    return new DurationHistogramHelper(this.spec, this.series.bind(labels));
  }

  /** Starts a clock; see {@link EndTimer} for what ends it. */
  startTimer<K extends keyof L = never>(labels?: Pick<L, K>): EndTimer<L, K>;
  startTimer(labels?: object): (end?: object) => number {
    const start = process.hrtime.bigint();
    let seconds: number | undefined;
    return (end?: object) => {
      if (seconds !== undefined) return seconds;
      seconds = Number(process.hrtime.bigint() - start) / 1e9;
      try {
        this.series.record(seconds, mergeLabels(labels, end));
      } catch (error) {
        diag.debug(`aqe-telemetry: dropped a value of ${this.spec.name}`, error);
      }
      return seconds;
    };
  }
}

/**
 * The start labels with the end ones over them (a label given at the end wins). Only objects
 * have labels; one that is not an object, or an `undefined` value, leaves the other side's.
 * May throw (a hostile Proxy): the caller catches.
 */
function mergeLabels(start: unknown, end: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (!isObject(end)) return start;
  if (!isObject(start)) return end;
  const merged: Record<string, unknown> = {};
  for (const key in start) merged[key] = start[key];
  for (const key in end) if (end[key] !== undefined) merged[key] = end[key];
  return merged;
}
