import type { Attributes } from '@opentelemetry/api';
import type { LabelGuard } from './label-guard';

/**
 * Where the generated helpers keep their values while a session of the bootstrap runs: one
 * table per metric, one slot per series, each slot a few numbers in a Float64Array. A call
 * finds its slot from the label values' indexes (LabelGuard.keyOf) and adds to it; a fully
 * bound handle keeps its slot and only adds. The SDK's readers get the tables' contents
 * through a MetricProducer (runtime/cells-producer.ts), as the data points the SDK's own
 * instruments would have produced: the SDK's cost per record is hashing the attributes
 * (about 80 % of a helper call), and a slot needs no hashing.
 *
 * Only cumulative sums, last values and explicit-bucket histograms are kept this way: what
 * the bootstrap's readers ask for unless configured otherwise. When they ask for anything
 * else, no store is active and the helpers record through the SDK's instruments.
 *
 * This file imports no SDK: an agent that never starts a session loads none.
 */

/** What a helper records: the SDK instrument kind its values stand for. */
export type CellKind = 'counter' | 'upDownCounter' | 'gauge' | 'histogram';

/** What a table reports its metric as (the helper's InstrumentSpec has it all). */
export interface CellSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  /** Histograms: the explicit bucket boundaries, ascending. */
  readonly buckets?: readonly number[];
}

/** Slots allocated at first, and the factor a full table grows by. */
const INITIAL_SLOTS = 8;

/**
 * The series of one metric. Slots are allocated in the order their series are first
 * recorded, which is the order the SDK reports its data points in.
 */
export class CellTable {
  /** Series key (LabelGuard.keyOf) to slot. */
  private readonly slots = new Map<number, number>();
  /** Per slot: the attributes it reports, and when it was first recorded (ms since the epoch). */
  readonly attributes: Attributes[] = [];
  readonly startMillis: number[] = [];
  /**
   * Per slot, `stride` numbers. Sums and gauges: the value. Histograms: the bucket counts
   * (boundaries + 1), then count, sum, min, max.
   */
  values: Float64Array;
  readonly stride: number;
  /** False once the store is no longer the active one: handles holding a slot must look again. */
  live = true;

  readonly boundaries: readonly number[];

  constructor(
    readonly spec: CellSpec,
    readonly kind: CellKind,
    private readonly guard: LabelGuard,
  ) {
    this.boundaries = kind === 'histogram' ? spec.buckets ?? [] : [];
    this.signed = kind === 'upDownCounter' || kind === 'gauge';
    this.stride = kind === 'histogram' ? this.boundaries.length + 5 : 1;
    this.values = new Float64Array(INITIAL_SLOTS * this.stride);
  }

  get size(): number {
    return this.attributes.length;
  }

  /** The slot of a series key, allocated (with its start time) on first use. */
  slotOf(key: number): number {
    const found = this.slots.get(key);
    if (found !== undefined) return found;
    const slot = this.attributes.length;
    if ((slot + 1) * this.stride > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (this.kind === 'histogram') {
      const base = slot * this.stride + this.boundaries.length + 1;
      this.values[base + 2] = Infinity; // min
      this.values[base + 3] = -Infinity; // max
    }
    this.slots.set(key, slot);
    this.attributes.push(this.guard.attributesOf(key));
    this.startMillis.push(Date.now());
    return slot;
  }

  /**
   * Whether the SDK's instrument of this kind would take the value (one the caller has checked
   * is a finite number within the helpers' range): counters and histograms drop negative ones.
   * Asked before a slot is allocated, so a dropped value makes no series, as in the SDK.
   */
  accepts(value: number): boolean {
    return value >= 0 || this.signed;
  }

  /** Whether negative values are recorded (up-down counters, gauges): a field, read on every call. */
  private readonly signed: boolean;

  /** Records a value {@link accepts} took. */
  record(slot: number, value: number): void {
    // A slot from slotOf() is inside the array: the reads are numbers, not undefined.
    const values = this.values;
    switch (this.kind) {
      case 'counter':
      case 'upDownCounter':
        values[slot] = (values[slot] as number) + value;
        return;
      case 'gauge':
        values[slot] = value;
        return;
      case 'histogram': {
        const bucket = slot * this.stride + bucketOf(this.boundaries, value);
        const count = slot * this.stride + this.boundaries.length + 1;
        values[bucket] = (values[bucket] as number) + 1;
        values[count] = (values[count] as number) + 1;
        values[count + 1] = (values[count + 1] as number) + value;
        if (value < (values[count + 2] as number)) values[count + 2] = value;
        if (value > (values[count + 3] as number)) values[count + 3] = value;
      }
    }
  }
}

/**
 * The bucket a value falls in: the first boundary at or above it (buckets are upper-inclusive,
 * as in OpenTelemetry and Prometheus), or the last, open bucket.
 */
function bucketOf(boundaries: readonly number[], value: number): number {
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((boundaries[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tables of one session, in the order their metrics were first recorded. */
export class CellStore {
  readonly tables: CellTable[] = [];
  private readonly byName = new Map<string, CellTable>();

  table(spec: CellSpec, kind: CellKind, guard: LabelGuard): CellTable {
    let table = this.byName.get(spec.name);
    if (table === undefined) {
      table = new CellTable(spec, kind, guard);
      if (!this.isActive()) table.live = false;
      this.byName.set(spec.name, table);
      this.tables.push(table);
    }
    return table;
  }

  isActive(): boolean {
    return active === this;
  }
}

let active: CellStore | undefined;

/** The store the helpers record into, or undefined: they then use the SDK's instruments. */
export function activeCellStore(): CellStore | undefined {
  return active;
}

/** Makes `store` the one the helpers record into (the bootstrap, when its session starts). */
export function activateCellStore(store: CellStore): void {
  if (active !== undefined) deactivateCellStore(active);
  active = store;
  for (const table of store.tables) table.live = true;
}

/**
 * Stops recording into `store`; its tables keep their values for the final collection of the
 * session's readers (the shutdown flush).
 */
export function deactivateCellStore(store: CellStore): void {
  if (active !== store) return;
  active = undefined;
  for (const table of store.tables) table.live = false;
}
