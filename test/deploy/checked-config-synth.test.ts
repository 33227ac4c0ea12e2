import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DEPLOY, type DeployConfig } from '../../deploy/config';
import { addAlertmanager } from '../../deploy/k8s/alertmanager';
import { addCollector } from '../../deploy/k8s/collector';
import type { StackContext } from '../../deploy/k8s/context';
import { addJaeger } from '../../deploy/k8s/jaeger';
import { addKeda } from '../../deploy/k8s/keda';
import { addLoki } from '../../deploy/k8s/loki';
import { addPrometheus } from '../../deploy/k8s/prometheus';
import type { AlertingModel } from '../../generators/alerting-types';
import { checkDeploy } from '../../generators/resolve-deploy';
import { SETTINGS } from '../../rules/settings';
import { withChange } from './config-mutations';

/**
 * checkDeploy is the guard in front of cdk8s: a config it passes, however close to its limits,
 * synthesises; a config that crashes a part is one it reports. The parts read out/ as the
 * generator hands it to them; only the deploy config changes.
 */

const OUT = resolve(__dirname, '../../out');
const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
const files = new Map(walk(OUT).map((path) => [relative(OUT, path), readFileSync(path, 'utf8')]));
// The parts below read the alerting model's settings only.
const alerting = { settings: SETTINGS } as unknown as AlertingModel;
const PARTS = { addCollector, addPrometheus, addLoki, addJaeger, addAlertmanager, addKeda };

const synth = (config: DeployConfig) => {
  const app = new App();
  for (const [name, add] of Object.entries(PARTS)) add(new Chart(app, name, { namespace: 'ns', disableResourceNameHashes: true }), { config, files, alerting } satisfies StackContext);
  return app.synthYaml();
};

describe('a deploy config checkDeploy passes synthesises', () => {
  it.each<[string, DeployConfig]>([
    ['the real one', DEPLOY],
    ['the smallest collector it allows', withChange(withChange(withChange(DEPLOY, 'collector.memoryLimitMiB', 256), 'collector.cpuLimitMillis', 200), 'collector.maxReplicas', 2)],
    ['one Alertmanager replica with its own class and size', withChange(DEPLOY, 'alertmanager', { replicas: 1, storageSize: '1Mi', storageClass: 'fast-ssd' })],
    ['claims in Ti and Mi', withChange(withChange(DEPLOY, 'prometheus.storageSize', '2Ti'), 'loki.storageSize', '512Mi')],
    ['images pinned by digest', withChange(DEPLOY, 'images.grafana', `grafana/grafana@sha256:${'a'.repeat(64)}`)],
    ['KEDA scaling to zero', withChange(DEPLOY, 'keda.minReplicas', 0)],
  ])('%s', (_, config) => {
    expect(checkDeploy(config)).toEqual([]);
    expect(() => synth(config)).not.toThrow();
  });
});

describe('a deploy config that crashes a part is reported first', () => {
  it.each<[string, string, unknown]>([
    ['a negative claim size', 'prometheus.storageSize', '-5Gi'],
    ['a claim size in decimal units', 'loki.storageSize', '20G'],
    ['no Alertmanager replica', 'alertmanager', { replicas: 0 }],
    ['a negative memory limit', 'collector.memoryLimitMiB', -1],
  ])('%s', (_, path, value) => {
    const config = withChange(DEPLOY, path, value);
    expect(() => synth(config)).toThrow();
    expect(checkDeploy(config).map((d) => d.place)).toContain(`deploy/config.ts ${path === 'alertmanager' ? 'alertmanager.replicas' : path}`);
  });
});
