import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { channel, type AlertRule } from '../../rules/define';
import { requireTool, runTool } from '../../stack/tools';
import { rules } from '../../rules';

/** The generated Alertmanager config, checked by the real amtool (built from its pinned module, tools/). */

const CONFIG = resolve(__dirname, '../../out/alertmanager/alertmanager.yaml');
const expectations = load(readFileSync(resolve(__dirname, '../../out/alertmanager/tests/routes.yaml'), 'utf8')) as {
  cases: { name: string; labels: Record<string, string>; receivers: string[] }[];
};

const routeTest = (amtool: string, receivers: readonly string[], labels: Record<string, string>) =>
  runTool(amtool, [
    'config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${receivers.join(',')}`,
    ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
  ]);

describe('amtool on out/alertmanager', () => {
  const amtool = requireTool('amtool');

  it('check-config: valid, with a receiver per channel of rules/ and its inhibitions', () => {
    const result = runTool(amtool, ['check-config', CONFIG]);
    expect(result.output).toContain('SUCCESS');
    expect(result.output).toContain(`${rules.channels.length} receivers`);
    expect(result.output).toContain(`${rules.inhibitions.length} inhibit rules`);
    expect(result.status).toBe(0);
  });

  it('has a routing expectation for every alert', () => {
    const routed = expectations.cases.map((c) => c.labels.alertname);
    for (const alert of ['AgentFailureRate', 'QualityGateBreach', 'SecurityCriticalFinding', 'HighTokenUsage', 'PerformanceDegradation', 'CoverageDecline', 'FlakyTestIncrease', 'NewAgentDeployed']) {
      expect(routed).toContain(alert);
    }
  });

  it.each(expectations.cases.map((c) => [c.name, c] as const))('routes: %s', (_name, c) => {
    const result = routeTest(amtool, c.receivers, c.labels);
    expect(result.output.trim().split('\n')[0]).toBe(c.receivers.join(','));
    expect(result.status).toBe(0);
  });

  it('a wrong expectation fails (pagerduty does not get warnings)', () => {
    const result = routeTest(amtool, ['pagerduty'], { alertname: 'PerformanceDegradation', severity: 'warning' });
    expect(result.status).not.toBe(0);
  });

  it('holds no secret: every credential is a *_file path', () => {
    const text = readFileSync(CONFIG, 'utf8');
    expect(text).not.toMatch(/^\s*(api_url|routing_key|service_key|auth_password|smtp_auth_password):/m);
    // One secret file per channel: a routing key, a webhook URL or an SMTP password.
    expect(text.match(/_file: \/etc\/alertmanager\/secrets\//g)?.length).toBe(rules.channels.length);
  });
});

describe('a webhook channel (Alertmanager 0.26+ url_file)', () => {
  it('reads its URL from a secret file and passes amtool check-config', () => {
    const sources = readSources(resolve(__dirname, '../..'));
    const hook = channel({ name: 'incident-hook', kind: 'webhook', description: 'An incident tool' });
    const alerts = sources.rules.files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r): r is AlertRule => r.kind === 'alert')));
    const target = alerts[0]!;
    const rules = {
      ...sources.rules,
      channels: [...sources.rules.channels, hook],
      files: sources.rules.files.map((f) => ({ ...f, groups: f.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r === target ? { ...r, channels: [...r.channels, hook] } : r)) })) })),
    };
    const yaml = renderLocalStack({ ...sources, rules }, productionOverrides(sources))['alertmanager/alertmanager.yaml']!;
    const receiver = (load(yaml) as { receivers: { name: string; webhook_configs?: { url_file: string }[] }[] }).receivers.find((r) => r.name === 'incident-hook');
    expect(receiver?.webhook_configs?.[0]?.url_file).toBe(`${sources.rules.settings.secretsDir}/incident-hook-webhook-url`);
    const file = join(mkdtempSync(join(tmpdir(), 'aqe-am-hook-')), 'alertmanager.yaml');
    writeFileSync(file, yaml);
    const result = runTool(requireTool('amtool'), ['check-config', file]);
    expect(result.status, result.output).toBe(0);
  });
});
