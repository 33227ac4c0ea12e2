import type { DeployConfig } from './config';
import { SERVICES } from '../core/services';

/**
 * The OpenTelemetry Collector configuration, as data, for the release pinned in
 * tools/versions.ts. The spec's snippet is dated: the `jaeger`, `loki` and `logging` exporters
 * were removed from the collector, so traces go to Jaeger over OTLP, logs to Loki 3's OTLP
 * endpoint, and `debug` replaces `logging`; since 0.144 the OTLP exporters are `otlp_grpc` and
 * `otlp_http` (the old names log a deprecation warning). The Prometheus exporter has no
 * `namespace`: the schema's names already start with `aqe`.
 */

export type CollectorConfig = {
  receivers: Record<string, unknown>;
  processors: Record<string, unknown>;
  exporters: Record<string, unknown>;
  extensions: Record<string, unknown>;
  service: {
    extensions: string[];
    pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
    telemetry?: Record<string, unknown>;
  };
};

/** Vendor exporters switched on in DeployConfig.vendors, and the env variables with their keys. */
export function vendorExporters(config: DeployConfig): { exporters: Record<string, unknown>; env: string[] } {
  const exporters: Record<string, unknown> = {};
  const env: string[] = [];
  const { datadog, newRelic, honeycomb, dynatrace } = config.vendors;
  if (datadog) {
    exporters.datadog = { api: { site: datadog.site, key: '${env:DD_API_KEY}' } };
    env.push('DD_API_KEY');
  }
  if (newRelic) {
    exporters['otlp_http/newrelic'] = { endpoint: newRelic.endpoint, headers: { 'api-key': '${env:NEW_RELIC_LICENSE_KEY}' } };
    env.push('NEW_RELIC_LICENSE_KEY');
  }
  if (honeycomb) {
    exporters['otlp_grpc/honeycomb'] = { endpoint: honeycomb.endpoint, headers: { 'x-honeycomb-team': '${env:HONEYCOMB_API_KEY}' } };
    env.push('HONEYCOMB_API_KEY');
  }
  if (dynatrace) {
    exporters['otlp_http/dynatrace'] = { endpoint: dynatrace.endpoint, headers: { Authorization: 'Api-Token ${env:DT_API_TOKEN}' } };
    env.push('DT_API_TOKEN');
  }
  return { exporters, env };
}

/**
 * Where the collector listens and what it sends to. In a pod it listens on every interface and
 * reaches Jaeger and Loki by their Service names; a local stack (stack/) changes only these.
 */
export interface CollectorAddresses {
  /** Host the receivers, the Prometheus exporter, the health check and the self-telemetry listen on. */
  readonly listenHost: string;
  readonly ports: DeployConfig['collector']['ports'];
  /** `host:port` of Jaeger's OTLP gRPC receiver. */
  readonly jaegerOtlpGrpc: string;
  /** Base URL of Loki's OTLP endpoint (`.../otlp`). */
  readonly lokiOtlpHttp: string;
}

export function productionCollectorAddresses(config: DeployConfig): CollectorAddresses {
  return {
    listenHost: '0.0.0.0',
    ports: config.collector.ports,
    jaegerOtlpGrpc: `${SERVICES.jaeger.name}:${SERVICES.jaeger.otlpGrpcPort}`,
    lokiOtlpHttp: `http://${SERVICES.loki.name}:${SERVICES.loki.port}/otlp`,
  };
}

export function collectorConfig(config: DeployConfig, addresses: CollectorAddresses = productionCollectorAddresses(config)): CollectorConfig {
  const { ports, listenHost: host } = addresses;
  const vendors = vendorExporters(config);
  const vendorNames = Object.keys(vendors.exporters);
  // The limiter refuses data at 80 % of the container limit, before the kernel kills the pod;
  // the spike allowance is a fifth of that.
  const limitMiB = Math.floor(config.collector.memoryLimitMiB * 0.8);
  const processors = ['memory_limiter', 'resource', 'batch'];
  return {
    receivers: {
      otlp: {
        protocols: {
          grpc: { endpoint: `${host}:${ports.otlpGrpc}` },
          http: { endpoint: `${host}:${ports.otlpHttp}` },
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: '1s', limit_mib: limitMiB, spike_limit_mib: Math.floor(limitMiB / 5) },
      resource: { attributes: [{ key: 'service.namespace', value: 'aqe-fleet', action: 'insert' }] },
      batch: { timeout: config.collector.batchTimeout, send_batch_size: 1000, send_batch_max_size: 2000 },
    },
    exporters: {
      prometheus: {
        endpoint: `${host}:${ports.prometheus}`,
        // With suffixes: the schema only accepts names that come out the same with and without
        // them. (`add_metric_suffixes` is deprecated for this setting.)
        translation_strategy: 'UnderscoreEscapingWithSuffixes',
        metric_expiration: config.collector.metricExpiration,
      },
      'otlp_grpc/jaeger': { endpoint: addresses.jaegerOtlpGrpc, tls: { insecure: true } },
      'otlp_http/loki': { endpoint: addresses.lokiOtlpHttp },
      debug: { verbosity: 'basic' },
      ...vendors.exporters,
    },
    extensions: {
      health_check: { endpoint: `${host}:${ports.health}` },
    },
    service: {
      extensions: ['health_check'],
      pipelines: {
        traces: { receivers: ['otlp'], processors, exporters: ['otlp_grpc/jaeger', 'debug', ...vendorNames] },
        metrics: { receivers: ['otlp'], processors, exporters: ['prometheus', 'debug', ...vendorNames] },
        logs: { receivers: ['otlp'], processors, exporters: ['otlp_http/loki', 'debug', ...vendorNames] },
      },
      // The collector's own metrics (accepted, refused, sent, failed, queue sizes), scraped by
      // Prometheus for the operations dashboard; the default listens on localhost only.
      telemetry: {
        metrics: { level: 'normal', readers: [{ pull: { exporter: { prometheus: { host, port: ports.telemetry } } } }] },
      },
    },
  };
}
