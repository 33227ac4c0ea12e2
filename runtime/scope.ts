/**
 * The instrumentation scope every aqe metric and span is recorded under. It shows up as the
 * `otel_scope_name`/`otel_scope_version` labels in Prometheus and the scope in traces.
 */
// By package name (package.json exports it): one path from runtime/ here and from dist/runtime/ in the package.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('aqe-telemetry/package.json') as { version: string };

export const SCOPE_NAME = 'aqe-telemetry';
export const SCOPE_VERSION: string = version;
