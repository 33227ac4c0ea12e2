import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { countText, lastSpan, percent, secondsText, spokenDuration } from '../../core/threshold-prose';
import type { AlertRule, Rules } from '../../rules/define';
import { rules as loadedRules } from '../../rules/index';
import { THRESHOLDS } from '../../schema/thresholds';

const ROOT = resolve(__dirname, '../..');

function alertsOf(rules: Rules): AlertRule[] {
  return rules.files.flatMap((file) => file.groups.flatMap((group) => group.rules.filter((rule): rule is AlertRule => rule.kind === 'alert')));
}

/** rules/ loaded afresh, with whatever schema/thresholds is mocked as now. */
async function loadRules(): Promise<Rules> {
  return (await import('../../rules/index.js')).rules;
}

describe('alert prose derived from the thresholds', () => {
  it('changes the description of every alert whose expression changes when the thresholds do', async () => {
    const before = new Map(alertsOf(loadedRules).map((alert) => [alert.name, alert]));
    vi.resetModules();
    // Every threshold doubled (30 s to 60 s stays a bucket bound, which the SLO needs): an alert that compares with one states a new number.
    vi.doMock('../../schema/thresholds', async (importOriginal) => {
      const { THRESHOLDS } = await importOriginal<typeof import('../../schema/thresholds')>();
      return { THRESHOLDS: Object.fromEntries(Object.entries(THRESHOLDS).map(([key, value]) => [key, value * 2])) };
    });
    const after = alertsOf(await loadRules());
    vi.doUnmock('../../schema/thresholds');
    vi.resetModules();
    const moved = after.filter((alert) => before.get(alert.name)?.expr.text !== alert.expr.text);
    expect(moved.length).toBeGreaterThan(0);
    for (const alert of moved) {
      const old = before.get(alert.name)!;
      expect(`${alert.summary}\n${alert.description}`, `${alert.name}: its threshold moved, its prose did not`).not.toBe(`${old.summary}\n${old.description}`);
    }
  });

  it('states every window and `for` in alert prose through spokenDuration, never typed: with it stubbed, no spelled-out duration is left', async () => {
    vi.resetModules();
    // Each spoken duration becomes a marker: what still reads "for 5 minutes" was typed by hand,
    // and would not change with the `for` or the window it states.
    vi.doMock('../../core/threshold-prose', async (importOriginal) => {
      const original = await importOriginal<typeof import('../../core/threshold-prose')>();
      return { ...original, spokenDuration: (d: number | string) => `<duration ${d}>`, lastSpan: (d: number | string) => `<last ${d}>` };
    });
    const alerts = alertsOf(await loadRules());
    vi.doUnmock('../../core/threshold-prose');
    vi.resetModules();
    const spelled = /\b(\d+(\.\d+)?|an?|half an) (seconds?|minutes?|hours?|days?|weeks?)\b|\bthe last (second|minute|hour|day|week)\b/;
    const stated = alerts.flatMap((alert) => [
      { where: alert.name, text: `${alert.summary}\n${alert.description}` },
      ...alert.firing.flatMap((c) => c.expected.map((e) => ({ where: `${alert.name}, case "${c.name}"`, text: `${e.summary}\n${e.description}` }))),
    ]);
    expect(stated.length).toBeGreaterThan(0);
    const typed = stated.filter(({ text }) => spelled.test(text)).map(({ where, text }) => `${where}: "${spelled.exec(text)![0]}"`);
    expect(typed, 'durations typed by hand: format each with spokenDuration or lastSpan from the `for` or window it states').toEqual([]);
  });

  it('formats the numbers the way the alert templates and docs write them', () => {
    expect(percent(0.1)).toBe('10%');
    expect(percent(0.015)).toBe('1.5%');
    expect(secondsText(30)).toBe('30s');
    expect(countText(100_000)).toBe('100k');
    expect(countText(1_500_000)).toBe('1.5M');
    expect(countText(20)).toBe('20');
    expect(spokenDuration(300_000)).toBe('5 minutes');
    expect(spokenDuration(3_600_000)).toBe('an hour');
    expect(spokenDuration(60_000)).toBe('a minute');
    expect(spokenDuration(5_400_000)).toBe('90 minutes');
    expect(spokenDuration(1_800_000)).toBe('half an hour');
    expect(spokenDuration('15m')).toBe('15 minutes');
    expect(spokenDuration(86_400_000, 'hour')).toBe('24 hours');
    expect(lastSpan(86_400_000)).toBe('the last day');
    expect(lastSpan(3_600_000)).toBe('the last hour');
    expect(lastSpan(86_400_000, 'hour')).toBe('the last 24 hours');
  });
});

/**
 * The hand-written docs state the thresholds too (docs/alerting.md's table, each alert's
 * runbook). A threshold whose TSDoc starts with the name of the alert it belongs to
 * ("AgentFailureRate: ...") must appear, in one of the ways people write it, in both.
 */
describe('docs state the thresholds the rules use', () => {
  const source = readFileSync(resolve(ROOT, 'schema/thresholds.ts'), 'utf8');
  const alerts = new Map(alertsOf(loadedRules).map((alert) => [alert.name, alert]));
  const owned = [...source.matchAll(/\/\*\*\s*\n?\s*\*?\s*([A-Z][A-Za-z]+): [\s\S]*?\*\/\s*\n\s*(\w+):/g)]
    .map(([, alertName, key]) => ({ alertName: alertName!, key: key as keyof typeof THRESHOLDS & string }))
    .filter(({ alertName }) => alerts.has(alertName));
  const table = readFileSync(resolve(ROOT, 'docs/alerting.md'), 'utf8');

  it('finds the thresholds that belong to an alert', () => {
    expect(owned.length).toBeGreaterThan(0);
  });

  const spellings = (value: number): RegExp => {
    const plain = String(value).replace('.', '\\.');
    const pct = String(Number((value * 100).toFixed(2))).replace('.', '\\.');
    const alternatives = [`${pct} ?%`, countText(value).replace('.', '\\.'), `${plain} ?s\\b`, `\\b${plain}\\b`, value.toLocaleString('en').replace('.', '\\.')];
    return new RegExp(`(^|[^\\d.])(${alternatives.join('|')})`);
  };

  it.each(owned)('$alertName states $key in docs/alerting.md and its runbook', ({ alertName, key }) => {
    const value: number = THRESHOLDS[key];
    const row = table.split('\n').find((line) => line.startsWith(`| ${alertName} |`));
    expect(row, `docs/alerting.md: no table row for ${alertName}`).toBeDefined();
    expect(row, `docs/alerting.md: the ${alertName} row does not state ${key} = ${value} (schema/thresholds.ts); update the row`).toMatch(spellings(value));
    const runbook = readFileSync(resolve(ROOT, 'docs/runbooks', `${alerts.get(alertName)!.runbook}.md`), 'utf8');
    expect(runbook, `docs/runbooks/${alerts.get(alertName)!.runbook}.md does not state ${key} = ${value} (schema/thresholds.ts); update it`).toMatch(spellings(value));
  });
});
