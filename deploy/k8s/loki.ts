import type { Chart } from 'cdk8s';
import { ConfigMap, Volume } from 'cdk8s-plus-27';
import { SERVICES } from '../../core/services';
import { fileContent, labelsFor, type StackContext } from './context';
import { DATA_DIR } from '../loki';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { claimVolume, scratchVolume } from './storage';

export function addLoki(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, port } = SERVICES.loki;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'loki/config.yaml');

  const configMap = new ConfigMap(chart, 'loki-config', { metadata: { name: `${name}-config`, labels }, data: { 'loki.yaml': configYaml } });

  addSingleInstance(chart, {
    name,
    component: 'logs',
    user: 10001,
    mountedFiles: [configYaml],
    container: {
      ...hardenedContainer({
        name,
        image: config.images.loki,
        args: ['-config.file=/etc/loki/loki.yaml'],
        ports: [{ name: 'http', number: port }],
        probe: { path: '/ready', port },
        cpuMillis: { request: 100, limit: 1000 },
        memoryMiB: { request: 256, limit: 1024 },
        user: 10001,
      }),
      volumeMounts: [
        { path: '/etc/loki', volume: Volume.fromConfigMap(chart, 'loki-config-volume', configMap, { name: 'config' }), readOnly: true },
        { path: DATA_DIR, volume: claimVolume(chart, `${name}-data`, config.loki.storageSize, labels) },
        { path: '/tmp', volume: scratchVolume(chart, 'loki-tmp', 'tmp') },
      ],
    },
    servicePorts: [{ name: 'http', port }],
  });
}
