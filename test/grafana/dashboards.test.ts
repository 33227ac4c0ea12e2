import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { dashboards as sources } from '../../dashboards-src';
import { DASHBOARD_UIDS } from '../../core/dashboard-uids';
import { SLOS } from '../../rules/slo';
import { SLO_PERIOD, SLO_WINDOWS } from '../../schema/slo-policy';

/**
 * The generated Grafana artifacts, read back from out/ and checked on their own terms:
 * what Grafana needs (ids, refIds, grid, data sources, variables) and what the spec draws.
 */

const OUT = resolve(__dirname, '../../out/grafana');
const dashboards = Object.fromEntries(
  readdirSync(resolve(OUT, 'dashboards')).map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(resolve(OUT, 'dashboards', f), 'utf8'))]),
) as Record<string, any>;
const provisioned = load(readFileSync(resolve(OUT, 'provisioning/datasources/aqe.yaml'), 'utf8')) as { datasources: any[] };
const provisionedUids = new Set(provisioned.datasources.map((d) => d.uid));

const panelsOf = (d: any): any[] => (d.panels ?? []).flatMap((p: any) => (p.type === 'row' ? [p, ...(p.panels ?? [])] : [p]));
const typesOf = (d: any) => new Set(panelsOf(d).map((p) => p.type));

describe.each(Object.keys(dashboards))('dashboard %s', (name) => {
  const d = dashboards[name];
  const panels = panelsOf(d);
  const variables = new Set<string>((d.templating?.list ?? []).map((v: any) => v.name));

  it('has a stable uid, the aqe tag, a link to the other dashboards and titled panels', () => {
    expect(d.uid).toMatch(/^aqe-[a-z0-9-]+$/);
    expect(d.tags).toContain('aqe');
    expect(d.links).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'dashboards', tags: ['aqe'] })]));
    // Any number of panels: a custom dashboard of one is fine, an empty one is not.
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) expect(p.title?.trim(), `panel ${p.id} has no title`).toBeTruthy();
  });

  it('gives every panel a unique explicit id and every query a unique refId', () => {
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) {
      const refIds = (p.targets ?? []).map((t: any) => t.refId);
      expect(refIds.every((r: unknown) => typeof r === 'string' && r.length > 0), `panel ${p.id}`).toBe(true);
      expect(new Set(refIds).size, `panel ${p.id}`).toBe(refIds.length);
    }
  });

  it('lays panels on the 24-column grid without overlaps', () => {
    for (const [i, a] of panels.entries()) {
      expect(a.gridPos.x + a.gridPos.w, `panel ${a.id}`).toBeLessThanOrEqual(24);
      for (const b of panels.slice(i + 1)) {
        const overlap = a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w && a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
        expect(overlap, `panels ${a.id} and ${b.id}`).toBe(false);
      }
    }
  });

  it('queries only provisioned data sources (or the Prometheus variable)', () => {
    expect(variables).toContain('datasource');
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        const uid = (t.datasource ?? p.datasource)?.uid;
        expect(uid === '${datasource}' || provisionedUids.has(uid), `panel ${p.id} ${t.refId}: ${uid}`).toBe(true);
      }
    }
  });

  it('uses only variables it defines', () => {
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        for (const [, a, b] of JSON.stringify(t).matchAll(/\$\{([a-zA-Z_]\w*)\}|\$([a-zA-Z_]\w*)/g)) {
          const used = (a ?? b)!;
          if (!used.startsWith('__')) expect(variables, `panel ${p.id} ${t.refId} uses $${used}`).toContain(used);
        }
      }
    }
  });
});

