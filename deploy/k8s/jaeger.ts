import type { Chart } from 'cdk8s';
import { ConfigMap, Volume } from 'cdk8s-plus-27';
import { SERVICES } from '../../core/services';
import { fileContent, labelsFor, type StackContext } from './context';
import { BADGER_DIR, HEALTH_PORT } from '../jaeger';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { claimVolume, scratchVolume } from './storage';

export function addJaeger(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, otlpGrpcPort, queryPort } = SERVICES.jaeger;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'jaeger/config.yaml');

  const configMap = new ConfigMap(chart, 'jaeger-config', { metadata: { name: `${name}-config`, labels }, data: { 'config.yaml': configYaml } });

  addSingleInstance(chart, {
    name,
    component: 'tracing',
    user: 10001,
    mountedFiles: [configYaml],
    container: {
      ...hardenedContainer({
        name,
        image: config.images.jaeger,
        args: ['--config=/etc/jaeger/config.yaml'],
        ports: [
          { name: 'otlp-grpc', number: otlpGrpcPort },
          { name: 'query', number: queryPort },
          { name: 'health', number: HEALTH_PORT },
        ],
        probe: { path: '/status', port: HEALTH_PORT },
        cpuMillis: { request: 100, limit: 1000 },
        memoryMiB: { request: 256, limit: 1024 },
        user: 10001,
      }),
      volumeMounts: [
        { path: '/etc/jaeger', volume: Volume.fromConfigMap(chart, 'jaeger-config-volume', configMap, { name: 'config' }), readOnly: true },
        // With an external store Jaeger keeps nothing itself.
        ...(config.jaeger.store ? [] : [{ path: BADGER_DIR, volume: claimVolume(chart, `${name}-data`, config.jaeger.storageSize, labels) }]),
        { path: '/tmp', volume: scratchVolume(chart, 'jaeger-tmp', 'tmp') },
      ],
    },
    servicePorts: [
      { name: 'otlp-grpc', port: otlpGrpcPort },
      { name: 'query', port: queryPort },
    ],
  });
}
