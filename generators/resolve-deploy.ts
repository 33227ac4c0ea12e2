import { collectorConfig } from '../deploy/collector';
import { COLLECTOR_CPU_REQUEST_MILLIS } from '../deploy/k8s/collector';
import type { DeployConfig } from '../deploy/config';
import { CONTROLLER_MODES } from '../core/feedback-mode';
import type { Diagnostic } from './diagnostics';
import { FieldChecks } from './field-checks';
import { didYouMean } from './nearest';
import {
  dnsLabelProblem,
  dnsSubdomainProblem,
  goDurationMs,
  goDurationProblem,
  headerValueProblem,
  hostnameProblem,
  hostPortProblem,
  httpUrlProblem,
  imageProblem,
  labelValueProblem,
  nearestDnsLabel,
  portProblem,
  shown,
  prometheusDurationMs,
  prometheusDurationProblem,
  storageSizeProblem,
  wholeNumberProblem,
} from './tool-syntax';

/**
 * deploy/config.ts checked the way the schema is: every value the manifests, the collector
 * config, Prometheus, Loki or Kubernetes would refuse (or quietly read as something else) is
 * reported at once, before anything is generated, with the place, the value, what the tool
 * would do with it and the fix. Pure; never throws, whatever the input's types.
 */

const FILE = 'deploy/config.ts';

/**
 * The smallest container memory limit the collector gets: its memory_limiter refuses data at
 * 80 % of the limit, less a fifth for spikes (deploy/collector.ts), and under 256 MiB that
 * leaves too little for the collector itself and a 2000-item batch.
 */
export const MIN_COLLECTOR_MEMORY_MIB = 256;
/** Loki's documented minimum retention, and the index period of deploy/loki.ts. */
const LOKI_MIN_RETENTION_MS = 24 * 3_600_000;

/**
 * Every problem of a deploy config, each with place, problem and fix; empty when the
 * manifests and configs generated from it will be taken as meant.
 *
 * @example
 * const problems = checkDeploy(DEPLOY);
 * if (problems.length > 0) throw new DiagnosticError(problems);
 */
export function checkDeploy(deploy: DeployConfig): Diagnostic[] {
  const c = new FieldChecks(FILE, deploy);
  checkNames(c);
  checkImages(c);
  checkCollector(c, deploy);
  checkStores(c);
  checkAlertmanager(c);
  checkKeda(c);
  checkFeedback(c);
  checkVendors(c);
  return c.diagnostics;
}

function checkNames(c: FieldChecks): void {
  const like = (path: string) => `(did you mean ${nearestDnsLabel(c.value(path))}?)`;
  for (const path of ['namespace', 'agentsNamespace', 'prometheusOperator.namespace']) {
    c.check(path, dnsLabelProblem, `use lowercase letters, digits and "-", at most 63, starting and ending with a letter or digit ${like(path)}`, { consequence: 'Kubernetes refuses the Namespace and every object in it' });
  }
  for (const path of ['alertmanagerSecret', 'grafanaAdminSecret', 'vendorSecret']) {
    c.check(path, dnsSubdomainProblem, `use lowercase letters, digits, "-" and ".", at most 253, starting and ending with a letter or digit ${like(path)}`, { consequence: 'no Secret can have this name, so the pods that mount it never start' });
  }
  c.check('prometheusOperator.releaseLabel', labelValueProblem, 'set it to the Helm release name of kube-prometheus-stack (like kube-prometheus-stack): letters, digits, "-", "_" and ".", at most 63', {
    consequence: 'Kubernetes refuses the label, and the operator selects the rules and monitors by it',
  });
}

function checkImages(c: FieldChecks): void {
  const images = c.value('images');
  if (images === null || typeof images !== 'object' || Array.isArray(images)) {
    c.add('images', `is ${images === undefined ? 'missing' : 'not an object'}`, 'list an image for collector, prometheus, alertmanager, grafana, jaeger, loki and cli (deploy/config.ts DEPLOY takes them from tools/versions.ts)');
    return;
  }
  const required = ['collector', 'prometheus', 'alertmanager', 'grafana', 'jaeger', 'loki', 'cli'];
  for (const name of new Set([...required, ...Object.keys(images)])) {
    c.check(`images.${name}`, imageProblem, 'pin a release: registry/repository:<version> (like prom/prometheus:v3.16.0), or @sha256:<digest>; tools/versions.ts holds the releases the tests run');
  }
}

