import type { CollectorConfig } from '../deploy/collector';
import { unknownComponentTypes } from '../deploy/collector-distribution';
import type { Diagnostic } from './diagnostics';

/**
 * The collector config's checks at generate time, before any collector runs (the tests then
 * start the real one built from the OCB manifest): the pipeline graph is closed, processors are
 * in a safe order, no removed or deprecated component is named, every component type has a
 * module to build it from, ports agree with the Services and the runtime, and secrets only
 * ever come from the environment.
 */

/** Components removed from the collector: a config naming them does not start. */
const REMOVED: Readonly<Record<string, string>> = {
  jaeger: 'export traces to Jaeger with the otlp_grpc exporter (Jaeger takes OTLP on 4317)',
  logging: 'use the debug exporter',
  loki: 'export logs with otlp_http to Loki 3 at /otlp',
  jaeger_thrift: 'use the otlp_grpc exporter',
};
/** Exporter names the pinned collector still accepts but warns about at every start. */
const DEPRECATED_EXPORTERS: Readonly<Record<string, string>> = {
  otlp: 'otlp_grpc',
  otlphttp: 'otlp_http',
};
/** Setting names that hold credentials; `key` only under `api` (Datadog), not a resource attribute's key. */
const SECRET_NAMES = new Set(['password', 'secret', 'token', 'api-key', 'api_key', 'apikey', 'x-api-key', 'authorization', 'x-honeycomb-team', 'access_token']);
const isSecretPath = (path: string) => {
  const [parent = '', last = ''] = path.toLowerCase().split('.').slice(-2);
  return SECRET_NAMES.has(last) || (last === 'key' && parent === 'api');
};
const ENV_REFERENCE = /\$\{env:[A-Z_][A-Z0-9_]*\}/;

export interface PortExpectations {
  /** OTLP ports of the collector's Kubernetes Service. */
  readonly serviceOtlpGrpc: number;
  readonly serviceOtlpHttp: number;
  /** The Prometheus exporter port Prometheus scrapes. */
  readonly scrapedPrometheusPort: number;
  /** The runtime's default OTLP/HTTP endpoint. */
  readonly runtimeOtlpHttpEndpoint: string;
}

type Section = 'receivers' | 'processors' | 'exporters' | 'extensions';
const typeOf = (id: string) => id.split('/')[0] ?? id;
const portOf = (endpoint: unknown) => Number(String(endpoint).split(':').pop());

export function checkCollectorConfig(config: CollectorConfig, ports: PortExpectations): Diagnostic[] {
  const found: Diagnostic[] = [];
  const add = (place: string, problem: string, fix: string) => found.push({ place, problem, fix });
  const used: Record<Section, Set<string>> = { receivers: new Set(), processors: new Set(), exporters: new Set(), extensions: new Set(config.service.extensions) };

  for (const [name, pipeline] of Object.entries(config.service.pipelines)) {
    const place = `collector pipeline ${name}`;
    for (const section of ['receivers', 'processors', 'exporters'] as const) {
      if (pipeline[section].length === 0 && section !== 'processors') add(place, `it has no ${section}`, `list at least one of ${Object.keys(config[section]).join(', ')}`);
      for (const id of pipeline[section]) {
        used[section].add(id);
        if (!(id in config[section])) add(place, `${section.slice(0, -1)} ${id} is not defined`, `define it under ${section}, or remove it from the pipeline`);
      }
    }
    if (pipeline.processors[0] !== 'memory_limiter') add(place, `the first processor is ${pipeline.processors[0] ?? 'none'}, not memory_limiter`, 'put memory_limiter first, so it can refuse data before anything else holds it');
    if (pipeline.processors.at(-1) !== 'batch') add(place, `the last processor is ${pipeline.processors.at(-1) ?? 'none'}, not batch`, 'put batch last, so batches leave with everything the other processors did');
  }
  for (const id of config.service.extensions) {
    if (!(id in config.extensions)) add('collector service.extensions', `extension ${id} is not defined`, 'define it under extensions');
  }
  for (const section of ['receivers', 'processors', 'exporters', 'extensions'] as const) {
    for (const id of Object.keys(config[section])) {
      if (!used[section].has(id)) add(`collector ${section}.${id}`, 'it is defined but no pipeline uses it', 'use it in a pipeline, or remove it');
      const removal = REMOVED[typeOf(id)];
      if (removal) add(`collector ${section}.${id}`, `the ${typeOf(id)} component was removed from the collector`, removal);
      const current = section === 'exporters' ? DEPRECATED_EXPORTERS[typeOf(id)] : undefined;
      if (current) add(`collector ${section}.${id}`, `the ${typeOf(id)} exporter name is deprecated (the collector warns at every start)`, `call it ${current}${id.slice(typeOf(id).length)}`);
    }
  }
  for (const { kind, type } of unknownComponentTypes(config)) {
    if (REMOVED[type] || (kind === 'exporters' && DEPRECATED_EXPORTERS[type])) continue;
    add(`collector ${kind}.${type}`, 'no Go module is known for this component type, so the OCB manifest cannot include it', 'add it to deploy/collector-components.ts with its module and release line');
  }
  if (!('health_check' in config.extensions)) add('collector extensions', 'there is no health_check extension', 'add it: the Kubernetes probes call it');

  const prometheus = config.exporters.prometheus as { endpoint?: string; namespace?: string } | undefined;
  if (prometheus?.namespace) add('collector exporters.prometheus', `namespace "${prometheus.namespace}" would prefix every name again (aqe_aqe_...)`, 'remove namespace: the schema names already start with aqe');
  if (prometheus && portOf(prometheus.endpoint) !== ports.scrapedPrometheusPort) {
    add('collector exporters.prometheus', `it listens on ${prometheus.endpoint} but Prometheus scrapes port ${ports.scrapedPrometheusPort}`, 'listen on deploy/config.ts collector.ports.prometheus, the port Prometheus scrapes');
  }
  const otlp = config.receivers.otlp as { protocols?: { grpc?: { endpoint?: string }; http?: { endpoint?: string } } } | undefined;
  const grpc = portOf(otlp?.protocols?.grpc?.endpoint);
  const http = portOf(otlp?.protocols?.http?.endpoint);
  if (grpc !== ports.serviceOtlpGrpc) add('collector receivers.otlp.grpc', `port ${grpc} is not the Service's OTLP gRPC port ${ports.serviceOtlpGrpc}`, 'use the same port in both');
  if (http !== ports.serviceOtlpHttp) add('collector receivers.otlp.http', `port ${http} is not the Service's OTLP HTTP port ${ports.serviceOtlpHttp}`, 'use the same port in both');
  if (http !== portOf(ports.runtimeOtlpHttpEndpoint)) add('collector receivers.otlp.http', `port ${http} is not the runtime's default ${ports.runtimeOtlpHttpEndpoint}`, 'agents would need OTEL_EXPORTER_OTLP_ENDPOINT set; use 4318');

  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'string') {
      const isSecret = isSecretPath(path);
      if (isSecret && !ENV_REFERENCE.test(value)) add(`collector ${path}`, 'a secret is written into the config', `read it from the environment: \${env:NAME}`);
      if (!isSecret && ENV_REFERENCE.test(value)) add(`collector ${path}`, 'an environment reference where no secret is expected', 'write non-secret settings in deploy/config.ts, where they are reviewed');
      return;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(config, '');
  return found;
}
