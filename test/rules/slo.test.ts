import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLOS } from '../../rules/slo';

/** The SLOs of rules/slo.ts, whatever they are: what each needs besides what slo() checks. */

describe('the SLOs of rules/slo.ts', () => {
  it.each(SLOS.map((s) => [s.name, s] as const))('%s: both alerts open the SLO dashboard, and its runbook covers both', (_, s) => {
    expect(s.dashboard.dashboard).toBe('slo');
    const runbook = readFileSync(resolve(__dirname, '../../docs/runbooks', `${s.runbook}.md`), 'utf8');
    expect(runbook).toContain(s.alerts.page.name);
    expect(runbook).toContain(s.alerts.ticket.name);
  });

  it('give every alert its own name and every SLO its own section of the dashboard', () => {
    const names = SLOS.flatMap((s) => [s.alerts.page.name, s.alerts.ticket.name]);
    expect(new Set(names).size).toBe(names.length);
    const panels = SLOS.map((s) => s.dashboard.panelId);
    expect(new Set(panels).size).toBe(panels.length);
  });
});