function checkCollector(c: FieldChecks, deploy: DeployConfig): void {
  const minOk = c.check('collector.minReplicas', (v) => wholeNumberProblem(v, 1), 'a whole number of at least 1 (2 keeps telemetry flowing through a restart)', { consequence: 'the HorizontalPodAutoscaler refuses it' });
  const maxOk = c.check('collector.maxReplicas', (v) => wholeNumberProblem(v, 1), 'a whole number of at least 1, and at least minReplicas', { consequence: 'the HorizontalPodAutoscaler refuses it' });
  const min = c.value('collector.minReplicas') as number;
  const max = c.value('collector.maxReplicas') as number;
  if (minOk && maxOk && min > max) c.add('collector.maxReplicas', `${max} is under minReplicas ${min}: Kubernetes refuses the HorizontalPodAutoscaler`, `raise maxReplicas to at least ${min}, or lower minReplicas`);

  const memoryOk = c.check('collector.memoryLimitMiB', (v) => wholeNumberProblem(v, MIN_COLLECTOR_MEMORY_MIB), `a whole number of MiB, at least ${MIN_COLLECTOR_MEMORY_MIB} (1024 is the default)`, {
    consequence: `the memory_limiter is derived from it (80 % of the limit, a fifth of that for spikes), and under ${MIN_COLLECTOR_MEMORY_MIB} MiB it leaves the collector too little to hold one batch`,
  });
  if (memoryOk) checkMemoryLimiter(c, deploy);
  c.check('collector.cpuLimitMillis', (v) => wholeNumberProblem(v, COLLECTOR_CPU_REQUEST_MILLIS), `a whole number of millicores, at least ${COLLECTOR_CPU_REQUEST_MILLIS} (1000 is the default)`, {
    consequence: `the collector's CPU request is ${COLLECTOR_CPU_REQUEST_MILLIS}m (deploy/k8s/collector.ts) and Kubernetes refuses a limit under the request`,
  });

  if (c.check('collector.batchTimeout', goDurationProblem, 'a Go duration of 0 or more, like 1s or 200ms (at most 1s keeps the 30 s alert budget of docs/alerting.md)', { consequence: 'the collector refuses its config and does not start' })) {
    const ms = goDurationMs(c.value('collector.batchTimeout'))!;
    if (ms < 0) c.add('collector.batchTimeout', `${shown(c.value('collector.batchTimeout'))} is negative: the batch processor refuses it ("timeout must be greater or equal to 0") and the collector does not start`, 'a Go duration of 0 or more, like 1s or 200ms');
  }
  if (c.check('collector.metricExpiration', goDurationProblem, 'a Go duration longer than the scrape interval, like 5m', { consequence: 'the collector refuses its config and does not start' })) {
    const ms = goDurationMs(c.value('collector.metricExpiration'))!;
    if (ms <= 0) c.add('collector.metricExpiration', `${shown(c.value('collector.metricExpiration'))} is not longer than zero: the Prometheus exporter would drop every series before Prometheus scrapes it`, 'a Go duration longer than the scrape interval, like 5m');
  }
  checkPorts(c, 'collector.ports', ['otlpGrpc', 'otlpHttp', 'prometheus', 'health', 'telemetry'], 'the collector pod');
}

/** The memory_limiter as deploy/collector.ts derives it, so the check follows any change of the formula. */
function checkMemoryLimiter(c: FieldChecks, deploy: DeployConfig): void {
  let limiter: { limit_mib?: unknown; spike_limit_mib?: unknown } | undefined;
  try {
    limiter = collectorConfig({ ...deploy, vendors: {} }).processors.memory_limiter as typeof limiter;
  } catch {
    return; // Something else the config needs is broken, and reported by its own check.
  }
  const limit = Number(limiter?.limit_mib);
  const spike = Number(limiter?.spike_limit_mib);
  if (!(limit > 0 && spike > 0 && spike < limit)) {
    c.add('collector.memoryLimitMiB', `${shown(c.value('collector.memoryLimitMiB'))} gives memory_limiter limit_mib ${limit} and spike_limit_mib ${spike}: the collector refuses a limiter whose limits are not positive, spike under limit`, `raise memoryLimitMiB (1024 is the default)`);
  }
}

