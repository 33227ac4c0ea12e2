import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App, Chart } from 'cdk8s';
import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { alertmanagerDeploy, DEPLOY, type DeployConfig } from '../../deploy/config';
import { addAlertmanager } from '../../deploy/k8s/alertmanager';
import { SCRAPE_JOBS, SERVICES } from '../../core/services';
import type { AlertingModel } from '../../generators/alerting-types';
import { SETTINGS } from '../../rules/settings';

/**
 * The Alertmanager cluster of the plain set, read back from out/: a StatefulSet whose replicas
 * find each other through a headless Service, each with a claim of its own, allowed to gossip
 * by the NetworkPolicies, and the Service Prometheus resolves to send every replica every alert.
 * Expectations come from deploy/config.ts and SERVICES, not from the generated text.
 */

const OUT = resolve(__dirname, '../../out');
const read = (path: string) => loadAll(readFileSync(join(OUT, path), 'utf8')).filter(Boolean) as any[];
const objects = read('k8s/plain/alertmanager.k8s.yaml');
const policies = read('k8s/base/network-policies.k8s.yaml');
const am = SERVICES.alertmanager;
const { replicas, storageSize } = alertmanagerDeploy(DEPLOY);

const set = objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === am.name);
const container = set?.spec.template.spec.containers.find((c: any) => c.name === am.name);
const flag = (name: string): string[] => (container?.args ?? []).filter((a: string) => a.startsWith(`--${name}=`)).map((a: string) => a.slice(name.length + 3));
const headless = objects.find((o) => o.kind === 'Service' && o.metadata.name === set?.spec.serviceName);
/** Whether a Service's selector picks the StatefulSet's pods. */
const selects = (service: any) => Object.entries(service.spec.selector).every(([k, v]) => set.spec.template.metadata.labels[k] === v);

describe('the Alertmanager StatefulSet', () => {
  it(`runs alertmanager.replicas (${replicas}) replicas, one at a time on update, never more than one down by a drain`, () => {
    expect(set).toBeDefined();
    expect(set.spec.replicas).toBe(replicas);
    expect(set.spec.updateStrategy.type).toBe('RollingUpdate');
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget');
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(set.spec.selector.matchLabels);
  });

  it('is governed by a headless Service that lists replicas before they are ready, with the API and both gossip ports', () => {
    expect(set.spec.serviceName).toBe(am.peersService);
    expect(headless.spec.clusterIP).toBe('None');
    // Peers dial each other while starting, before any is ready.
    expect(headless.spec.publishNotReadyAddresses).toBe(true);
    expect(selects(headless)).toBe(true);
    const ports = headless.spec.ports.map((p: any) => `${p.protocol ?? 'TCP'}/${p.port}`).sort();
    expect(ports).toEqual([`TCP/${am.port}`, `TCP/${am.clusterPort}`, `UDP/${am.clusterPort}`].sort());
  });

  it('names one peer per replica, each by its pod DNS name under the headless Service, and advertises the pod IP', () => {
    const expected = Array.from({ length: replicas }, (_, i) => `${set.metadata.name}-${i}.${headless.metadata.name}.${set.metadata.namespace}.svc:${am.clusterPort}`);
    expect(flag('cluster.peer')).toEqual(expected);
    expect(flag('cluster.listen-address')).toEqual([`0.0.0.0:${am.clusterPort}`]);
    const [advertise] = flag('cluster.advertise-address');
    const variable = /^\$\(([A-Z_]+)\):(\d+)$/.exec(advertise ?? '');
    expect(variable, advertise).not.toBeNull();
    expect(Number(variable![2])).toBe(am.clusterPort);
    expect(container.env.find((e: any) => e.name === variable![1])?.valueFrom).toEqual({ fieldRef: { fieldPath: 'status.podIP' } });
    const containerPorts = container.ports.map((p: any) => `${p.protocol ?? 'TCP'}/${p.containerPort}`).sort();
    expect(containerPorts).toEqual([`TCP/${am.port}`, `TCP/${am.clusterPort}`, `UDP/${am.clusterPort}`].sort());
  });

  it('keeps --storage.path on a claim per replica (a template, not a shared claim or an emptyDir)', () => {
    const [storagePath] = flag('storage.path');
    const mount = container.volumeMounts.find((m: any) => m.mountPath === storagePath);
    expect(mount, `a mount at ${storagePath}`).toBeDefined();
    const template = set.spec.volumeClaimTemplates.find((t: any) => t.metadata.name === mount.name);
    expect(template?.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(template?.spec.resources.requests.storage).toBe(storageSize);
    // A pod volume of that name would win over the template: every replica would share it.
    expect((set.spec.template.spec.volumes ?? []).map((v: any) => v.name)).not.toContain(mount.name);
  });

  it('keeps the generated config and the receiver secrets mounted, as a single instance had them', () => {
    const mountPaths = container.volumeMounts.map((m: any) => m.mountPath);
    expect(mountPaths).toContain(SETTINGS.secretsDir);
    const [configFile] = flag('config.file');
    expect(mountPaths).toContain(configFile);
    const volumes = set.spec.template.spec.volumes;
    expect(volumes.find((v: any) => v.secret)?.secret.secretName).toBe(DEPLOY.alertmanagerSecret);
  });

  it('has a Service for clients (the CLI) in front of every replica', () => {
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === am.name);
    expect(service.spec.clusterIP).toBeUndefined();
    expect(selects(service)).toBe(true);
    expect(service.spec.ports.map((p: any) => p.port)).toEqual([am.port]);
  });
});

