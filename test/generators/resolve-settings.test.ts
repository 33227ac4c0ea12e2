import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY, type DeployConfig } from '../../deploy/config';
import type { AlertingSettings, RuleFile, Rules } from '../../rules/define';
import { rules } from '../../rules';
import { TIMING } from '../../rules/routing';
import { SETTINGS } from '../../rules/settings';
import { deliveryHops, deliveryTotal, type ConfiguredHops } from '../../generators/delivery-budget';
import { formatDuration, parseDuration } from '../../core/duration';
import { SERVICES } from '../../core/services';
import { budgetedGroups, checkAlertingSettings, resolvePrometheusSettings } from '../../generators/resolve-settings';
import { expectReported, JUNK, leaves, withChange, wrongType } from '../deploy/config-mutations';

type Inputs = { settings: AlertingSettings; timing: Rules['timing']; deploy: DeployConfig; files: readonly RuleFile[] };
const REAL: Inputs = { settings: SETTINGS, timing: TIMING, deploy: DEPLOY, files: rules.files };
const check = (i: Inputs) => checkAlertingSettings(i.settings, i.timing, i.deploy, i.files);
/** Every group with an alert that must arrive within 30 s evaluated every `interval`. */
const budgetedEvery = (interval: string): Inputs => ({
  ...REAL,
  files: rules.files.map((f) => ({ ...f, groups: f.groups.map((g) => (budgetedGroups([{ name: f.name, groups: [g] }]).length > 0 ? { ...g, interval } : g)) })),
});
/** The real hops with some changed, summed as docs/alerting.md does. */
const realHops = (): ConfiguredHops => ({
  collectorBatch: parseDuration(DEPLOY.collector.batchTimeout)!,
  scrape: parseDuration(SETTINGS.prometheus.scrapeInterval)!,
  evaluation: Math.max(...budgetedGroups(rules.files).map((g) => parseDuration(String(g.interval))!)),
  groupWait: parseDuration(TIMING.critical.groupWait)!,
});
const totalWith = (changed: Partial<ConfiguredHops>) => formatDuration(deliveryTotal(deliveryHops({ ...realHops(), ...changed })));
const setting = (path: string, value: unknown): Inputs => ({ ...REAL, settings: withChange(SETTINGS, path, value) });
const timing = (path: string, value: unknown): Inputs => ({ ...REAL, timing: withChange(TIMING, path, value) });
const deploy = (path: string, value: unknown): Inputs => ({ ...REAL, deploy: withChange(DEPLOY, path, value) });

describe('resolvePrometheusSettings', () => {
  const remoteWrite = { url: 'https://mimir.example.com/api/v1/push', tenant: 'aqe' };

  it('takes where the collector and Alertmanager replicas are from the deploy config, so the two cannot disagree', () => {
    const moved = withChange(withChange(DEPLOY, 'namespace', 'observability'), 'collector.ports.prometheus', 9999);
    expect(resolvePrometheusSettings(SETTINGS.prometheus, moved)).toMatchObject({
      collectorDnsName: `${SERVICES.collector.name}-metrics.observability.svc`,
      collectorPort: 9999,
      collectorTelemetryPort: DEPLOY.collector.ports.telemetry,
      alertmanagerDnsName: `${SERVICES.alertmanager.peersService}.observability.svc`,
      alertmanagerPort: SERVICES.alertmanager.port,
      scrapeInterval: SETTINGS.prometheus.scrapeInterval,
    });
  });

  it('writes to the deploy config\'s long-term store unless the settings name another', () => {
    expect(resolvePrometheusSettings(SETTINGS.prometheus, withChange(DEPLOY, 'prometheus.remoteWrite', remoteWrite)).remoteWrite).toEqual(remoteWrite);
    expect(resolvePrometheusSettings({ ...SETTINGS.prometheus, remoteWrite: { url: 'http://other:8080/api/v1/push' } }, withChange(DEPLOY, 'prometheus.remoteWrite', remoteWrite)).remoteWrite).toEqual({ url: 'http://other:8080/api/v1/push' });
    expect(resolvePrometheusSettings(SETTINGS.prometheus, withChange(DEPLOY, 'prometheus.remoteWrite', undefined))).not.toHaveProperty('remoteWrite');
  });
});