describe('the stakeholder dashboards of spec 7', () => {
  it('exist under their stable uids with the spec default ranges', () => {
    expect(dashboards.executive.uid).toBe(DASHBOARD_UIDS.executive);
    expect(dashboards.executive.time.from).toBe('now-24h');
    expect(dashboards.developer.uid).toBe(DASHBOARD_UIDS.developer);
    expect(dashboards.developer.time.from).toBe('now-1h');
    expect(dashboards.qa.uid).toBe(DASHBOARD_UIDS.qa);
    expect(dashboards.qa.time.from).toBe('now-24h');
    expect(dashboards.operations.uid).toBe(DASHBOARD_UIDS.operations);
  });

  it('draw each panel in the visualisation the spec names', () => {
    expect([...typesOf(dashboards.executive)]).toEqual(expect.arrayContaining(['gauge', 'stat', 'timeseries', 'barchart']));
    expect([...typesOf(dashboards.developer)]).toEqual(expect.arrayContaining(['table', 'traces', 'timeseries', 'logs']));
    expect(typesOf(dashboards.developer).has('heatmap') || typesOf(dashboards.developer).has('histogram')).toBe(true);
    expect([...typesOf(dashboards.qa)]).toEqual(expect.arrayContaining(['stat', 'heatmap', 'status-history', 'table', 'timeseries']));
    expect([...typesOf(dashboards.operations)]).toEqual(expect.arrayContaining(['table', 'timeseries']));
  });

  it('include a custom dashboard, checked like the others', () => {
    expect(Object.keys(dashboards)).toContain('custom-agent-deep-dive');
  });

  it('are the dashboards of dashboards-src, panel for panel: id, type, title and queries', () => {
    // Derived from the sources, not a snapshot: a user's own panel or dashboard is checked, not refused.
    const digest = (d: any) => panelsOf(d).map((p) => `${p.id} ${p.type} "${p.title}": ${(p.targets ?? []).map((t: any) => t.expr ?? t.query ?? t.queryType ?? '').join(' | ')}`);
    const fromSources = Object.fromEntries(sources.map((s) => [s.dashboard.uid, digest(s.dashboard)]));
    const inOut = Object.fromEntries(Object.values(dashboards).map((d) => [d.uid, digest(d)]));
    expect(inOut).toEqual(fromSources);
  });
});

describe('the SLO dashboard', () => {
  const slo = Object.values(dashboards).find((d) => d.uid === DASHBOARD_UIDS.slo);
  const exprs = (p: any): string[] => (p?.targets ?? []).map((t: any) => t.expr);

  it.each(SLOS.map((s) => [s.name, s] as const))('opens %s alerts on its burn rates over every window, and shows its budget left', (_, s) => {
    const panels = panelsOf(slo);
    const linked = panels.find((p) => p.id === s.dashboard.panelId);
    const windows = [...SLO_WINDOWS, SLO_PERIOD];
    expect(windows.map((w) => exprs(linked).some((e) => e.startsWith(`${s.burnRate(w).record}{`)))).toEqual(windows.map(() => true));
    expect(panels.some((p) => exprs(p).some((e) => e.includes(s.budgetRemaining.record)))).toBe(true);
  });
});

describe('Grafana provisioning', () => {
  const byType = Object.fromEntries(provisioned.datasources.map((d) => [d.type, d]));

  it('makes Prometheus the default, queried with POST', () => {
    expect(byType.prometheus.isDefault).toBe(true);
    expect(byType.prometheus.jsonData.httpMethod).toBe('POST');
  });

  it('links traces to logs (Jaeger -> Loki) and logs to traces (Loki -> Jaeger)', () => {
    expect(byType.jaeger.jsonData.tracesToLogsV2.datasourceUid).toBe(byType.loki.uid);
    expect(byType.jaeger.jsonData.tracesToLogsV2.filterByTraceID).toBe(true);
    expect(byType.loki.jsonData.derivedFields[0].datasourceUid).toBe(byType.jaeger.uid);
  });

  it('loads the dashboards from a file provider', () => {
    const providers = load(readFileSync(resolve(OUT, 'provisioning/dashboards/aqe.yaml'), 'utf8')) as { providers: any[] };
    expect(providers.providers[0]).toMatchObject({ type: 'file', folder: 'AQE', allowUiUpdates: false });
  });
});
