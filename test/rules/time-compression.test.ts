import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { promql, scaleDuration, seconds, window } from '../../rules/define';
import { agentSpawns } from '../../schema/metrics/agent';
import { requireTool, runTool } from '../../stack/tools';

const FIVE = window('5m');

describe('time compression of PromQL', () => {
  it('renders windows as written at scale 1 and divided at scale 60', () => {
    const expr = promql`rate(${agentSpawns}[${FIVE}]) * ${seconds(FIVE)} > 10 unless ${agentSpawns} offset ${window('1h')}`;
    expect(expr.text).toBe('rate(aqe_agent_spawn_total[5m]) * 300 > 10 unless aqe_agent_spawn_total offset 1h');
    expect(expr.render(60)).toBe('rate(aqe_agent_spawn_total[5s]) * 5 > 10 unless aqe_agent_spawn_total offset 1m');
  });

  it('compresses nested expressions too', () => {
    const inner = promql`rate(${agentSpawns}[${FIVE}])`;
    expect(promql`sum(${inner})`.render(60)).toBe('sum(rate(aqe_agent_spawn_total[5s]))');
  });

  it('never compresses below a second, and leaves 0s alone', () => {
    expect(scaleDuration('15s', 60)).toBe('1s');
    expect(scaleDuration('0s', 60)).toBe('0s');
    expect(scaleDuration('1d', 60)).toBe('24m');
  });
});

describe('the local stack configs', () => {
  const sources = readSources(resolve(__dirname, '../..'));
  const files = renderLocalStack(sources, {
    ...productionOverrides(sources),
    timeScale: 60,
    interval: '1s',
    prometheus: { collector: ['127.0.0.1:8889'], collectorTelemetry: ['127.0.0.1:8888'], agents: [], alertmanager: ['127.0.0.1:9093'], prometheus: '127.0.0.1:9090' },
    alertmanager: { secretsDir: '/tmp/aqe-secrets', pagerdutyEventsUrl: 'http://127.0.0.1:5001/pagerduty/v2/enqueue', smtpSmarthost: '127.0.0.1:2525' },
  });
  const alertmanagerYaml = files['alertmanager/alertmanager.yaml']!;

  it('keep the production rules with compressed windows and for', () => {
    const agents = files['prometheus/rules/agents.rules.yaml']!;
    expect(agents).toContain('rate(aqe_agent_spawn_total[5s])');
    expect(agents).toMatch(/alert: AgentFailureRate\n\s+expr: .*\* 5 >= 10 and .*\* 5 >= 3\) or .*\* 60 >= 3 .*\n\s+for: 5s/);
  });

  it('keep the generated receivers, with secret files and endpoints on loopback, and pass amtool', () => {
    expect(alertmanagerYaml).toContain('url: http://127.0.0.1:5001/pagerduty/v2/enqueue');
    expect(alertmanagerYaml).toContain('routing_key_file: /tmp/aqe-secrets/pagerduty-routing-key');
    expect(alertmanagerYaml).toContain('api_url_file: /tmp/aqe-secrets/slack-critical-webhook-url');
    expect(alertmanagerYaml).toContain('smtp_smarthost: 127.0.0.1:2525');
    const dir = mkdtempSync(join(tmpdir(), 'aqe-local-'));
    writeFileSync(join(dir, 'alertmanager.yaml'), alertmanagerYaml);
    const result = runTool(requireTool('amtool'), ['check-config', join(dir, 'alertmanager.yaml')]);
    expect(result.status, result.output).toBe(0);
  });

  it('pass promtool check config, rules included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-local-'));
    for (const [path, content] of Object.entries(files).filter(([p]) => p.startsWith('prometheus/'))) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const result = runTool(requireTool('promtool'), ['check', 'config', join(dir, 'prometheus/prometheus.yaml')]);
    expect(result.output).toMatch(new RegExp(`SUCCESS: ${sources.rules.files.length} rule files found`));
    expect(result.status).toBe(0);
  });
});
