import { describe, expect, it } from 'vitest';
import { DEPLOY, type DeployConfig } from '../../deploy/config';
import { checkDeploy } from '../../generators/resolve-deploy';
import { expectReported, JUNK, leaves, withChange, wrongType } from '../deploy/config-mutations';

const broken = (path: string, value: unknown): DeployConfig => withChange(DEPLOY, path, value);
/** The optional parts of a deploy config, each valid: switched on one at a time, then all together. */
const OPTIONAL: Readonly<Record<string, unknown>> = {
  'jaeger.store': { kind: 'opensearch', urls: ['https://os.example.com:9200'] },
  'prometheus.remoteWrite': { url: 'https://mimir.example.com/api/v1/push', tenant: 'aqe' },
  vendors: {
    datadog: { site: 'datadoghq.eu' },
    newRelic: { endpoint: 'https://otlp.eu01.nr-data.net' },
    honeycomb: { endpoint: 'api.honeycomb.io:443' },
    dynatrace: { endpoint: 'https://abc12345.live.dynatrace.com/api/v2/otlp' },
  },
  alertmanager: { replicas: 3, storageSize: '2Gi', storageClass: 'fast-ssd' },
};
const withPart = (path: string) => withChange(DEPLOY, path, OPTIONAL[path]);
const withStore = withPart('jaeger.store');
const withRemoteWrite = withPart('prometheus.remoteWrite');
const withVendors = withPart('vendors');
const everything = Object.entries(OPTIONAL).reduce((config, [path, part]) => withChange(config, path, part), DEPLOY);

