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
}

interface CompiledLabel {
  readonly name: string;
  readonly allowed?: ReadonlySet<string>;
  readonly cap: number;
  /** Open labels: values seen so far, bounded by cap. */
  readonly seen: Set<string>;
}

export class LabelGuard {
  private readonly labels: readonly CompiledLabel[];
  private readonly declared: ReadonlySet<string>;

  constructor(
    private readonly metric: string,
    specs: readonly LabelSpec[],
  ) {
    this.labels = specs.map((s) => ({
      name: s.name,
      ...(s.values ? { allowed: new Set(s.values) } : {}),
      cap: s.cap ?? 0,
      seen: new Set<string>(),
    }));
    this.declared = new Set(specs.map((s) => s.name));
  }

  /** The attributes to record: every declared label present, each value within its set. */
  apply(given: object | undefined): Attributes {
    // A string or number passed as the labels has no label in it; iterating it would count
    // each of its characters as an undeclared label (a million of them for a long string).
    const input = (typeof given === 'object' && given !== null ? given : NO_LABELS) as Record<string, unknown>;
    const out: Attributes = {};
    for (const label of this.labels) {
      const value = input[label.name];
      out[label.name] = this.accept(label, value) ? (value as string) : this.reject(label.name);
    }
    for (const key in input) {
      if (!this.declared.has(key)) reportRejectedLabelValue(this.metric, key);
    }
    return out;
  }

  private accept(label: CompiledLabel, value: unknown): boolean {
    if (typeof value !== 'string') return false;
    if (label.allowed) return label.allowed.has(value);
    if (value === '' || value === OTHER || value.length > MAX_LABEL_VALUE_LENGTH) return false;
    if (label.seen.has(value)) return true;
    if (label.seen.size >= label.cap) return false;
    label.seen.add(value);
    return true;
  }

  private reject(label: string): string {
    reportRejectedLabelValue(this.metric, label);
    return OTHER;
  }
}
