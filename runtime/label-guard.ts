import type { Attributes } from '@opentelemetry/api';
import { OTHER_VALUE } from '../core/label-values';
import { reportRejectedLabelValue } from './self-health';

/**
 * Keeps a metric's labels inside their declared sets at run time. Typed callers cannot
 * pass a wrong value, but untyped ones (plain JavaScript, values from data) can, and one
 * stray value per request would explode the number of series. A value outside the set,
 * a missing label, or an open label's value past its cap (or longer than
 * {@link MAX_LABEL_VALUE_LENGTH}) is recorded as `other` and counted, so the loss is visible
 * instead of silent. Labels the metric does not declare are dropped and counted the same way.
 *
 * Labels known once for many calls are resolved once: {@link LabelGuard.bind} checks them and
 * counts their rejections when a handle is bound, and each call checks only the labels that remain.
 */

export const OTHER = OTHER_VALUE;

/**
 * The longest value an open label accepts (docs/custom-metrics.md). Every value is part of
 * every series key it is in, kept in the SDK, the collector and Prometheus for the whole
 * retention, and one stray value (a prompt, a stack trace) was seen at a million characters.
 * 256 holds any project, module path or gate name the schema's open labels are meant for.
 * A longer value is replaced by `other`, not cut: a cut value would claim a series that
 * belongs to no real value, and could merge two that differ past the cut.
 */
export const MAX_LABEL_VALUE_LENGTH = 256;

const NO_LABELS: Readonly<Record<string, unknown>> = Object.freeze({});

export interface LabelSpec {
  readonly name: string;
  /** Closed labels: the allowed values. */
  readonly values?: readonly string[];
  /** Open labels: distinct values accepted before the rest become `other`. */
  readonly cap?: number;
  /** Left out of the attributes when not given (`error.type` of a call that did not fail). */
  readonly optional?: boolean;
}

/**
 * Labels resolved by {@link LabelGuard.bind}: each bound label with the value it records (its
 * own, or `other`). Frozen, so handles can share them.
 */
export interface BoundLabels {
  readonly values: Readonly<Record<string, string>>;
  /**
   * Set when every declared label is bound: the attributes every call records, one object for
   * the handle's life (a fully bound handle is one series, which it can keep: issue 16).
   */
  readonly complete?: Attributes;
}

/** Nothing bound: what an unbound helper starts from. */
export const UNBOUND: BoundLabels = Object.freeze({ values: Object.freeze(Object.create(null) as Record<string, string>) });

interface CompiledLabel {
  readonly name: string;
  readonly optional: boolean;
  /** Closed labels have their whole set from the start; open ones grow up to cap. */
  readonly closed: boolean;
  readonly cap: number;
  /** Each accepted value and its index: a closed label's set, an open label's values seen so far. */
  readonly index: Map<string, number>;
  /** The values by index, for {@link LabelGuard.attributesOf}. */
  readonly byIndex: string[];
  /** The index `other` records under: a closed set's own `other` if it has one, else past the values. */
  readonly otherIndex: number;
  /** The index of an optional label left out. */
  readonly absentIndex: number;
  /** What the label's index is multiplied by in a series key (mixed radix, first label lowest). */
  readonly weight: number;
}

export class LabelGuard {
  private readonly labels: readonly CompiledLabel[];
  private readonly declared: ReadonlySet<string>;
  /**
   * Whether every series has a key below 2^53 ({@link LabelGuard.keyOf}). It holds for any
   * schema the series budget allows; a guard without it is only used through {@link apply}.
   */
  readonly indexable: boolean;

  constructor(
    private readonly metric: string,
    specs: readonly LabelSpec[],
  ) {
    let weight = 1;
    this.labels = specs.map((s) => {
      const values = s.values ?? [];
      const cap = s.cap ?? 0;
      const size = s.values ? values.length : cap;
      const own = values.indexOf(OTHER);
      const label: CompiledLabel = {
        name: s.name,
        optional: s.optional === true,
        closed: s.values !== undefined,
        cap,
        index: new Map(values.map((v, i) => [v, i])),
        byIndex: [...values],
        otherIndex: own >= 0 ? own : size,
        absentIndex: size + 1,
        weight,
      };
      weight *= size + 2;
      return label;
    });
    this.indexable = weight <= Number.MAX_SAFE_INTEGER;
    this.declared = new Set(specs.map((s) => s.name));
  }

