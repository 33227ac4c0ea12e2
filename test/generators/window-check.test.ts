import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../core/duration';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildModel } from '../../generators/model';
import { runbooksIn } from '../../generators/runbooks';
import { checkRuleWindows, MIN_SCRAPES_PER_WINDOW } from '../../generators/window-check';
import { rules } from '../../rules';
import { SETTINGS } from '../../rules/settings';
import { schema } from '../../schema';

const { alerting } = resolveAlerting(buildModel(schema), rules, runbooksIn(resolve(__dirname, '../../docs/runbooks')));
const windows = alerting.files.flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => [...r.expr.matchAll(/\[(\d+[smhdwy])(?=[\]:])/g)].map((m) => parseDuration(m[1]!)!))));

describe('every rule window spans at least four scrapes', () => {
  it('holds at the scrape interval of rules/settings.ts', () => {
    expect(checkRuleWindows(alerting, parseDuration(SETTINGS.prometheus.scrapeInterval)!, 'scrape')).toEqual([]);
  });

  it('names each rule whose shortest window a longer scrape interval would starve, and the window that would do', () => {
    const shortest = Math.min(...windows);
    const scrape = shortest / MIN_SCRAPES_PER_WINDOW + 1000;
    const found = checkRuleWindows(alerting, scrape, 'scrape');
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) expect(parseDuration(/\[([^\]]+)\]$/.exec(d.place)![1]!)!).toBeLessThan(MIN_SCRAPES_PER_WINDOW * scrape);
    expect(checkRuleWindows(alerting, shortest / MIN_SCRAPES_PER_WINDOW, 'scrape')).toEqual([]);
  });
});
