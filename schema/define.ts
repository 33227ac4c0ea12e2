import type { InstrumentKind } from '../core/prometheus-name';
import type { TokenPrices } from '../core/token-price';
/**
 * The vocabulary of the schema: labels, metrics, spans and their attributes.
 *
 * Everything in schema/ is built with these functions, so every other part of the
 * project (rules, dashboards, generated helpers) can hold a typed handle to a metric or
 * label instead of typing its name as a string. The definitions are plain data;
 * `generators/model.ts` validates and resolves them.
 */

/**
 * How a label may be recorded besides its values. The name is the attribute key the SDK
 * records (`agent_type`, or a standard key such as `gen_ai.token.type`); Prometheus shows it
 * with invalid characters as `_` (core/prometheus-name.ts prometheusLabelName).
 */
export interface LabelOptions {
  /**
   * Left out when the caller gives no value, rather than recorded as `other`: what the
   * conventions call "conditionally required" (`error.type` only on a failed operation).
   */
  readonly optional?: boolean;
  /**
   * The label whose value decides this one's (`gen_ai.provider.name` follows from the model):
   * it adds no series beyond that label's, so the worst-case count does not multiply by it.
   * Generation refuses a metric that has this label without that one.
   */
  readonly functionOf?: Label;
}

/** A label whose values are known in advance (the 18 agent types, a status, a severity). */
export interface ClosedLabel<V extends string = string> extends LabelOptions {
  readonly kind: 'closed';
  readonly name: string;
  readonly description: string;
  readonly values: readonly V[];
}

/**
 * A label whose values are not known in advance (a project, a gate name). It must declare
 * how many distinct values one process may record before the rest become `other`.
 */
export interface OpenLabel extends LabelOptions {
  readonly kind: 'open';
  readonly name: string;
  readonly description: string;
  readonly cap: number;
}

export type Label = ClosedLabel | OpenLabel;

// Schema authors name the kinds from here; the type lives with the naming rules it decides.
export type { InstrumentKind };

export interface MetricDefinition {
  /** OpenTelemetry instrument name, `aqe.<area>.<what>`. */
  readonly name: string;
  readonly kind: InstrumentKind;
  /** UCUM unit (`s`, `%`, `By`) or an annotation in braces (`{token}`, `{USD}`). */
  readonly unit: string;
  readonly description: string;
  readonly labels: readonly Label[];
  /** Histogram bucket boundaries, strictly increasing. Required for histograms only. */
  readonly buckets?: readonly number[];
  /**
   * The name the requirements spec uses, when the schema tells the truth differently
   * (a histogram the spec calls `p99_seconds`). Kept so the spec's name stays findable.
   */
  readonly specNames?: readonly string[];
  /** Why the schema name differs from the spec name; shown in the metrics reference. */
  readonly renameReason?: string;
  /** Worst-case series this metric may produce before generation refuses it. */
  readonly maxSeries?: number;
  /**
   * The standard the name, unit and labels come from (schema/genai-conventions.ts): the name
   * is then `gen_ai.*`, as the standard spells it, and Prometheus shows it the way the
   * collector writes it (with the unit suffix the agents' pull endpoint leaves out).
   */
  readonly convention?: string;
}

export function closedLabel<const V extends string>(
  name: string,
  description: string,
  values: readonly V[],
  options: LabelOptions = {},
): ClosedLabel<V> {
  return { kind: 'closed', name, description, values, ...options };
}

export function openLabel(name: string, description: string, cap: number, options: LabelOptions = {}): OpenLabel {
  return { kind: 'open', name, description, cap, ...options };
}

export function counter(def: Omit<MetricDefinition, 'kind' | 'buckets'>): MetricDefinition {
  return { ...def, kind: 'counter' };
}

export function upDownCounter(def: Omit<MetricDefinition, 'kind' | 'buckets'>): MetricDefinition {
  return { ...def, kind: 'updowncounter' };
}

