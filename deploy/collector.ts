import type { DeployConfig } from './config';
import { SERVICES } from './services';

/**
 * The OpenTelemetry Collector configuration, as data. The spec's snippet is dated: the
 * `jaeger`, `loki` and `logging` exporters were removed from the collector, so traces go to
 * Jaeger over OTLP, logs to Loki 3's OTLP endpoint, and `debug` replaces `logging`. The
 * Prometheus exporter has no `namespace`: the schema's names already start with `aqe`.
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
    exporters['otlphttp/newrelic'] = { endpoint: newRelic.endpoint, headers: { 'api-key': '${env:NEW_RELIC_LICENSE_KEY}' } };
    env.push('NEW_RELIC_LICENSE_KEY');
  }
  if (honeycomb) {
    exporters['otlp/honeycomb'] = { endpoint: honeycomb.endpoint, headers: { 'x-honeycomb-team': '${env:HONEYCOMB_API_KEY}' } };
    env.push('HONEYCOMB_API_KEY');
  }
  if (dynatrace) {
    exporters['otlphttp/dynatrace'] = { endpoint: dynatrace.endpoint, headers: { Authorization: 'Api-Token ${env:DT_API_TOKEN}' } };
    env.push('DT_API_TOKEN');
  }
  return { exporters, env };
}

export function collectorConfig(config: DeployConfig): CollectorConfig {
  const { ports } = config.collector;
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
          grpc: { endpoint: `0.0.0.0:${ports.otlpGrpc}` },
          http: { endpoint: `0.0.0.0:${ports.otlpHttp}` },
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
        endpoint: `0.0.0.0:${ports.prometheus}`,
        // Suffixes on: the schema only accepts names that come out the same with and without them.
        add_metric_suffixes: true,
        resource_to_telemetry_conversion: { enabled: false },
        metric_expiration: '5m',
      },
      'otlp/jaeger': { endpoint: `${SERVICES.jaeger.name}:${SERVICES.jaeger.otlpGrpcPort}`, tls: { insecure: true } },
      'otlphttp/loki': { endpoint: `http://${SERVICES.loki.name}:${SERVICES.loki.port}/otlp` },
      debug: { verbosity: 'basic' },
      ...vendors.exporters,
    },
    extensions: {
      health_check: { endpoint: `0.0.0.0:${ports.health}` },
    },
    service: {
      extensions: ['health_check'],
      pipelines: {
        traces: { receivers: ['otlp'], processors, exporters: ['otlp/jaeger', 'debug', ...vendorNames] },
        metrics: { receivers: ['otlp'], processors, exporters: ['prometheus', 'debug', ...vendorNames] },
        logs: { receivers: ['otlp'], processors, exporters: ['otlphttp/loki', 'debug', ...vendorNames] },
      },
    },
  };
}
