import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { rules } from '../../rules';
import { describe, expect, it } from 'vitest';
import { DEPLOY } from '../../deploy/config';
import { SERVICES } from '../../core/services';

/** What the NetworkPolicies allow, and that the prometheus-operator set says what the plain one says. */

const OUT = resolve(__dirname, '../../out');
const read = (path: string) => loadAll(readFileSync(join(OUT, path), 'utf8')).filter(Boolean) as any[];
const policies = read('k8s/base/network-policies.k8s.yaml');
const operator = read('k8s/prometheus-operator/monitoring.k8s.yaml');

describe('NetworkPolicies', () => {
  it('deny all ingress by default', () => {
    const deny = policies.find((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && p.spec.policyTypes.includes('Ingress'));
    expect(deny).toBeDefined();
    expect(deny.spec.ingress ?? []).toEqual([]);
  });

  it('let the agents namespace reach only the collector on its OTLP ports and the feedback controller\'s channel', () => {
    const fromAgents = policies.flatMap((p) =>
      (p.spec.ingress ?? [])
        .filter((rule: any) => (rule.from ?? []).some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === DEPLOY.agentsNamespace))
        .map((rule: any) => ({ target: p.spec.podSelector.matchLabels['app.kubernetes.io/name'], ports: rule.ports.map((x: any) => x.port).sort() })),
    );
    expect(fromAgents).toEqual([
      { target: SERVICES.collector.name, ports: [DEPLOY.collector.ports.otlpGrpc, DEPLOY.collector.ports.otlpHttp].sort() },
      { target: SERVICES.feedback.name, ports: [SERVICES.feedback.port] },
    ]);
  });

  it('keep every other ingress inside the namespace, except scrapes from the operator namespace', () => {
    for (const p of policies) {
      for (const rule of p.spec.ingress ?? []) {
        for (const from of rule.from ?? []) {
          const ns = from.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'];
          if (ns === undefined && from.namespaceSelector === undefined) continue; // same namespace
          expect([DEPLOY.agentsNamespace, DEPLOY.prometheusOperator.namespace, undefined], `${p.metadata.name}: ${JSON.stringify(from)}`).toContain(ns);
          if (ns === undefined) expect(from.podSelector?.matchLabels, `${p.metadata.name}: a namespaceSelector must also select pods`).toBeDefined();
        }
      }
    }
  });
});

describe('the prometheus-operator set', () => {
  it('carries the same rule groups as out/prometheus/rules, one PrometheusRule per file, selectable by release', () => {
    const ruleFiles = readdirSync(join(OUT, 'prometheus/rules'));
    const rules = operator.filter((o) => o.kind === 'PrometheusRule');
    expect(rules).toHaveLength(ruleFiles.length);
    for (const file of ruleFiles) {
      const plain = load(readFileSync(join(OUT, 'prometheus/rules', file), 'utf8')) as { groups: unknown[] };
      const cr = rules.find((r) => r.metadata.name === `aqe-${file.replace('.rules.yaml', '')}`);
      expect(cr?.metadata.labels.release).toBe(DEPLOY.prometheusOperator.releaseLabel);
      expect(cr?.spec.groups).toEqual(plain.groups);
    }
  });

  it('scrapes every collector replica through its headless metrics Service', () => {
    const monitor = operator.find((o) => o.kind === 'ServiceMonitor');
    expect(monitor.spec.endpoints.map((e: any) => e.port)).toContain('prom-metrics');
    expect(monitor.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(SERVICES.collector.name);
  });

  it('routes with receivers whose secrets are references to the Secret the operator creates', () => {
    const config = operator.find((o) => o.kind === 'AlertmanagerConfig');
    // SecretKeySelectors: { key, name } objects wherever a credential goes.
    const refs: string[] = [];
    const walk = (v: any): void => {
      if (v && typeof v === 'object') {
        if (typeof v.key === 'string' && typeof v.name === 'string' && Object.keys(v).length === 2) refs.push(v.name);
        else Object.values(v).forEach(walk);
      }
    };
    walk(config.spec.receivers);
    // One secret per channel, all from the one Secret.
    expect(refs.length).toBeGreaterThanOrEqual(rules.channels.length);
    expect(new Set(refs)).toEqual(new Set([DEPLOY.alertmanagerSecret]));
    expect(config.spec.receivers.map((r: any) => r.name).sort()).toEqual(rules.channels.map((c) => c.name).sort());
  });
});