export function gauge(def: Omit<MetricDefinition, 'kind' | 'buckets'>): MetricDefinition {
  return { ...def, kind: 'gauge' };
}

export function histogram(
  def: Omit<MetricDefinition, 'kind'> & { readonly buckets: readonly number[] },
): MetricDefinition {
  return { ...def, kind: 'histogram' };
}

/** The value type of a span attribute, as OpenTelemetry records it. */
export type AttributeType = 'string' | 'int' | 'double' | 'boolean';

export interface AttributeDefinition {
  /** `aqe.*` for this project's own attributes, `gen_ai.*` for the GenAI conventions. */
  readonly name: string;
  readonly type: AttributeType;
  readonly description: string;
  /** For string attributes with a closed set of values. */
  readonly values?: readonly string[];
}

export function attribute(
  name: string,
  type: AttributeType,
  description: string,
  values?: readonly string[],
): AttributeDefinition {
  return values ? { name, type, description, values } : { name, type, description };
}

export interface SpanAttributeUse {
  readonly attribute: AttributeDefinition;
  readonly requirement: 'required' | 'recommended';
  /**
   * A standard attribute the span also carries with the given value (the conventions'
   * gen_ai.memory.store.id for aqe.memory.namespace): callers keep the key they know.
   */
  readonly alsoAs?: AttributeDefinition;
  /** What the span carries when the caller gives no value (see {@link defaulted}). */
  readonly default?: string;
}

export interface FixedAttribute {
  readonly attribute: AttributeDefinition;
  readonly value: string;
}

export function fixed(attr: AttributeDefinition, value: string): FixedAttribute {
  return { attribute: attr, value };
}

export type SpanKindName = 'internal' | 'client' | 'server' | 'producer' | 'consumer';

export interface SpanDefinition {
  /** Stable identifier of the instrumentation point, used for the helper's name. */
  readonly id: string;
  /**
   * The span name. `{attribute.name}` is replaced by that attribute's value, as the
   * GenAI conventions ask (`invoke_agent {gen_ai.agent.name}`).
   */
  readonly name: string;
  readonly kind: SpanKindName;
  readonly description: string;
  readonly attributes: readonly SpanAttributeUse[];
  /** Attributes every span of this kind carries with the same value (`gen_ai.operation.name`). */
  readonly fixedAttributes?: readonly FixedAttribute[];
  /**
   * A histogram (unit `s`) that records each span's duration when it ends, labelled by the
   * span's attributes of the same keys and by `error.type` when it failed: the standard GenAI
   * duration metrics, which the conventions define as the span's duration.
   */
  readonly durationMetric?: MetricDefinition;
  /** Which instrumentation point of spec action A4 this span implements. */
  readonly specPoints: readonly string[];
}

export function required(attr: AttributeDefinition): SpanAttributeUse {
  return { attribute: attr, requirement: 'required' };
}

export function recommended(attr: AttributeDefinition): SpanAttributeUse {
  return { attribute: attr, requirement: 'recommended' };
}

/** `use`, whose value the span also carries under the standard key `standard`. */
export function alsoAs(use: SpanAttributeUse, standard: AttributeDefinition): SpanAttributeUse {
  return { ...use, alsoAs: standard };
}

/**
 * An attribute the conventions require that the caller may give, else `value`: the span always
 * carries it, and no agent call has to change for it (`gen_ai.provider.name` of an agent span).
 */
export function defaulted(attr: AttributeDefinition, value: string): SpanAttributeUse {
  return { attribute: attr, requirement: 'recommended', default: value };
}

export function span(def: SpanDefinition): SpanDefinition {
  return def;
}

/** A model the fleet calls, by the name agents pass as its `model` label. */
export interface FleetModel {
  readonly model: string;
  /** `gen_ai.provider.name` value of the OpenTelemetry GenAI conventions (schema/attributes.ts). */
  readonly provider: string;
}