describe('the NetworkPolicy of the Alertmanager', () => {
  const policy = policies.find((p) => p.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === am.name);
  const allowed = (from: string) =>
    policy.spec.ingress
      .filter((rule: any) => rule.from.some((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/name'] === from && !f.namespaceSelector))
      .flatMap((rule: any) => rule.ports.map((p: any) => `${p.protocol}/${p.port}`))
      .sort();

  it('lets the replicas reach each other on the gossip port, TCP and UDP, and only that', () => {
    expect(allowed(am.name)).toEqual([`TCP/${am.clusterPort}`, `UDP/${am.clusterPort}`]);
  });

  it('lets Prometheus reach the API port only', () => {
    expect(allowed(SERVICES.prometheus.name)).toEqual([`TCP/${am.port}`]);
  });
});

describe('Prometheus and the Alertmanager cluster', () => {
  const prometheus = load(readFileSync(join(OUT, 'prometheus/prometheus.yaml'), 'utf8')) as any;
  const headlessDnsName = `${headless.metadata.name}.${headless.metadata.namespace}.svc`;
  const apiPort = headless.spec.ports.find((p: any) => p.name === 'http').port;

  it('sends alerts to every replica: DNS discovery (A records) of the headless Service, on the API port', () => {
    expect(prometheus.alerting.alertmanagers).toEqual([{ dns_sd_configs: [{ names: [headlessDnsName], type: 'A', port: apiPort }] }]);
  });

  it('scrapes every replica the same way', () => {
    const job = prometheus.scrape_configs.find((j: any) => j.job_name === SCRAPE_JOBS.alertmanager);
    expect(job.dns_sd_configs).toEqual([{ names: [headlessDnsName], type: 'A', port: apiPort }]);
  });
});

describe('deploy/config.ts alertmanager', () => {
  const synth = (config: DeployConfig) => {
    const chart = new Chart(new App(), 'alertmanager', { namespace: config.namespace, disableResourceNameHashes: true });
    const alerting = { settings: SETTINGS } as AlertingModel;
    addAlertmanager(chart, { config, files: new Map([['alertmanager/alertmanager.yaml', 'route: {}\n']]), alerting });
    return chart.toJson() as any[];
  };

  it('sizes the cluster: three replicas give three peers and a claim of the size and class asked for', () => {
    const three = synth({ ...DEPLOY, alertmanager: { replicas: 3, storageSize: '2Gi', storageClass: 'fast' } }).find((o) => o.kind === 'StatefulSet');
    expect(three.spec.replicas).toBe(3);
    expect(three.spec.template.spec.containers[0].args.filter((a: string) => a.startsWith('--cluster.peer='))).toHaveLength(3);
    expect(three.spec.volumeClaimTemplates[0].spec).toMatchObject({ resources: { requests: { storage: '2Gi' } }, storageClassName: 'fast' });
  });

  it.each([0, -1, 1.5])('refuses %s replicas, naming the field and what it must be', (n) => {
    expect(() => synth({ ...DEPLOY, alertmanager: { replicas: n } })).toThrow(`deploy/config.ts alertmanager.replicas is ${n}: it must be a whole number of at least 1`);
  });

  it('refuses a claim size Kubernetes would not read as one', () => {
    expect(() => synth({ ...DEPLOY, alertmanager: { storageSize: '1GB' } })).toThrow(/storage size "1GB"/);
  });
});
