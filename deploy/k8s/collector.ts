import { Chart } from 'cdk8s';
import { ConfigMap, Deployment, HorizontalPodAutoscaler, Metric, MetricTarget, Service, ServiceAccount, Volume } from 'cdk8s-plus-27';
import { KubePodDisruptionBudget, IntOrString } from 'cdk8s-plus-27/lib/imports/k8s';
import { vendorExporters } from '../collector';
import { SERVICES } from '../../core/services';
import { fileContent, labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';
import { checksumOf } from './storage';

/** The collector's CPU request; the limit in deploy/config.ts may not be under it (Kubernetes refuses the pod). */
export const COLLECTOR_CPU_REQUEST_MILLIS = 200;

/** The collector: config from out/otel-collector/config.yaml, rolled on change, autoscaled, never all down. */
export function addCollector(chart: Chart, context: StackContext): Deployment {
  const { config } = context;
  const { ports } = config.collector;
  const name = SERVICES.collector.name;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'otel-collector/config.yaml');

  const configMap = new ConfigMap(chart, 'collector-config', {
    metadata: { name: `${name}-config`, labels },
    data: { 'config.yaml': configYaml },
  });
  const serviceAccount = new ServiceAccount(chart, 'collector-sa', { metadata: { name, labels }, automountToken: false });

  const vendorEnv = vendorExporters(config).env;
  const deployment = new Deployment(chart, 'collector', {
    metadata: { name, labels },
    podMetadata: {
      labels,
      // A change of the config changes the pod template, so the pods roll.
      annotations: { 'checksum/config': checksumOf(configYaml) },
    },
    // No fixed replicas: the HorizontalPodAutoscaler owns the count.
    serviceAccount,
    automountServiceAccountToken: false,
    select: true,
    containers: [
      {
        ...hardenedContainer({
          name: 'otel-collector',
          image: config.images.collector,
          args: ['--config=/conf/config.yaml'],
          ports: [
            { name: 'otlp-grpc', number: ports.otlpGrpc },
            { name: 'otlp-http', number: ports.otlpHttp },
            { name: 'prom-metrics', number: ports.prometheus },
            { name: 'telemetry', number: ports.telemetry },
            { name: 'health', number: ports.health },
          ],
          probe: { path: '/', port: ports.health },
          cpuMillis: { request: COLLECTOR_CPU_REQUEST_MILLIS, limit: config.collector.cpuLimitMillis },
          memoryMiB: { request: Math.floor(config.collector.memoryLimitMiB / 2), limit: config.collector.memoryLimitMiB },
          user: 10001,
        }),
        envFrom: [],
        envVariables: Object.fromEntries(
          vendorEnv.map((key) => [key, { valueFrom: { secretKeyRef: { name: config.vendorSecret, key } } } as never]),
        ),
        volumeMounts: [{ path: '/conf', volume: Volume.fromConfigMap(chart, 'collector-config-volume', configMap), readOnly: true }],
      },
    ],
  });
  deployment.metadata.addLabel('app.kubernetes.io/component', 'collector');

  new Service(chart, 'collector-service', {
    metadata: { name, labels },
    selector: deployment,
    ports: [
      { name: 'otlp-grpc', port: ports.otlpGrpc, targetPort: ports.otlpGrpc },
      { name: 'otlp-http', port: ports.otlpHttp, targetPort: ports.otlpHttp },
    ],
  });
  // Headless: Prometheus scrapes every collector replica, each exposing what it received and
  // its own telemetry.
  new Service(chart, 'collector-metrics-service', {
    metadata: { name: `${name}-metrics`, labels },
    selector: deployment,
    clusterIP: 'None',
    ports: [
      { name: 'prom-metrics', port: ports.prometheus, targetPort: ports.prometheus },
      { name: 'telemetry', port: ports.telemetry, targetPort: ports.telemetry },
    ],
  });

  new HorizontalPodAutoscaler(chart, 'collector-hpa', {
    metadata: { name, labels },
    target: deployment,
    minReplicas: config.collector.minReplicas,
    maxReplicas: config.collector.maxReplicas,
    metrics: [Metric.resourceCpu(MetricTarget.averageUtilization(70)), Metric.resourceMemory(MetricTarget.averageUtilization(75))],
  });
  new KubePodDisruptionBudget(chart, 'collector-pdb', {
    metadata: { name, labels },
    spec: { minAvailable: IntOrString.fromNumber(1), selector: { matchLabels: deployment.matchLabels } },
  });
  return deployment;
}