  /**
   * The attributes to record: every declared label present, each value within its set. A label
   * in `bound` keeps its bound value; the same key given again here is ignored.
   */
  apply(given: unknown, bound: BoundLabels = UNBOUND): Attributes {
    const input = labelsOf(given);
    const out: Attributes = {};
    for (const label of this.labels) {
      const fixed = bound.values[label.name];
      if (fixed !== undefined) {
        out[label.name] = fixed;
        continue;
      }
      const value = input[label.name];
      if (value === undefined && label.optional) continue;
      out[label.name] = this.accept(label, value) ? (value as string) : this.reject(label.name);
    }
    this.reportUndeclared(input);
    return out;
  }

  /**
   * `bound` plus the labels of `given` it does not have yet, each checked now (a rejected one
   * binds `other`, counted once, here). A label given as `undefined` is not bound: the calls
   * give it. A label bound already keeps its value.
   */
  bind(given: unknown, bound: BoundLabels = UNBOUND): BoundLabels {
    const input = labelsOf(given);
    const values = Object.assign(Object.create(null) as Record<string, string>, bound.values);
    for (const label of this.labels) {
      if (values[label.name] !== undefined) continue;
      const value = input[label.name];
      if (value === undefined) continue;
      values[label.name] = this.accept(label, value) ? (value as string) : this.reject(label.name);
    }
    this.reportUndeclared(input);
    Object.freeze(values);
    const complete = this.labels.every((l) => values[l.name] !== undefined);
    return Object.freeze(complete ? { values, complete: Object.freeze({ ...values }) } : { values });
  }

  /**
   * The series the labels record under, as one number: what {@link apply} would return,
   * checked and counted the same way, as a mixed-radix key of each label's value index. Lets a
   * helper find its series by index instead of by the attributes (runtime/metric-cells.ts).
   */
  keyOf(given: unknown, bound: BoundLabels = UNBOUND): number {
    const input = labelsOf(given);
    const fixedValues = bound === UNBOUND ? undefined : bound.values;
    let key = 0;
    for (const label of this.labels) {
      const fixed = fixedValues?.[label.name];
      let index: number;
      if (fixed !== undefined) {
        index = label.index.get(fixed) ?? label.otherIndex;
      } else {
        const value = input[label.name];
        const accepted = value === undefined && label.optional ? label.absentIndex : this.indexOf(label, value);
        if (accepted === undefined) {
          this.reject(label.name);
          index = label.otherIndex;
        } else {
          index = accepted;
        }
      }
      key += index * label.weight;
    }
    this.reportUndeclared(input);
    return key;
  }

  /** The attributes of a key from {@link keyOf}: the object {@link apply} returns for those labels. */
  attributesOf(key: number): Attributes {
    const out: Attributes = {};
    for (const label of this.labels) {
      const index = Math.floor(key / label.weight) % (label.absentIndex + 1);
      if (index === label.absentIndex) continue;
      out[label.name] = index === label.otherIndex && label.byIndex[index] === undefined ? OTHER : label.byIndex[index];
    }
    return out;
  }

  private reportUndeclared(input: Record<string, unknown>): void {
    for (const key in input) {
      if (!this.declared.has(key)) reportRejectedLabelValue(this.metric, key);
    }
  }

  private accept(label: CompiledLabel, value: unknown): boolean {
    return this.indexOf(label, value) !== undefined;
  }

  /** The value's index when the label accepts it (an open label's new value takes the next one), else undefined. */
  private indexOf(label: CompiledLabel, value: unknown): number | undefined {
    if (typeof value !== 'string') return undefined;
    const known = label.index.get(value);
    if (known !== undefined || label.closed) return known;
    if (value === '' || value === OTHER || value.length > MAX_LABEL_VALUE_LENGTH || label.index.size >= label.cap) return undefined;
    const index = label.byIndex.length;
    label.index.set(value, index);
    label.byIndex.push(value);
    return index;
  }

  private reject(label: string): string {
    reportRejectedLabelValue(this.metric, label);
    return OTHER;
  }
}

/**
 * A string or number passed as the labels has no label in it; iterating it would count each of
 * its characters as an undeclared label (a million of them for a long string).
 */
function labelsOf(given: unknown): Record<string, unknown> {
  return (typeof given === 'object' && given !== null ? given : NO_LABELS) as Record<string, unknown>;
}
