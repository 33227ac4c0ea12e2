/**
 * The runtime's defaults that other layers read (where it sends, how often, which variable
 * names its trace file), in a module that loads nothing: the CLI and the generators need
 * them without the OpenTelemetry SDK behind them.
 */

/**
 * 5 s rather than the OpenTelemetry default of 60 s: an immediate critical alert must reach
 * its receiver within 30 s of the event (spec 11.1), and this is the first hop of that
 * budget (docs/alerting.md).
 */
export const DEFAULT_METRIC_EXPORT_INTERVAL_MS = 5000;

/**
 * Where the OTLP/HTTP exporters send when OTEL_EXPORTER_OTLP_ENDPOINT is unset (their own
 * default): the collector's OTLP/HTTP port must match it. Passed to the exporters only in
 * place of an endpoint variable that does not parse, so the environment keeps precedence;
 * a test proves the exporters really send here.
 */
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318';

/** The gRPC exporters' own default, likewise: the collector's OTLP/gRPC port. */
export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';

/** What OTEL_EXPORTER_OTLP_[SIGNAL_]PROTOCOL takes (runtime/otlp-exporters.ts). */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The OpenTelemetry specification's default, and the JS SDK's. */
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

/** The variable naming the JSON-lines file spans are also written to (runtime/trace-file.ts). */
export const TRACE_FILE_ENV = 'AQE_TRACE_FILE';
