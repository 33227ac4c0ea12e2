import { formatDuration, parseDuration } from './duration';
import { exposedName, prometheusLabelName, type NamedInstrument } from './prometheus-name';

/**
 * The PromQL vocabulary every layer above shares: the `promql` tag that takes names from
 * handles, time windows that compress with the local stack's time scale, histogram series.
 * Rules, dashboards, deploy and the CLI all build their queries with it, so the checker
 * (generators/promql-check.ts) sees every one. The handles are structural: schema metrics
 * and labels, and rules' recording rules, fit them without this layer importing those.
 */

/** What the tag needs of a schema metric: its OpenTelemetry name, kind, and for a standard metric its unit. */
export type MetricHandle = NamedInstrument;

/** What the tag needs of a schema label: its name. */
export interface LabelHandle {
  readonly kind: 'closed' | 'open';
  readonly name: string;
}

/** A PromQL expression. Build it with the `promql` tag so names come from handles. */
export interface PromQL {
  /** The expression as production runs it. */
  readonly text: string;
  /**
   * The expression with every time window divided by `timeScale` (60: a minute lasts a
   * second), for local stacks and end-to-end tests that cannot wait an hour for an alert.
   */
  render(timeScale: number): string;
}

/** A time window inside PromQL (`[5m]`, `offset 1h`): compressed with the rest of time locally. */
export interface Window {
  readonly kind: 'window';
  readonly ms: number;
}

/** A window's length as a number of seconds (`rate * ${seconds(FIVE_MINUTES)}` = events in the window). */
export interface WindowSeconds {
  readonly kind: 'window-seconds';
  readonly ms: number;
}

export function window(duration: string): Window {
  const ms = parseDuration(duration);
  if (ms === undefined) throw new Error(`window "${duration}" is not a Prometheus duration`);
  return { kind: 'window', ms };
}

export function seconds(w: Window): WindowSeconds {
  return { kind: 'window-seconds', ms: w.ms };
}

/** A duration divided by the time scale, never under a second (Prometheus' practical floor). */
export function scaleDuration(duration: string, timeScale: number): string {
  const ms = parseDuration(duration);
  if (ms === undefined || timeScale === 1) return duration;
  return ms === 0 ? duration : formatDuration(Math.max(1000, Math.round(ms / timeScale / 1000) * 1000));
}

/** A series name that is not a metric's own name: a histogram's `_bucket`, `_count`, `_sum`. */
export interface SeriesRef {
  readonly kind: 'series';
  readonly name: string;
}

export interface RecordingRule {
  readonly kind: 'recording';
  /** `level:metric:operations`, the Prometheus naming convention. */
  readonly record: string;
  readonly expr: PromQL;
  readonly description: string;
  /** Extra labels on the recorded series (for example `quantile`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A recording rule named by the series it records, for a layer that may not import rules/
 * (dashboards-src/): it is written as the rule's series, and the generators resolve the name
 * against the rules' records (generators/dashboards-model.ts), naming the nearest record
 * when no rule records it.
 */
export interface RecordedSeries {
  readonly kind: 'recorded';
  /** The rule's `record`: `agent_type:aqe_agent_spawn:rate5m`. */
  readonly record: string;
  /** The rule's own labels, for a name recorded by several rules (`{ quantile: '0.95' }`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A reference to a recording rule by its record name (and its own labels).
 *
 * @example
 * const durationP95 = recordedSeries('agent_type_quantile:aqe_agent_duration_seconds:histogram_quantile_rate5m', { quantile: '0.95' });
 */
export function recordedSeries(record: string, labels?: Readonly<Record<string, string>>): RecordedSeries {
  return labels === undefined ? { kind: 'recorded', record } : { kind: 'recorded', record, labels };
}

type Interpolation = MetricHandle | RecordingRule | RecordedSeries | SeriesRef | LabelHandle | PromQL | Window | WindowSeconds | string | number;

function nameOf(value: Interpolation, timeScale: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('render' in value) return value.render(timeScale);
  if ('kind' in value) {
    if (value.kind === 'window') return scaleDuration(formatDuration(value.ms), timeScale);
    if (value.kind === 'window-seconds') return String((parseDuration(scaleDuration(formatDuration(value.ms), timeScale)) ?? 0) / 1000);
    if (value.kind === 'recording' || value.kind === 'recorded') return recordedSelector(value);
    if (value.kind === 'series') return value.name;
    if (value.kind === 'closed' || value.kind === 'open') return prometheusLabelName(value.name);
    // A histogram handle stands for no series of its own: the checker then suggests _bucket.
    return exposedName(value as MetricHandle);
  }
  return String(value);
}

/**
 * A recording rule's series: its name, plus matchers for its own labels, so the P95 of a
 * rule recorded for three quantiles selects the P95 only.
 */
function recordedSelector(rule: RecordingRule | RecordedSeries): string {
  const matchers = Object.entries(rule.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return matchers.length > 0 ? `${rule.record}{${matchers.join(',')}}` : rule.record;
}

/**
 * PromQL with names taken from handles: a metric becomes its Prometheus name, a
 * recording rule (or a reference to one) its record name, a label its name.
 *
 * @example
 * promql`sum by (${agentType}) (rate(${agentErrors}[5m]))`
 */
export function promql(strings: TemplateStringsArray, ...values: Interpolation[]): PromQL {
  const render = (timeScale: number) => strings.reduce((out, s, i) => out + s + (i < values.length ? nameOf(values[i]!, timeScale) : ''), '');
  return { text: render(1), render };
}

/** PromQL written as plain text, with no handle or window in it (tests of rejection use it). */
export function rawPromql(text: string): PromQL {
  return { text, render: () => text };
}

const histogramSeries = (metric: MetricHandle, suffix: string): SeriesRef => ({
  kind: 'series',
  name: `${exposedName(metric)}${suffix}`,
});
/** A histogram's bucket series (`..._bucket`, with `le`). */
export const bucket = (metric: MetricHandle) => histogramSeries(metric, '_bucket');
/** A histogram's observation count series (`..._count`). */
export const count = (metric: MetricHandle) => histogramSeries(metric, '_count');
/** A histogram's observation sum series (`..._sum`). */
export const sum = (metric: MetricHandle) => histogramSeries(metric, '_sum');
