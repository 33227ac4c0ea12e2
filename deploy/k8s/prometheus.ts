import type { Chart } from 'cdk8s';
import { ConfigMap, Volume } from 'cdk8s-plus-27';
import { SERVICES } from '../../core/services';
import { fileContent, filesUnder, labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { claimVolume, scratchVolume } from './storage';

/**
 * This stack's own Prometheus (the `plain` set): out/prometheus/prometheus.yaml and the
 * rule files verbatim, a claim for the TSDB, one replica. It finds its targets by DNS
 * (dns_sd_configs), never through the Kubernetes API, so it has no RBAC and no token.
 */
export function addPrometheus(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, port } = SERVICES.prometheus;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'prometheus/prometheus.yaml');
  const rules = Object.fromEntries(Object.entries(filesUnder(context, 'prometheus/rules')).filter(([file]) => file.endsWith('.rules.yaml')));
  // No rule files is legitimate (a project without alerts yet): the ConfigMap is then empty.

  const configMap = new ConfigMap(chart, 'prometheus-config', { metadata: { name: `${name}-config`, labels }, data: { 'prometheus.yaml': configYaml } });
  const rulesMap = new ConfigMap(chart, 'prometheus-rules', { metadata: { name: `${name}-rules`, labels }, data: rules });

  addSingleInstance(chart, {
    name,
    component: 'metrics',
    user: 65534,
    mountedFiles: [configYaml, ...Object.keys(rules).sort().map((file) => `${file}\n${rules[file]}`)],
    container: {
      ...hardenedContainer({
        name,
        image: config.images.prometheus,
        args: [
          '--config.file=/etc/prometheus/prometheus.yaml',
          '--storage.tsdb.path=/prometheus',
          `--storage.tsdb.retention.time=${config.prometheus.retention}`,
          '--web.enable-lifecycle',
        ],
        ports: [{ name: 'http', number: port }],
        probe: { path: '/-/healthy', readinessPath: '/-/ready', port },
        cpuMillis: { request: 250, limit: 1000 },
        memoryMiB: { request: 1024, limit: 2048 },
        user: 65534,
      }),
      volumeMounts: [
        // rule_files are relative to the config file: rules/<x>.rules.yaml next to it.
        { path: '/etc/prometheus/prometheus.yaml', subPath: 'prometheus.yaml', volume: Volume.fromConfigMap(chart, 'prometheus-config-volume', configMap, { name: 'config' }), readOnly: true },
        { path: '/etc/prometheus/rules', volume: Volume.fromConfigMap(chart, 'prometheus-rules-volume', rulesMap, { name: 'rules' }), readOnly: true },
        { path: '/prometheus', volume: claimVolume(chart, `${name}-data`, config.prometheus.storageSize, labels) },
        // The query engine's active-query log and any temporary file.
        { path: '/tmp', volume: scratchVolume(chart, 'prometheus-tmp', 'tmp') },
      ],
    },
    servicePorts: [{ name: 'http', port }],
  });
}
