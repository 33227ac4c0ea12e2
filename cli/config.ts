import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_OTLP_HTTP_ENDPOINT, TRACE_FILE_ENV } from '../runtime/defaults';
import { DEPLOY } from '../deploy/config';
import { SERVICES } from '../core/services';
import type { Options } from './options';
import { UsageError } from './errors';

/**
 * Where the CLI finds each backend, resolved in this one place: a flag wins over the
 * environment, which wins over the default (the in-cluster Service URLs of core/services.ts,
 * which resolve from any pod of the observability namespace).
 */
export type Source = 'flag' | 'env' | 'default';

export interface Setting {
  readonly url: string;
  readonly source: Source;
  /** The flag or variable it came from, for messages (`--prometheus`, `AQE_PROMETHEUS_URL`). */
  readonly from: string;
}

/** A setting with no default, not given: `aqe telemetry config` shows where it could come from. */
export interface Unset {
  readonly source: 'unset';
  /** `--jaeger or AQE_JAEGER_URL` */
  readonly from: string;
}

/** The trace file: a path, not a URL (relative ones resolved against the working directory). */
export interface PathSetting {
  readonly path: string;
  readonly source: Exclude<Source, 'default'>;
  readonly from: string;
}

export interface ResolvedConfig {
  readonly prometheus: Setting;
  readonly alertmanager: Setting;
  readonly collector: Setting;
  /**
   * No in-cluster default: Jaeger is optional (DESIGN.md: not part of the local stack), and
   * without it `trace` reads the trace file, so "not configured" has to stay visible.
   */
  readonly jaeger: Setting | Unset;
  /** What agents write with AQE_TRACE_FILE (runtime/trace-file.ts); `trace` reads it when Jaeger is unset. */
  readonly traceFile: PathSetting | Unset;
}

export const BACKENDS = {
  prometheus: { flag: 'prometheus', env: 'AQE_PROMETHEUS_URL', default: `http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}`, title: 'Prometheus' },
  alertmanager: { flag: 'alertmanager', env: 'AQE_ALERTMANAGER_URL', default: `http://${SERVICES.alertmanager.name}:${SERVICES.alertmanager.port}`, title: 'Alertmanager' },
  collector: { flag: 'collector', env: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: DEFAULT_OTLP_HTTP_ENDPOINT, title: 'Collector' },
} as const;

export type Backend = keyof typeof BACKENDS;

export const JAEGER = { flag: 'jaeger', env: 'AQE_JAEGER_URL', title: 'Jaeger' } as const;
export const TRACE_FILE = { flag: 'trace-file', env: TRACE_FILE_ENV, title: 'Trace file' } as const;

/** `--jaeger` and `--trace-file`: global flags (cli/main.ts), read by trace, status and config. */
export const TRACE_SOURCE_OPTIONS = { [JAEGER.flag]: { type: 'string' }, [TRACE_FILE.flag]: { type: 'string' } } as const satisfies Options;
export const TRACE_SOURCE_HELP = [
  `  --${JAEGER.flag} <url>         Jaeger query API, e.g. http://jaeger-query:16686 (else $${JAEGER.env}, else none)`,
  `  --${TRACE_FILE.flag} <path>    trace file agents write (else $${TRACE_FILE.env}, else none)`,
].join('\n');

/** The agents' view of the collector differs from the cluster's: for reference in `config`. */
export const IN_CLUSTER_COLLECTOR = `http://${SERVICES.collector.name}.${DEPLOY.namespace}.svc:${DEPLOY.collector.ports.otlpHttp}`;

export function resolveConfig(flags: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>): ResolvedConfig {
  const one = (backend: Backend): Setting => {
    const spec = BACKENDS[backend];
    const flag = flags[spec.flag];
    const fromEnv = env[spec.env];
    const setting: Setting =
      typeof flag === 'string' ? { url: flag, source: 'flag', from: `--${spec.flag}` }
      : fromEnv !== undefined && fromEnv !== '' ? { url: fromEnv, source: 'env', from: spec.env }
      : { url: spec.default, source: 'default', from: 'default' };
    return { ...setting, url: checkUrl(setting) };
  };
  return {
    prometheus: one('prometheus'),
    alertmanager: one('alertmanager'),
    collector: one('collector'),
    jaeger: optional(JAEGER, flags, env, (setting) => ({ ...setting, url: checkUrl(setting) })),
    traceFile: optional(TRACE_FILE, flags, env, ({ url, source, from }) => ({ path: isAbsolute(url) ? url : resolve(url), source, from })),
  };
}

function optional<T>(
  spec: { readonly flag: string; readonly env: string },
  flags: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  make: (given: Setting & { source: 'flag' | 'env' }) => T,
): T | Unset {
  const flag = flags[spec.flag];
  const fromEnv = env[spec.env];
  if (typeof flag === 'string' && flag !== '') return make({ url: flag, source: 'flag', from: `--${spec.flag}` });
  if (fromEnv !== undefined && fromEnv !== '') return make({ url: fromEnv, source: 'env', from: spec.env });
  return { source: 'unset', from: `--${spec.flag} or ${spec.env}` };
}

export function isSet<T extends object>(setting: T | Unset): setting is T {
  return (setting as Unset).source !== 'unset';
}

function checkUrl(setting: Setting): string {
  let parsed: URL;
  try {
    parsed = new URL(setting.url);
  } catch {
    throw new UsageError(`${setting.from}: "${setting.url}" is not a URL (expected e.g. http://host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new UsageError(`${setting.from}: "${setting.url}" is not an http(s) URL`);
  return setting.url.replace(/\/+$/, '');
}
