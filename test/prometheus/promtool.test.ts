import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { requireTool, runTool } from '../../stack/tools';
import { rules } from '../../rules';

/** The generated Prometheus artifacts, checked by the real promtool (built from its Go module, tools/). */

const OUT = resolve(__dirname, '../../out/prometheus');
const ruleFiles = readdirSync(join(OUT, 'rules')).filter((f) => f.endsWith('.rules.yaml'));
const testFiles = readdirSync(join(OUT, 'tests')).filter((f) => f.endsWith('.test.yaml'));

describe('promtool on out/prometheus', () => {
  const promtool = requireTool('promtool');

  it('finds a rule file for every rule file of rules/, and a test file for each with an alert', () => {
    expect(ruleFiles.sort()).toEqual(rules.files.map((f) => `${f.name}.rules.yaml`).sort());
    const withAlerts = rules.files.filter((f) => f.groups.some((g) => g.rules.some((r) => r.kind === 'alert')));
    expect(withAlerts.length).toBeGreaterThan(0);
    expect(testFiles.sort()).toEqual(withAlerts.map((f) => `${f.name}.test.yaml`).sort());
  });

  it.each(ruleFiles)('check rules %s: valid, type-checked PromQL', (file) => {
    const result = runTool(promtool, ['check', 'rules', join(OUT, 'rules', file)]);
    expect(result.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(result.status).toBe(0);
  });

  // Long cases (a day of samples, 30-day SLO windows) take promtool tens of seconds.
  it.each(testFiles)('test rules %s: every alert fires when its case says, and not one interval before', (file) => {
    const result = runTool(promtool, ['test', 'rules', join(OUT, 'tests', file)]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  }, 180_000);

  it('check config prometheus.yaml: valid, and every rule file it names exists', () => {
    const result = runTool(promtool, ['check', 'config', join(OUT, 'prometheus.yaml')]);
    expect(result.output).toMatch(new RegExp(`SUCCESS: ${ruleFiles.length} rule files found`));
    expect(result.status).toBe(0);
  });

  it('the generated tests can fail: expecting an alert one interval early makes promtool fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-promtool-'));
    cpSync(OUT, dir, { recursive: true });
    const path = join(dir, 'tests', 'agents.test.yaml');
    const suite = load(readFileSync(path, 'utf8')) as { tests: { alert_rule_test: { eval_time: string; exp_alerts: unknown[] }[] }[] };
    const [justBefore, firing] = suite.tests[0]!.alert_rule_test;
    justBefore!.exp_alerts = firing!.exp_alerts;
    writeFileSync(path, dump(suite));
    const result = runTool(promtool, ['test', 'rules', path]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
  });
});