function checkPorts(c: FieldChecks, base: string, names: readonly string[], pod: string): void {
  const seen = new Map<number, string>();
  for (const name of names) {
    const path = `${base}.${name}`;
    if (!c.check(path, portProblem, 'a whole number from 1 to 65535', { consequence: 'nothing can listen on it, and the manifests and collector config are refused' })) continue;
    const port = c.value(path) as number;
    const other = seen.get(port);
    if (other) c.add(path, `${port} is also ${other}: both listen in ${pod}, and the second fails to bind`, `give ${name} a port of its own`);
    else seen.set(port, path);
  }
}

function checkStores(c: FieldChecks): void {
  if (c.check('prometheus.retention', prometheusDurationProblem, 'a Prometheus duration, like 30d', { consequence: 'Prometheus refuses --storage.tsdb.retention.time and does not start' })) {
    if (prometheusDurationMs(c.value('prometheus.retention')) === 0) c.add('prometheus.retention', `${shown(c.value('prometheus.retention'))} is zero: Prometheus reads a zero retention as unset and keeps its default of 15d`, 'a Prometheus duration longer than 0, like 30d');
  }
  if (c.check('loki.retentionPeriod', prometheusDurationProblem, 'a Prometheus-style duration of at least 24h, like 720h or 30d', { consequence: 'Loki refuses its config and does not start' })) {
    const ms = prometheusDurationMs(c.value('loki.retentionPeriod'))!;
    if (ms === 0) c.add('loki.retentionPeriod', `${shown(c.value('loki.retentionPeriod'))} is zero: Loki reads a zero retention_period as no retention, keeps every log forever and fills the claim`, 'a duration of at least 24h, like 720h');
    else if (ms < LOKI_MIN_RETENTION_MS) c.add('loki.retentionPeriod', `${shown(c.value('loki.retentionPeriod'))} is under 24h, Loki's minimum retention and the index period of deploy/loki.ts: the compactor deletes by whole days`, 'a duration of at least 24h, like 720h');
  }
  const sizeFix = 'a whole number of Mi, Gi or Ti, more than 0, like 20Gi';
  const sizeConsequence = 'the claim cannot be generated (deploy/k8s/storage.ts) or Kubernetes refuses it';
  c.check('prometheus.storageSize', storageSizeProblem, sizeFix, { consequence: sizeConsequence });
  c.check('loki.storageSize', storageSizeProblem, sizeFix, { consequence: sizeConsequence });
  c.check('jaeger.storageSize', storageSizeProblem, sizeFix, { consequence: sizeConsequence });

  if (c.value('prometheus.remoteWrite') !== undefined) {
    c.check('prometheus.remoteWrite.url', httpUrlProblem, 'the long-term store\'s write endpoint, an absolute URL like https://mimir.example.com/api/v1/push', { consequence: 'Prometheus loads it, and every remote write then fails, so the long-term store gets nothing' });
    c.check('prometheus.remoteWrite.tenant', headerValueProblem, 'the tenant id, visible characters only (like aqe), or leave tenant out', { optional: true, consequence: 'it is sent as the X-Scope-OrgID header' });
  }
  checkTraceStore(c);
}

function checkTraceStore(c: FieldChecks): void {
  const store = c.value('jaeger.store');
  if (store === undefined) return;
  c.check('jaeger.store.kind', (v) => (v === 'elasticsearch' || v === 'opensearch' ? undefined : 'is neither "elasticsearch" nor "opensearch"'), 'kind: "elasticsearch" or "opensearch"', { consequence: 'Jaeger has no other scalable backend here' });
  const urls = c.value('jaeger.store.urls');
  if (!Array.isArray(urls) || urls.length === 0) {
    c.add('jaeger.store.urls', `${urls === undefined ? 'is missing' : 'lists no URL'}: Jaeger has no server to write traces to`, 'list the cluster\'s URLs, like ["https://es.example.com:9200"]');
  } else {
    urls.forEach((_, i) => c.check(`jaeger.store.urls.${i}`, httpUrlProblem, 'an absolute URL like https://es.example.com:9200', { consequence: 'Jaeger cannot reach the trace store' }));
  }
  c.check('jaeger.store.indexPrefix', (v) => (typeof v === 'string' && /^[a-z0-9][a-z0-9_.-]*$/.test(v) && !/[.]{2}/.test(v) ? undefined : 'is not an index name prefix (lowercase letters, digits, "-", "_" and ".", not starting with "-", "_" or ".")'), 'a lowercase prefix like aqe, or leave it out', {
    optional: true,
    consequence: 'Elasticsearch and OpenSearch refuse the index names',
  });
}