describe('checkDeploy', () => {
  it('finds nothing wrong with the real deploy config, nor with its optional parts switched on', () => {
    expect(checkDeploy(DEPLOY)).toEqual([]);
    for (const path of Object.keys(OPTIONAL)) expect(checkDeploy(withPart(path))).toEqual([]);
    expect(checkDeploy(everything)).toEqual([]);
  });

  // [what is wrong, the config, the path named in the place, what the problem must say]
  it.each<[string, DeployConfig, string, string]>([
    ['a negative Prometheus retention (Prometheus refuses to start)', broken('prometheus.retention', '-30d'), 'prometheus.retention', '"-30d"'],
    ['a zero Prometheus retention (silently 15 d)', broken('prometheus.retention', '0d'), 'prometheus.retention', '15d'],
    ['a Prometheus retention with a space', broken('prometheus.retention', '30 d'), 'prometheus.retention', '"30 d"'],
    ['a Prometheus retention with its units out of order', broken('prometheus.retention', '30m1h'), 'prometheus.retention', '"30m1h"'],
    ['a negative Loki retention', broken('loki.retentionPeriod', '-720h'), 'loki.retentionPeriod', '"-720h"'],
    ['a zero Loki retention (keeps logs forever)', broken('loki.retentionPeriod', '0d'), 'loki.retentionPeriod', 'forever'],
    ['a Loki retention under a day', broken('loki.retentionPeriod', '12h'), 'loki.retentionPeriod', '"12h"'],
    ['a metric expiration in days, which Go durations do not have', broken('collector.metricExpiration', '1d'), 'collector.metricExpiration', '"1d"'],
    ['a zero metric expiration', broken('collector.metricExpiration', '0s'), 'collector.metricExpiration', '"0s"'],
    ['a batch timeout that is not a Go duration', broken('collector.batchTimeout', '1 second'), 'collector.batchTimeout', '"1 second"'],
    ['a negative batch timeout', broken('collector.batchTimeout', '-1s'), 'collector.batchTimeout', '"-1s"'],
    ['an image tagged latest', broken('images.grafana', 'grafana/grafana:latest'), 'images.grafana', 'grafana/grafana:latest'],
    ['an untagged image', broken('images.prometheus', 'prom/prometheus'), 'images.prometheus', 'no tag'],
    ['a blank image', broken('images.loki', ' '), 'images.loki', 'blank'],
    ['an image that is not a reference', broken('images.jaeger', 'Jaeger Tracing/jaeger:2.13.0'), 'images.jaeger', 'Jaeger Tracing'],
    ['an image with a short digest', broken('images.cli', 'ghcr.io/example-org/aqe-telemetry@sha256:abcdef0123456789abcdef0123456789'), 'images.cli', 'digest'],
    ['a namespace with capitals and an underscore', broken('namespace', 'AQE_observability'), 'namespace', 'AQE_observability'],
    ['an agents namespace over 63 characters', broken('agentsNamespace', 'a'.repeat(64)), 'agentsNamespace', '64 characters'],
    ['an operator namespace with a dot', broken('prometheusOperator.namespace', 'monitoring.prod'), 'prometheusOperator.namespace', 'monitoring.prod'],
    ['a Secret name with a space', broken('alertmanagerSecret', 'alertmanager receivers'), 'alertmanagerSecret', 'alertmanager receivers'],
    ['a vendor Secret name ending in a dash', broken('vendorSecret', 'vendor-keys-'), 'vendorSecret', 'vendor-keys-'],
    ['a KEDA deployment with an underscore', broken('keda.deployment', 'qe_agent_workers'), 'keda.deployment', 'qe_agent_workers'],
    ['a release label that is no label value', broken('prometheusOperator.releaseLabel', 'kube prometheus'), 'prometheusOperator.releaseLabel', 'kube prometheus'],
    ['a storage class that is no name', broken('alertmanager', { storageClass: 'Fast SSD' }), 'alertmanager.storageClass', 'Fast SSD'],
    ['a negative Prometheus storage size', broken('prometheus.storageSize', '-5Gi'), 'prometheus.storageSize', '"-5Gi"'],
    ['a zero Loki storage size', broken('loki.storageSize', '0Gi'), 'loki.storageSize', '"0Gi"'],
    ['a Jaeger storage size in decimal units', broken('jaeger.storageSize', '20G'), 'jaeger.storageSize', '"20G"'],
    ['an Alertmanager storage size that is no quantity', broken('alertmanager', { storageSize: 'big' }), 'alertmanager.storageSize', '"big"'],
    ['a negative collector memory limit', broken('collector.memoryLimitMiB', -1024), 'collector.memoryLimitMiB', '-1024'],
    ['a collector memory limit too small for its memory_limiter', broken('collector.memoryLimitMiB', 100), 'collector.memoryLimitMiB', '100'],
    ['a fractional collector memory limit', broken('collector.memoryLimitMiB', 1024.5), 'collector.memoryLimitMiB', '1024.5'],
    ['a CPU limit under the CPU request', broken('collector.cpuLimitMillis', 100), 'collector.cpuLimitMillis', '100'],
    ['no collector replica at the least', broken('collector.minReplicas', 0), 'collector.minReplicas', '0'],
    ['more collector replicas at the least than at the most', withChange(broken('collector.minReplicas', 8), 'collector.maxReplicas', 3), 'collector.maxReplicas', 'under minReplicas 8'],
    ['more KEDA replicas at the least than at the most', withChange(broken('keda.minReplicas', 30), 'keda.maxReplicas', 20), 'keda.maxReplicas', 'under minReplicas 30'],
    ['no tasks per KEDA replica', broken('keda.tasksPerReplica', 0), 'keda.tasksPerReplica', '0'],
    ['a feedback controller mode it does not have', broken('feedback.mode', 'dryrun'), 'feedback.mode', 'did you mean dry-run?'],
    ['the feedback controller switched "off" (leave it in dry-run instead)', broken('feedback.mode', 'off'), 'feedback.mode', 'is not a mode'],
    ['no Alertmanager replica', broken('alertmanager', { replicas: 0 }), 'alertmanager.replicas', '0'],
    ['a fractional number of Alertmanager replicas', broken('alertmanager', { replicas: 1.5 }), 'alertmanager.replicas', '1.5'],
    ['a port out of range', broken('collector.ports.health', 70000), 'collector.ports.health', '70000'],
    ['two collector ports alike', broken('collector.ports.telemetry', DEPLOY.collector.ports.prometheus), 'collector.ports.telemetry', 'collector.ports.prometheus'],
    ['a remote write URL without a scheme', withChange(withRemoteWrite, 'prometheus.remoteWrite.url', 'mimir:9009/api/v1/push'), 'prometheus.remoteWrite.url', 'mimir:9009/api/v1/push'],
    ['a remote write URL with credentials in it', withChange(withRemoteWrite, 'prometheus.remoteWrite.url', 'https://user:pw@mimir.example.com/api/v1/push'), 'prometheus.remoteWrite.url', 'credentials'],
    ['a tenant with a line break', withChange(withRemoteWrite, 'prometheus.remoteWrite.tenant', 'aqe\nX-Other: 1'), 'prometheus.remoteWrite.tenant', 'aqe\\nX-Other'],
    ['a trace store URL without a scheme', withChange(withStore, 'jaeger.store.urls', ['os.example.com:9200']), 'jaeger.store.urls.0', 'os.example.com:9200'],
    ['a trace store with no URL', withChange(withStore, 'jaeger.store.urls', []), 'jaeger.store.urls', 'no URL'],
    ['a trace store index prefix in capitals', withChange(withStore, 'jaeger.store.indexPrefix', 'AQE'), 'jaeger.store.indexPrefix', 'AQE'],
    ['a New Relic endpoint without a scheme', withChange(withVendors, 'vendors.newRelic.endpoint', 'otlp.nr-data.net'), 'vendors.newRelic.endpoint', 'otlp.nr-data.net'],
    ['a Dynatrace endpoint over ftp', withChange(withVendors, 'vendors.dynatrace.endpoint', 'ftp://abc.live.dynatrace.com'), 'vendors.dynatrace.endpoint', 'ftp://'],
    ['a Honeycomb endpoint with a space', withChange(withVendors, 'vendors.honeycomb.endpoint', 'api honeycomb io'), 'vendors.honeycomb.endpoint', 'api honeycomb io'],
    ['a Datadog site given as a URL', withChange(withVendors, 'vendors.datadog.site', 'https://datadoghq.com'), 'vendors.datadog.site', 'https://datadoghq.com'],
  ])('reports %s', (_, config, path, mention) => expectReported(checkDeploy(config), `deploy/config.ts ${path}`, mention));

  it.each(Object.keys(DEPLOY.images))('checks image %s like every other', (name) => {
    expect(checkDeploy(broken(`images.${name}`, 'example/image:latest')).map((d) => d.place)).toEqual([`deploy/config.ts images.${name}`]);
  });

  it('reports every mistake at once', () => {
    let config = broken('prometheus.retention', '-30d');
    config = withChange(config, 'images.collector', 'otel/opentelemetry-collector-contrib:latest');
    config = withChange(config, 'namespace', 'Observability');
    config = withChange(config, 'loki.storageSize', '-1Gi');
    config = withChange(config, 'collector.maxReplicas', 1);
    config = withChange(config, 'alertmanager', { replicas: 0 });
    const places = checkDeploy(config).map((d) => d.place);
    expect(places).toEqual(
      expect.arrayContaining(['prometheus.retention', 'images.collector', 'namespace', 'loki.storageSize', 'collector.maxReplicas', 'alertmanager.replicas'].map((p) => `deploy/config.ts ${p}`)),
    );
    expect(places).toHaveLength(6);
  });

  describe('never throws, whatever an untyped JavaScript copy holds', () => {
    it.each(leaves(everything))('reports %s of the wrong type, and nothing throws', (path, value) => {
      const places = checkDeploy(withChange(everything, path, wrongType(value))).map((d) => d.place);
      expect(places.some((p) => p.startsWith(`deploy/config.ts ${path.replace(/\.\d+$/, '')}`))).toBe(true);
    });

    it.each(leaves(everything))('takes any value at %s without throwing', (path) => {
      for (const value of JUNK) expect(() => checkDeploy(withChange(everything, path, value))).not.toThrow();
    });

    it.each([undefined, null, 'x', 42, [], {}])('returns diagnostics for a deploy config of %j', (value) => {
      expect(checkDeploy(value as never).length).toBeGreaterThan(0);
    });

    const sections = Object.keys(DEPLOY);
    it.each(sections.flatMap((key) => [undefined, null, 'x', 7, []].map((value) => [key, value] as const)))('takes %s set to %j', (key, value) => {
      expect(() => checkDeploy(broken(key, value))).not.toThrow();
    });
  });
});
