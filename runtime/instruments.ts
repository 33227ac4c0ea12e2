import { diag, metrics, type Attributes, type Meter, type MeterProvider } from '@opentelemetry/api';
import { LabelGuard, type LabelSpec } from './label-guard';
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

interface Recorder {
  add?(value: number, attributes: Attributes): void;
  record?(value: number, attributes: Attributes): void;
}

type Create = (meter: Meter, spec: InstrumentSpec) => Recorder;

class LazyInstrument {
  private provider: MeterProvider | undefined;
  private recorder: Recorder | undefined;
  private readonly guard: LabelGuard;

  constructor(
    private readonly spec: InstrumentSpec,
    private readonly create: Create,
  ) {
    this.guard = new LabelGuard(spec.prometheusName, spec.labels);
  }

  /** `monotonic`: a negative value is dropped too (counters only go up). */
  record(value: number, labels: object | undefined, method: 'add' | 'record', monotonic = false): void {
    try {
      // typeof first: a comparison would call a Symbol's or a hostile object's valueOf.
      if (typeof value !== 'number' || !(Math.abs(value) <= MAX_RECORDED_VALUE) || (monotonic && value < 0)) return;
      const provider = metrics.getMeterProvider();
      if (provider !== this.provider || !this.recorder) {
        this.recorder = this.create(provider.getMeter(SCOPE_NAME, SCOPE_VERSION), this.spec);
        this.provider = provider;
      }
      this.recorder[method]?.(value, this.guard.apply(labels));
    } catch (error) {
      diag.debug(`aqe-telemetry: dropped a value of ${this.spec.name}`, error);
    }
  }
}

const options = (spec: InstrumentSpec) => ({ unit: spec.unit, description: spec.description });

/** A monotonic counter: `add(n, labels)`, `inc(labels)`. Negative values are dropped. */
export class CounterHelper<L extends object> {
  private readonly instrument: LazyInstrument;
  constructor(readonly spec: InstrumentSpec) {
    this.instrument = new LazyInstrument(spec, (m, s) => m.createCounter(s.name, options(s)));
  }
  add(value: number, labels: L): void {
    this.instrument.record(value, labels, 'add', true);
  }
  inc(labels: L): void {
    this.instrument.record(1, labels, 'add');
  }
}

/** A value that goes up and down as things start and finish: `inc`, `dec`, `add(delta)`. */
export class UpDownCounterHelper<L extends object> {
  private readonly instrument: LazyInstrument;
  constructor(readonly spec: InstrumentSpec) {
    this.instrument = new LazyInstrument(spec, (m, s) => m.createUpDownCounter(s.name, options(s)));
  }
  add(delta: number, labels: L): void {
    this.instrument.record(delta, labels, 'add');
  }
  inc(labels: L): void {
    this.instrument.record(1, labels, 'add');
  }
  dec(labels: L): void {
    this.instrument.record(-1, labels, 'add');
  }
}

/** A current value that is set, not accumulated: `set(value, labels)`. */
export class GaugeHelper<L extends object> {
  private readonly instrument: LazyInstrument;
  constructor(readonly spec: InstrumentSpec) {
    this.instrument = new LazyInstrument(spec, (m, s) => m.createGauge(s.name, options(s)));
  }
  set(value: number, labels: L): void {
    this.instrument.record(value, labels, 'record');
  }
}

/** A distribution with the schema's buckets: `record(value, labels)`. */
export class HistogramHelper<L extends object> {
  private readonly instrument: LazyInstrument;
  constructor(readonly spec: InstrumentSpec) {
    this.instrument = new LazyInstrument(spec, (m, s) =>
      m.createHistogram(s.name, { ...options(s), advice: { explicitBucketBoundaries: [...(s.buckets ?? [])] } }),
    );
  }
  record(value: number, labels: L): void {
    this.instrument.record(value, labels, 'record');
  }
}

/** A histogram of durations in seconds, which can also time a block: `startTimer(labels)`. */
export class DurationHistogramHelper<L extends object> extends HistogramHelper<L> {
  /** Starts a clock; the returned function records the seconds elapsed and returns them. */
  startTimer(labels: L): () => number {
    const start = process.hrtime.bigint();
    return () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.record(seconds, labels);
      return seconds;
    };
  }
}