function checkAlertmanager(c: FieldChecks): void {
  if (c.value('alertmanager') === undefined) return;
  c.check('alertmanager.replicas', (v) => wholeNumberProblem(v, 1), 'a whole number of at least 1 (2 or 3 for high availability)', { optional: true, consequence: 'a StatefulSet needs a whole number of replicas, and none means no alert is delivered' });
  c.check('alertmanager.storageSize', storageSizeProblem, 'a whole number of Mi, Gi or Ti, more than 0, like 1Gi', { optional: true, consequence: 'the claim of each replica cannot be generated or is refused' });
  c.check('alertmanager.storageClass', dnsSubdomainProblem, 'the name of a StorageClass of the cluster (lowercase, like fast-ssd), or leave it out for the default', { optional: true, consequence: 'no StorageClass can have this name, so the claims stay pending' });
}

function checkKeda(c: FieldChecks): void {
  if (c.value('keda') === undefined) return;
  c.check('keda.deployment', dnsSubdomainProblem, `the name of the agent workers' Deployment, lowercase (did you mean ${nearestDnsLabel(c.value('keda.deployment'))}?)`, { consequence: 'no Deployment can have this name, so KEDA scales nothing' });
  c.check('keda.tasksPerReplica', (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? undefined : 'is not a number above 0'), 'the queued tasks one worker handles, a number above 0, like 10', { consequence: 'KEDA divides the queue depth by it' });
  const minOk = c.check('keda.minReplicas', (v) => wholeNumberProblem(v, 0), 'a whole number of 0 or more', { consequence: 'KEDA refuses the ScaledObject' });
  const maxOk = c.check('keda.maxReplicas', (v) => wholeNumberProblem(v, 1), 'a whole number of at least 1, and at least minReplicas', { consequence: 'KEDA refuses the ScaledObject' });
  const min = c.value('keda.minReplicas') as number;
  const max = c.value('keda.maxReplicas') as number;
  if (minOk && maxOk && min > max) c.add('keda.maxReplicas', `${max} is under minReplicas ${min}: KEDA refuses the ScaledObject`, `raise maxReplicas to at least ${min}, or lower minReplicas`);
}

function checkFeedback(c: FieldChecks): void {
  c.check('feedback.mode', (v) => (typeof v === 'string' && (CONTROLLER_MODES as readonly string[]).includes(v) ? undefined : `is not a mode of the controller${typeof v === 'string' ? didYouMean(v, CONTROLLER_MODES) : ''}`), `one of ${CONTROLLER_MODES.join(', ')} ('dry-run' decides without publishing, 'on' publishes what agents obey)`, { consequence: 'the controller refuses to start' });
}

function checkVendors(c: FieldChecks): void {
  const vendors = c.value('vendors');
  if (vendors === undefined || vendors === null || typeof vendors !== 'object') {
    c.add('vendors', `is ${vendors === undefined ? 'missing' : shown(vendors)}, not an object`, 'vendors: {} when no vendor exporter is on');
    return;
  }
  if (c.value('vendors.datadog') !== undefined) {
    c.check('vendors.datadog.site', (v) => (typeof v === 'string' && /^https?:/i.test(v) ? 'is a URL, not a site name' : hostnameProblem(v)), 'the Datadog site, a host name such as datadoghq.com or datadoghq.eu', { consequence: 'the Datadog exporter sends nowhere' });
  }
  for (const [vendor, example] of [['newRelic', 'https://otlp.nr-data.net'], ['dynatrace', 'https://<env>.live.dynatrace.com/api/v2/otlp']] as const) {
    if (c.value(`vendors.${vendor}`) === undefined) continue;
    c.check(`vendors.${vendor}.endpoint`, httpUrlProblem, `an absolute URL like ${example}`, { consequence: 'the OTLP/HTTP exporter refuses it or sends nowhere' });
  }
  if (c.value('vendors.honeycomb') !== undefined) {
    // OTLP/gRPC takes host:port or a URL.
    c.check('vendors.honeycomb.endpoint', (v) => (httpUrlProblem(v) && hostPortProblem(v) ? 'is neither host:port nor an http(s) URL' : undefined), 'api.honeycomb.io:443 (or api.eu1.honeycomb.io:443)', { consequence: 'the OTLP/gRPC exporter cannot dial it' });
  }
}
