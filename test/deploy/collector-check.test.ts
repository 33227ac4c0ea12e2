import { describe, expect, it } from 'vitest';
import { collectorConfig, type CollectorConfig } from '../../deploy/collector';
import { DEPLOY } from '../../deploy/config';
import { checkCollectorConfig, type PortExpectations } from '../../generators/collector-check';
import { DEFAULT_OTLP_HTTP_ENDPOINT } from '../../runtime/bootstrap';

const ports: PortExpectations = {
  serviceOtlpGrpc: 4317,
  serviceOtlpHttp: 4318,
  scrapedPrometheusPort: 8889,
  runtimeOtlpHttpEndpoint: DEFAULT_OTLP_HTTP_ENDPOINT,
};
const withVendors = { ...DEPLOY, vendors: { datadog: { site: 'datadoghq.eu' }, newRelic: { endpoint: 'https://otlp.eu01.nr-data.net' }, honeycomb: { endpoint: 'api.honeycomb.io:443' }, dynatrace: { endpoint: 'https://abc12345.live.dynatrace.com/api/v2/otlp' } } };

/** A fresh copy to break one way. */
const fresh = (config = DEPLOY): CollectorConfig => structuredClone(collectorConfig(config));
const problemsOf = (c: CollectorConfig, p = ports) => checkCollectorConfig(c, p).map((d) => `${d.place}: ${d.problem}`);

describe('the generated collector config', () => {
  it('passes every check, with and without the vendor exporters', () => {
    expect(problemsOf(fresh())).toEqual([]);
    expect(problemsOf(fresh(withVendors))).toEqual([]);
  });

  it('has the pipelines of the spec: OTLP in; memory_limiter, resource, batch; Prometheus, Jaeger over OTLP, Loki over OTLP HTTP, debug', () => {
    const c = fresh();
    expect(Object.keys(c.service.pipelines).sort()).toEqual(['logs', 'metrics', 'traces']);
    for (const p of Object.values(c.service.pipelines)) expect(p.processors).toEqual(['memory_limiter', 'resource', 'batch']);
    expect(c.service.pipelines.metrics!.exporters).toContain('prometheus');
    expect(c.service.pipelines.traces!.exporters).toContain('otlp_grpc/jaeger');
    expect(c.service.pipelines.logs!.exporters).toContain('otlp_http/loki');
    expect((c.exporters['otlp_http/loki'] as { endpoint: string }).endpoint).toMatch(/\/otlp$/);
    expect(c.extensions).toHaveProperty('health_check');
  });

  it('matches the memory_limiter to the container memory limit', () => {
    const limiter = fresh().processors.memory_limiter as { limit_mib: number; spike_limit_mib: number; check_interval: string };
    expect(limiter.limit_mib).toBeLessThan(DEPLOY.collector.memoryLimitMiB);
    expect(limiter.limit_mib).toBeGreaterThanOrEqual(DEPLOY.collector.memoryLimitMiB * 0.7);
    expect(limiter.spike_limit_mib).toBeLessThan(limiter.limit_mib);
    expect(limiter.check_interval).toBe('1s');
  });

  it('takes vendor keys from the environment only', () => {
    const text = JSON.stringify(fresh(withVendors).exporters);
    for (const env of ['DD_API_KEY', 'NEW_RELIC_LICENSE_KEY', 'HONEYCOMB_API_KEY', 'DT_API_TOKEN']) expect(text).toContain(`\${env:${env}}`);
  });
});

describe('checkCollectorConfig fails on', () => {
  it.each<[string, (c: CollectorConfig) => void, RegExp]>([
    ['a pipeline component that is not defined', (c) => c.service.pipelines.traces!.exporters.push('otlp/tempo'), /pipeline traces: exporter otlp\/tempo is not defined/],
    ['a defined component no pipeline uses', (c) => (c.exporters['otlp/spare'] = { endpoint: 'x:4317' }), /exporters\.otlp\/spare: it is defined but no pipeline uses it/],
    ['memory_limiter not first', (c) => (c.service.pipelines.metrics!.processors = ['resource', 'memory_limiter', 'batch']), /pipeline metrics: the first processor is resource, not memory_limiter/],
    ['batch not last', (c) => (c.service.pipelines.logs!.processors = ['memory_limiter', 'batch', 'resource']), /pipeline logs: the last processor is resource, not batch/],
    ['the removed jaeger exporter', (c) => { c.exporters.jaeger = { endpoint: 'jaeger:14250' }; c.service.pipelines.traces!.exporters.push('jaeger'); }, /the jaeger component was removed/],
    ['the removed logging exporter', (c) => { c.exporters.logging = {}; c.service.pipelines.logs!.exporters.push('logging'); }, /the logging component was removed/],
    ['the removed loki exporter', (c) => { c.exporters.loki = { endpoint: 'http://loki:3100/loki/api/v1/push' }; c.service.pipelines.logs!.exporters.push('loki'); }, /the loki component was removed/],
    ['a Prometheus namespace that doubles the aqe prefix', (c) => ((c.exporters.prometheus as Record<string, unknown>).namespace = 'aqe'), /namespace "aqe" would prefix every name again/],
    ['an OTLP HTTP port the Service and the runtime do not use', (c) => (((c.receivers.otlp as any).protocols.http.endpoint = '0.0.0.0:4319')), /port 4319 is not the Service's OTLP HTTP port 4318/],
    ['a Prometheus exporter port Prometheus does not scrape', (c) => ((c.exporters.prometheus as Record<string, unknown>).endpoint = '0.0.0.0:9999'), /listens on 0\.0\.0\.0:9999 but Prometheus scrapes port 8889/],
    ['a literal secret', (c) => (c.exporters.datadog = { api: { key: 'abcd1234abcd1234' } }), /exporters\.datadog\.api\.key: a secret is written into the config/],
    ['an env reference outside a secret', (c) => ((c.exporters['otlp_grpc/jaeger'] as Record<string, unknown>).endpoint = '${env:JAEGER_HOST}:4317'), /exporters\.otlp_grpc\/jaeger\.endpoint: an environment reference where no secret is expected/],
    ['a deprecated exporter name the collector warns about', (c) => {
      c.exporters['otlphttp/loki'] = c.exporters['otlp_http/loki'];
      delete c.exporters['otlp_http/loki'];
      c.service.pipelines.logs!.exporters = ['otlphttp/loki', 'debug'];
    }, /exporters\.otlphttp\/loki: the otlphttp exporter name is deprecated/],
    ['a component type no module is known for', (c) => {
      c.processors.transform = {};
      c.service.pipelines.logs!.processors = ['memory_limiter', 'transform', 'batch'];
    }, /processors\.transform: no Go module is known for this component type, so the OCB manifest cannot include it/],
    ['no health_check extension', (c) => { delete c.extensions.health_check; c.service.extensions = []; }, /there is no health_check extension/],
  ])('%s', (_sentence, breakIt, expected) => {
    const c = fresh();
    breakIt(c);
    expect(problemsOf(c)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('a runtime default endpoint on another port', () => {
    expect(problemsOf(fresh(), { ...ports, runtimeOtlpHttpEndpoint: 'http://localhost:55681' })).toEqual(
      expect.arrayContaining([expect.stringMatching(/is not the runtime's default http:\/\/localhost:55681/)]),
    );
  });
});
