import type { Chart } from 'cdk8s';
import { ConfigMap, Secret, Volume } from 'cdk8s-plus-27';
import { SERVICES } from '../services';
import { fileContent, labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { scratchVolume } from './storage';

/**
 * This stack's own Alertmanager (the `plain` set): out/alertmanager/alertmanager.yaml
 * verbatim, whose receivers read their webhook URLs, keys and passwords from files under
 * the alerting settings' secretsDir. Those files come from a Secret the operator creates:
 * the manifests only name it, so no secret value is ever generated or committed.
 */
export function addAlertmanager(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, port } = SERVICES.alertmanager;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'alertmanager/alertmanager.yaml');

  const configMap = new ConfigMap(chart, 'alertmanager-config', { metadata: { name: `${name}-config`, labels }, data: { 'alertmanager.yaml': configYaml } });
  // A reference by name, not an object of this chart.
  const receivers = Secret.fromSecretName(chart, 'alertmanager-receivers', config.alertmanagerSecret);

  addSingleInstance(chart, {
    name,
    component: 'alerting',
    user: 65534,
    mountedFiles: [configYaml],
    container: {
      ...hardenedContainer({
        name,
        image: config.images.alertmanager,
        args: [
          '--config.file=/etc/alertmanager/alertmanager.yaml',
          '--storage.path=/alertmanager',
          // Empty: no gossip listener, a single instance.
          '--cluster.listen-address=',
        ],
        ports: [{ name: 'http', number: port }],
        probe: { path: '/-/healthy', readinessPath: '/-/ready', port },
        cpuMillis: { request: 50, limit: 200 },
        memoryMiB: { request: 64, limit: 256 },
        user: 65534,
      }),
      volumeMounts: [
        // By subPath, so the secrets can sit beside it in /etc/alertmanager/secrets.
        { path: '/etc/alertmanager/alertmanager.yaml', subPath: 'alertmanager.yaml', volume: Volume.fromConfigMap(chart, 'alertmanager-config-volume', configMap, { name: 'config' }), readOnly: true },
        { path: context.alerting.settings.secretsDir, volume: Volume.fromSecret(chart, 'alertmanager-secrets-volume', receivers, { name: 'receiver-secrets', defaultMode: 0o440 }), readOnly: true },
        { path: '/alertmanager', volume: scratchVolume(chart, 'alertmanager-data', 'data') },
        { path: '/tmp', volume: scratchVolume(chart, 'alertmanager-tmp', 'tmp') },
      ],
    },
    servicePorts: [{ name: 'http', port }],
  });
}
