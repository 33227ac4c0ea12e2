import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DEPLOY } from '../../deploy/config';
import { SERVICES } from '../../core/services';
import { checksumOf } from '../../deploy/k8s/storage';

/**
 * The generated Kubernetes manifests, read back from out/k8s/: every object validates
 * against the Kubernetes (or prometheus-operator) schema, and every workload follows the
 * container rules. No cluster here: these checks are the offline proof.
 */

const OUT = resolve(__dirname, '../../out');
const K8S = join(OUT, 'k8s');

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
const files = walk(K8S).filter((f) => f.endsWith('.k8s.yaml'));
const manifests: { file: string; object: Manifest }[] = files.flatMap((file) =>
  (loadAll(readFileSync(file, 'utf8')) as Manifest[]).filter(Boolean).map((object) => ({ file: relative(K8S, file), object })),
);
const name = (m: Manifest) => `${m.kind}/${m.metadata.name}`;

/** The kubernetes-models (or prometheus-operator models) class for an object, by apiVersion and kind. */
function modelFor(m: Manifest): (new (data: unknown) => { validate(): void }) | undefined {
  const [group, version] = m.apiVersion.includes('/') ? m.apiVersion.split('/') : ['', m.apiVersion];
  const path = group === 'monitoring.coreos.com'
    ? `@kubernetes-models/prometheus-operator/${group}/${version}/${m.kind}`
    : `kubernetes-models/${group ? `${group}/` : ''}${version}/${m.kind}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path) as Record<string, new (data: unknown) => { validate(): void }>)[m.kind];
  } catch {
    return undefined;
  }
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
function podSpecOf(m: Manifest): any {
  if (m.kind === 'CronJob') return m.spec.jobTemplate.spec.template.spec;
  return m.spec.template.spec;
}

describe('out/k8s', () => {
  it('has the three sets: base, plain and prometheus-operator', () => {
    expect(readdirSync(K8S).sort()).toEqual(['base', 'plain', 'prometheus-operator']);
    expect(manifests.length).toBeGreaterThan(20);
  });

  it.each(manifests.map((m) => [`${m.file} ${name(m.object)}`, m.object] as const))('%s validates against its schema', (_label, m) => {
    if (m.apiVersion === 'keda.sh/v1alpha1') {
      // No KEDA models ship on npm for this toolchain: check the fields KEDA requires.
      expect(m.spec.scaleTargetRef.name).toBeTruthy();
      expect(m.spec.triggers.length).toBeGreaterThan(0);
      return;
    }
    const Model = modelFor(m);
    expect(Model, `no schema model for ${m.apiVersion} ${m.kind}`).toBeDefined();
    expect(() => new Model!(m).validate()).not.toThrow();
  });

  it('names every object explicitly and puts namespaced ones in the stack namespace', () => {
    for (const { object: m } of manifests) {
      expect(m.metadata.name, name(m)).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      if (m.kind === 'Namespace') continue;
      if (m.apiVersion === 'keda.sh/v1alpha1') expect(m.metadata.namespace).toBe(DEPLOY.agentsNamespace);
      else if (!['ClusterRole', 'ClusterRoleBinding'].includes(m.kind)) expect(m.metadata.namespace, name(m)).toBe(DEPLOY.namespace);
    }
  });
});

describe('policy: every workload of out/k8s', () => {
  const workloads = manifests.filter((m) => WORKLOADS.has(m.object.kind));

  it('finds the workloads of the stack', () => {
    const names = workloads.map((w) => w.object.metadata.name);
    for (const expected of [SERVICES.collector.name, SERVICES.prometheus.name, SERVICES.alertmanager.name, SERVICES.grafana.name, SERVICES.jaeger.name, SERVICES.loki.name]) {
      expect(names).toContain(expected);
    }
  });

  it.each(workloads.map((w) => [name(w.object), w.object] as const))('%s: containers are limited, probed, non-root, read-only, unprivileged, capability-free, pinned', (_label, m) => {
    const pod = podSpecOf(m);
    expect(pod.automountServiceAccountToken, 'no Kubernetes API token in the pod').toBe(false);
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      const where = `${name(m)} container ${c.name}`;
      expect(c.resources?.requests?.cpu, where).toBeTruthy();
      expect(c.resources?.requests?.memory, where).toBeTruthy();
      expect(c.resources?.limits?.cpu, where).toBeTruthy();
      expect(c.resources?.limits?.memory, where).toBeTruthy();
      expect(c.livenessProbe, `${where} liveness`).toBeTruthy();
      expect(c.readinessProbe, `${where} readiness`).toBeTruthy();
      const sc = c.securityContext ?? {};
      expect(sc.runAsNonRoot, where).toBe(true);
      expect(sc.readOnlyRootFilesystem, where).toBe(true);
      expect(sc.allowPrivilegeEscalation, where).toBe(false);
      expect(sc.privileged ?? false, where).toBe(false);
      expect(sc.capabilities?.drop, where).toContain('ALL');
      expect(c.image, where).toMatch(/^[^:@]+(:[^:@]+|@sha256:[0-9a-f]{64})$/);
      expect(c.image, where).not.toMatch(/:latest$/);
    }
  });

  it('holds no Secret: credentials are referenced, never carried', () => {
    expect(manifests.filter((m) => m.object.kind === 'Secret').map((m) => name(m.object))).toEqual([]);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text).not.toMatch(/stringData:/);
  });

  it('carries the generated files in ConfigMaps verbatim', () => {
    const outFiles = new Map<string, string>();
    for (const f of walk(OUT)) if (!f.startsWith(K8S)) outFiles.set(relative(OUT, f), readFileSync(f, 'utf8'));
    const contents = new Set(outFiles.values());
    const configMaps = manifests.filter((m) => m.object.kind === 'ConfigMap');
    expect(configMaps.length).toBeGreaterThan(3);
    for (const { object: cm } of configMaps) {
      for (const [key, value] of Object.entries(cm.data ?? {})) {
        expect(contents.has(value), `${name(cm)} key ${key} is not the content of any out/ file`).toBe(true);
      }
    }
  });

  it('rolls the collector when its config changes (checksum annotation over the ConfigMap)', () => {
    const deployment = manifests.find((m) => m.object.kind === 'Deployment' && m.object.metadata.name === SERVICES.collector.name)!.object;
    const checksum = deployment.spec.template.metadata.annotations['checksum/config'];
    const config = readFileSync(join(OUT, 'otel-collector/config.yaml'), 'utf8');
    expect(checksum).toBe(checksumOf(config));
    expect(checksum).not.toBe(checksumOf(`${config}\n# changed`));
  });

  it('exposes the collector OTLP ports on its Service, as the collector config listens', () => {
    const service = manifests.find((m) => m.object.kind === 'Service' && m.object.metadata.name === SERVICES.collector.name)!.object;
    const ports = service.spec.ports.map((p: { port: number }) => p.port).sort();
    expect(ports).toEqual([DEPLOY.collector.ports.otlpGrpc, DEPLOY.collector.ports.otlpHttp].sort());
    const config = readFileSync(join(OUT, 'otel-collector/config.yaml'), 'utf8');
    for (const p of ports) expect(config).toContain(`0.0.0.0:${p}`);
  });

  it('autoscales the collector and keeps one replica through disruptions', () => {
    const kinds = manifests.filter((m) => m.object.metadata.name === SERVICES.collector.name).map((m) => m.object.kind);
    expect(kinds).toEqual(expect.arrayContaining(['HorizontalPodAutoscaler', 'PodDisruptionBudget']));
  });

  it('matches the snapshot of what each file holds, besides the objects derived from rules/', () => {
    // One PrometheusRule per rule file: derived from rules.files and checked against out/prometheus/rules
    // in k8s-network-and-operator.test.ts, so a user's own rule file does not change this snapshot.
    const derived = (m: Manifest) => m.kind === 'PrometheusRule';
    const digest = Object.fromEntries(
      files.map((f) => [relative(K8S, f), manifests.filter((m) => m.file === relative(K8S, f) && !derived(m.object)).map((m) => name(m.object))]),
    );
    expect(digest).toMatchSnapshot();
  });
});
