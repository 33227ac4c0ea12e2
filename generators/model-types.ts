import type { TokenPrices } from '../core/token-price';
import type { AttributeType, InstrumentKind, SpanKindName } from '../schema/define';

/**
 * The resolved model: plain data, validated, with every derived name computed once.
 * Every generator takes this and nothing else; `out/schema.json` is this, serialised.
 */

export interface ResolvedLabel {
  /** The attribute key the runtime records (`agent_type`, `gen_ai.token.type`). */
  readonly name: string;
  /** What Prometheus shows it as (`gen_ai_token_type`): queries, dashboards and tests use it. */
  readonly prometheusName: string;
  /** Left out when not given, instead of recorded as `other`. */
  readonly optional?: boolean;
  /** The label whose value decides this one's: it adds no series of its own. */
  readonly functionOf?: string;
  /** TypeScript type name in the generated helpers (`AgentType`), from the schema export name. */
  readonly typeName: string;
  readonly description: string;
  readonly kind: 'closed' | 'open';
  /** Closed labels: the declared values, `other` not included. */
  readonly values?: readonly string[];
  /** Open labels: distinct values one process records before the rest become `other`. */
  readonly cap?: number;
  /** Distinct values the label can take, `other` included. */
  readonly cardinality: number;
}

export interface ResolvedMetric {
  /** Name of the schema export and of the generated helper (`agentSpawns`). */
  readonly helperName: string;
  readonly otelName: string;
  readonly prometheusName: string;
  /** Series names in Prometheus (`_bucket`, `_count`, `_sum` for histograms). */
  readonly series: readonly string[];
  readonly kind: InstrumentKind;
  readonly prometheusType: 'counter' | 'gauge' | 'histogram';
  readonly unit: string;
  readonly description: string;
  readonly labels: readonly ResolvedLabel[];
  readonly buckets?: readonly number[];
  /** Product of label cardinalities times series per label set. */
  readonly worstCaseSeries: number;
  readonly maxSeries: number;
  readonly specNames: readonly string[];
  readonly renameReason?: string;
  /** The standard its name comes from, when it is a standard metric (`gen_ai.*`). */
  readonly convention?: string;
}

export interface ResolvedAttribute {
  readonly name: string;
  readonly type: AttributeType;
  readonly description: string;
  readonly values?: readonly string[];
  readonly requirement: 'required' | 'recommended';
}

export interface ResolvedSpan {
  /** Name of the schema export (`agentExecuteSpan`); the helper is `withAgentExecuteSpan`. */
  readonly helperName: string;
  readonly id: string;
  readonly nameTemplate: string;
  readonly kind: SpanKindName;
  readonly description: string;
  readonly specPoints: readonly string[];
  readonly attributes: readonly ResolvedAttribute[];
  /** Fixed attributes, and the defaults of defaulted ones (which a given value replaces). */
  readonly fixedAttributes: Readonly<Record<string, string>>;
  /** The OpenTelemetry name of the histogram its duration goes to, if any. */
  readonly durationMetric?: string;
  /** Given attributes the span also carries under a standard key: given key to standard key. */
  readonly copies?: Readonly<Record<string, string>>;
}

/** A fleet model's prices, USD per million tokens, and where they came from. */
export interface ResolvedPrice extends TokenPrices {
  readonly model: string;
  readonly provider: string;
  /** `package` (the package's model id), `override` (its reason) or `addition` (its date and source). */
  readonly origin: string;
}

export interface Model {
  readonly metrics: readonly ResolvedMetric[];
  readonly labels: readonly ResolvedLabel[];
  readonly spans: readonly ResolvedSpan[];
  readonly prices: {
    /** The price package and its version, e.g. `@pydantic/genai-prices@0.1.8`. */
    readonly source: string;
    readonly currency: 'USD';
    /** Sorted by model. */
    readonly models: readonly ResolvedPrice[];
  };
  /** Helper names of the runtime's own health metrics. */
  readonly health: { readonly rejectedLabelValues: string; readonly exportFailures: string; readonly unpricedCalls: string };
  readonly tokenUsage: {
    readonly inputTokens: string;
    readonly outputTokens: string;
    readonly cacheReadTokens: string;
    readonly cacheWriteTokens: string;
    readonly cost: string;
    /** Span attribute names. */
    readonly attributes: {
      readonly inputTokens: string;
      readonly outputTokens: string;
      readonly cacheReadTokens: string;
      readonly cacheWriteTokens: string;
      readonly cost: string;
    };
  };
  /** What recordTokenUsage() and the span helpers record of the standard GenAI metrics. */
  readonly genAi?: {
    readonly metrics: 'always' | 'opt-in';
    readonly optIn: string;
    readonly otherErrorType: string;
    readonly operation: string;
    /** Helper names. */
    readonly tokenUsage: string;
    readonly timeToFirstChunk: string;
    /** Span attribute names. */
    readonly reasoningTokens: string;
    readonly streaming: { readonly stream: string; readonly timeToFirstChunk: string };
  };
  readonly seriesBudget: number;
  readonly totalWorstCaseSeries: number;
}
