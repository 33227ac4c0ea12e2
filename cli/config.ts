import { DEFAULT_OTLP_HTTP_ENDPOINT } from '../runtime/bootstrap';
import { DEPLOY } from '../deploy/config';
import { SERVICES } from '../deploy/services';
import { UsageError } from './errors';

/**
 * Where the CLI finds each backend, resolved in this one place: a flag wins over the
 * environment, which wins over the default (the in-cluster Service URLs of deploy/services.ts,
 * which resolve from any pod of the observability namespace).
 */
export type Source = 'flag' | 'env' | 'default';

export interface Setting {
  readonly url: string;
  readonly source: Source;
  /** The flag or variable it came from, for messages (`--prometheus`, `AQE_PROMETHEUS_URL`). */
  readonly from: string;
}

export interface ResolvedConfig {
  readonly prometheus: Setting;
  readonly alertmanager: Setting;
  readonly collector: Setting;
}

export const BACKENDS = {
  prometheus: { flag: 'prometheus', env: 'AQE_PROMETHEUS_URL', default: `http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}`, title: 'Prometheus' },
  alertmanager: { flag: 'alertmanager', env: 'AQE_ALERTMANAGER_URL', default: `http://${SERVICES.alertmanager.name}:${SERVICES.alertmanager.port}`, title: 'Alertmanager' },
  collector: { flag: 'collector', env: 'OTEL_EXPORTER_OTLP_ENDPOINT', default: DEFAULT_OTLP_HTTP_ENDPOINT, title: 'Collector' },
} as const;

export type Backend = keyof typeof BACKENDS;

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
  return { prometheus: one('prometheus'), alertmanager: one('alertmanager'), collector: one('collector') };
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
