/**
 * The OpenTelemetry GenAI semantic conventions this schema follows, pinned. They live in their
 * own repository since 2026, at Development stability and without a tagged release yet, so
 * the pin is a commit: names, units, attributes and bucket boundaries of the `gen_ai.*`
 * metrics and spans in schema/ are the ones of this revision (docs/genai-conventions.md says
 * which, and what this project adds).
 */
export const GENAI_CONVENTIONS = 'open-telemetry/semantic-conventions-genai@004902b8cb70aa5ae6ca4ae07132b7daabcd3e10';

/**
 * The value of OTEL_SEMCONV_STABILITY_OPT_IN (a comma-separated list) by which users of
 * OpenTelemetry instrumentations ask for the latest experimental GenAI conventions.
 */
export const GENAI_OPT_IN = 'gen_ai_latest_experimental';

/**
 * Whether the standard `gen_ai.*` metrics are recorded beside the `aqe.*` ones: 'always'
 * (the default: off-the-shelf GenAI dashboards and tools read them with no set-up), or
 * 'opt-in' (only in processes whose OTEL_SEMCONV_STABILITY_OPT_IN lists GENAI_OPT_IN, the
 * migration switch of the conventions, for fleets that keep their series count down).
 * Spans follow the pinned conventions either way.
 */
export const GENAI_METRICS: 'always' | 'opt-in' = 'always';

/** The conventions' well-known `gen_ai.provider.name` values this fleet may call. */
export const GENAI_PROVIDERS = ['anthropic', 'openai', 'gcp.gemini', 'gcp.vertex_ai', 'aws.bedrock', 'azure.ai.openai'] as const;

/**
 * `gen_ai.provider.name` of the agent spans (create_agent, invoke_agent), which the conventions
 * require: the fleet's agents run in its own runtime, not at a GenAI provider, and the
 * conventions allow a custom value where no well-known one applies. A caller that knows better
 * (an agent hosted by a provider) passes its own.
 */
export const AGENT_PROVIDER = 'aqe';

/** The conventions' fallback `error.type` when no more specific class applies. */
export const OTHER_ERROR_TYPE = '_OTHER';

/**
 * The conventions' bucket boundaries for operation durations (seconds), then three more
 * doublings: a model call that reasons or streams a long answer takes minutes, and the
 * conventions' last bound (81.92 s) would put those in +Inf, where no quantile can be read.
 */
export const GENAI_OPERATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68, 655.36];

/** The conventions' agent-invocation boundaries (seconds), then three more doublings for long agent runs (up to an hour). */
export const GENAI_AGENT_BUCKETS = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6, 819.2, 1638.4, 3276.8];

/** The conventions' token-count boundaries: powers of 4 up to 4^13. */
export const GENAI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