describe('checkAlertingSettings', () => {
  it('finds nothing wrong with the real settings, timing and deploy config', () => {
    expect(check(REAL)).toEqual([]);
  });

  // [what is wrong, the inputs, the place, what the problem must say]
  it.each<[string, Inputs, string, string]>([
    ['a runbook base URL without a scheme', setting('runbookBaseUrl', 'aqe-telemetry.example.com/docs/runbooks'), 'rules/settings.ts runbookBaseUrl', 'aqe-telemetry.example.com/docs/runbooks'],
    ['a runbook base URL with a trailing slash', setting('runbookBaseUrl', 'https://aqe-telemetry.example.com/docs/runbooks/'), 'rules/settings.ts runbookBaseUrl', 'double slash'],
    ['a Grafana base URL with a query', setting('grafanaBaseUrl', 'https://grafana.example.com?orgId=1'), 'rules/settings.ts grafanaBaseUrl', 'orgId=1'],
    ['a PagerDuty URL without a scheme', setting('pagerdutyEventsUrl', 'events.pagerduty.com/v2/enqueue'), 'rules/settings.ts pagerdutyEventsUrl', 'events.pagerduty.com/v2/enqueue'],
    ['a relative secrets directory', setting('secretsDir', 'secrets'), 'rules/settings.ts secretsDir', '"secrets"'],
    ['a smarthost without a port', setting('smtp.smarthost', 'smtp.example.com'), 'rules/settings.ts smtp.smarthost', '"smtp.example.com"'],
    ['a smarthost with a port out of range', setting('smtp.smarthost', 'smtp.example.com:99999'), 'rules/settings.ts smtp.smarthost', '99999'],
    ['a From that is no address', setting('smtp.from', 'aqe-alerts'), 'rules/settings.ts smtp.from', '"aqe-alerts"'],
    ['a scrape interval with a space (Prometheus refuses it)', setting('prometheus.scrapeInterval', '5 s'), 'rules/settings.ts prometheus.scrapeInterval', '"5 s"'],
    ['a scrape interval without a unit', setting('prometheus.scrapeInterval', '5'), 'rules/settings.ts prometheus.scrapeInterval', '"5"'],
    ['a zero evaluation interval (Prometheus reads 1m)', setting('prometheus.evaluationInterval', '0s'), 'rules/settings.ts prometheus.evaluationInterval', '1m'],
    ['an agents DNS name with an underscore', setting('prometheus.agentsDnsName', 'aqe_agents.aqe-fleet.svc'), 'rules/settings.ts prometheus.agentsDnsName', 'aqe_agents'],
    ['an agents port out of range', setting('prometheus.agentsPort', 0), 'rules/settings.ts prometheus.agentsPort', '0'],
    ['a remote write the deploy config does not have', setting('prometheus.remoteWrite', { url: 'https://mimir.example.com/api/v1/push' }), 'rules/settings.ts prometheus.remoteWrite', 'mimir.example.com'],
    ['a group wait that is no duration', timing('critical.groupWait', 'soon'), 'rules/routing.ts TIMING.critical.groupWait', '"soon"'],
    ['a zero group interval (Alertmanager refuses it)', timing('warning.groupInterval', '0s'), 'rules/routing.ts TIMING.warning.groupInterval', '"0s"'],
    ['a zero repeat interval (Alertmanager refuses it)', timing('info.repeatInterval', '0s'), 'rules/routing.ts TIMING.info.repeatInterval', '"0s"'],
    ['a repeat interval shorter than the group interval', timing('info.repeatInterval', '5m'), 'rules/routing.ts TIMING.info.repeatInterval', 'groupInterval "10m"'],
    ['a repeat interval past Alertmanager\'s retention', timing('warning.repeatInterval', '7d'), 'rules/routing.ts TIMING.warning.repeatInterval', '120h'],
    ['a severity without timing', timing('info', undefined), 'rules/routing.ts TIMING.info', 'info'],
    ['a metric expiration shorter than two scrapes', deploy('collector.metricExpiration', '10s'), 'deploy/config.ts collector.metricExpiration', '"10s"'],
  ])('reports %s', (_, inputs, place, mention) => expectReported(check(inputs), place, mention));

  describe('the 30 s delivery budget of docs/alerting.md', () => {
    // [what breaks it, the inputs, the value that must be named, the total]
    it.each<[string, Inputs, string, string]>([
      ['a collector batch timeout of 20 s', deploy('collector.batchTimeout', '20s'), 'collector.batchTimeout "20s"', totalWith({ collectorBatch: 20_000 })],
      ['a scrape interval of 30 s', setting('prometheus.scrapeInterval', '30s'), 'prometheus.scrapeInterval "30s"', totalWith({ scrape: 30_000 })],
      ['the security group evaluated every 30 s', budgetedEvery('30s'), 'rule group aqe-security-alerts interval "30s"', totalWith({ evaluation: 30_000 })],
      ['a critical group_wait of 30 s', timing('critical.groupWait', '30s'), 'TIMING.critical.groupWait "30s"', totalWith({ groupWait: 30_000 })],
    ])('is broken by %s, and the diagnostic names every term and the total', (_, inputs, named, total) => {
      const budget = check(inputs).filter((d) => d.problem.includes('spec 11.1'));
      expect(budget).toHaveLength(1);
      for (const term of ['agent export', 'collector batch', 'scrape', 'evaluation', 'send', 'group_wait', 'delivery']) expect(budget[0]!.problem).toContain(term);
      expect(budget[0]!.problem).toContain(`= ${total}`);
      expect(budget[0]!.problem).toContain(named);
      expect(budget[0]!.fix).toContain(named);
    });

    it('leaves the global evaluation interval out of the sum: it is only the default of a group without one', () => {
      expect(check(setting('prometheus.evaluationInterval', '30s'))).toEqual([]);
    });

    it('has nothing to check when no alert is marked withinDeliveryBudget', () => {
      expect(check({ ...setting('prometheus.scrapeInterval', '1m'), files: [] })).toEqual([]);
    });

    it('reports an alert marked withinDeliveryBudget that waits, or does not take the critical route', () => {
      const waiting = rules.files.map((f) => ({ ...f, groups: f.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r.kind === 'alert' && r.withinDeliveryBudget ? { ...r, for: '1m' } : r)) })) }));
      const found = check({ ...REAL, files: waiting });
      expect(found).toHaveLength(1);
      expect(found[0]!.problem).toContain('for "1m"');
    });

    it('is the sum docs/alerting.md states for the real settings, with the intervals it names', () => {
      const hops = realHops();
      const doc = readFileSync(resolve(__dirname, '../../docs/alerting.md'), 'utf8');
      const spaced = (ms: number) => formatDuration(ms).replace(/(\d)([a-z]+)$/, '$1 $2');
      expect(doc).toContain(`| **total** | **< ${spaced(deliveryTotal(deliveryHops(hops)))}** |`);
      expect(doc).toContain(`| Prometheus scrapes the collector | ${spaced(hops.scrape)} | \`scrape_interval: ${SETTINGS.prometheus.scrapeInterval}\` |`);
      expect(doc).toContain(`| the security rule group evaluates | ${spaced(hops.evaluation)} | group \`interval: ${formatDuration(hops.evaluation)}\` |`);
    });
  });

  it('reports every mistake at once, the budget among them', () => {
    const found = check({
      settings: withChange(withChange(SETTINGS, 'grafanaBaseUrl', 'https://grafana.example.com/'), 'smtp.from', 'nobody'),
      timing: withChange(TIMING, 'warning.groupInterval', 'soon'),
      deploy: withChange(DEPLOY, 'collector.batchTimeout', '25s'),
      files: rules.files,
    });
    expect(found.map((d) => d.place)).toEqual(expect.arrayContaining(['rules/settings.ts grafanaBaseUrl', 'rules/settings.ts smtp.from', 'rules/routing.ts TIMING.warning.groupInterval']));
    expect(found.filter((d) => d.problem.includes(`= ${totalWith({ collectorBatch: 25_000 })}`))).toHaveLength(1);
    expect(found).toHaveLength(4);
  });

  it('leaves the budget to the terms\' own diagnostics while one does not parse', () => {
    const found = check(setting('prometheus.scrapeInterval', '5 s'));
    expect(found.map((d) => d.place)).toEqual(['rules/settings.ts prometheus.scrapeInterval']);
  });

  describe('never throws, whatever an untyped JavaScript copy holds', () => {
    it.each(leaves(SETTINGS))('reports settings %s of the wrong type', (path, value) => {
      expect(check(setting(path, wrongType(value))).some((d) => d.place.startsWith(`rules/settings.ts ${path}`))).toBe(true);
    });
    it.each(leaves(TIMING))('reports timing %s of the wrong type', (path, value) => {
      expect(check(timing(path, wrongType(value))).some((d) => d.place === `rules/routing.ts TIMING.${path}`)).toBe(true);
    });
    it.each([...leaves(SETTINGS).map(([path]) => ['settings', path] as const), ...leaves(TIMING).map(([path]) => ['timing', path] as const), ...leaves(DEPLOY).map(([path]) => ['deploy', path] as const)])(
      'takes any value at %s %s without throwing',
      (input, path) => {
        for (const value of JUNK) expect(() => check({ ...REAL, [input]: withChange(REAL[input], path, value) })).not.toThrow();
      },
    );
    it.each([undefined, null, 'x', 42, []])('returns diagnostics for settings, timing, deploy and rule files of %j', (value) => {
      const all = { settings: value, timing: value, deploy: value, files: value } as never as Inputs;
      expect(check(all).length).toBeGreaterThan(0);
    });
  });
});