/** USD per million tokens of each kind; a tier is priced by the call's input tokens. */
export type HandPrices = TokenPrices;

/** A fleet model priced otherwise than the package says (a negotiated rate): the kinds given replace the package's. */
export interface PriceOverride extends Partial<HandPrices> {
  readonly model: string;
  /** Why: the contract, the date it applies from. */
  readonly reason: string;
}

/** A fleet model the package does not price, priced by hand. */
export interface PriceAddition extends HandPrices {
  readonly model: string;
  /** ISO date the prices were read. */
  readonly takenOn: string;
  /** Where they were read: the provider's price page. */
  readonly source: string;
}

/** The fleet's models; their prices come from @pydantic/genai-prices unless overridden or added. */
export interface PriceSources {
  readonly currency: 'USD';
  readonly models: readonly FleetModel[];
  readonly overrides: readonly PriceOverride[];
  readonly additions: readonly PriceAddition[];
}

/** The metrics and span attributes that record one model call's token usage and cost. */
export interface TokenUsageBinding {
  readonly inputTokens: MetricDefinition;
  readonly outputTokens: MetricDefinition;
  readonly cacheReadTokens: MetricDefinition;
  readonly cacheWriteTokens: MetricDefinition;
  /** Its labels are what `recordTokenUsage` asks for; the token counters use a subset. */
  readonly cost: MetricDefinition;
  readonly attributes: {
    readonly inputTokens: AttributeDefinition;
    readonly outputTokens: AttributeDefinition;
    readonly cacheReadTokens: AttributeDefinition;
    readonly cacheWriteTokens: AttributeDefinition;
    readonly cost: AttributeDefinition;
  };
}

/**
 * The whole schema: what `generators/model.ts` takes in. Metrics, labels and spans are
 * keyed by their export name in schema/, which becomes the name of the generated helper
 * and type, so agent code, rules and dashboards all say `agentSpawns`.
 */
export interface Schema {
  readonly metrics: Readonly<Record<string, MetricDefinition>>;
  readonly labels: Readonly<Record<string, Label>>;
  readonly spans: Readonly<Record<string, SpanDefinition>>;
  readonly prices: PriceSources;
  /** The metrics through which the runtime reports its own data loss. */
  readonly health: {
    readonly rejectedLabelValues: MetricDefinition;
    readonly exportFailures: MetricDefinition;
    /** Calls of a model the price table does not price, by its name (cost recorded as 0). */
    readonly unpricedCalls: MetricDefinition;
  };
  readonly tokenUsage: TokenUsageBinding;
  /** The standard GenAI metrics recordTokenUsage() records too, and when (schema/genai-conventions.ts). */
  readonly genAi?: GenAiBinding;
  /** Total worst-case series the fleet may produce (spec 11.2: under 100k active series). */
  readonly seriesBudget: number;
}

export interface GenAiBinding {
  /** 'always', or 'opt-in': only where OTEL_SEMCONV_STABILITY_OPT_IN lists `optIn`. */
  readonly metrics: 'always' | 'opt-in';
  readonly optIn: string;
  /** The `error.type` a duration metric records for an error class it does not list. */
  readonly otherErrorType: string;
  /** The `gen_ai.operation.name` of a model call recordTokenUsage() records. */
  readonly operation: string;
  /** Histogram of tokens per call, by `gen_ai.token.type` (input, output). */
  readonly tokenUsage: MetricDefinition;
  /** Histogram of a streaming call's time to its first chunk, when the usage gives it. */
  readonly timeToFirstChunk: MetricDefinition;
  /** Span attribute of the reasoning tokens among the output tokens, when the usage gives them. */
  readonly reasoningTokens: AttributeDefinition;
  /** Span attributes of a streaming call, set when the usage gives its time to the first chunk. */
  readonly streaming: { readonly stream: AttributeDefinition; readonly timeToFirstChunk: AttributeDefinition };
}
