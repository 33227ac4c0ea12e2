import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASOURCES } from '../../dashboards-src/datasources';
import { DASHBOARD_UIDS } from '../../core/dashboard-uids';
import { productionOverrides, renderLocalStack } from '../../generators/local-stack';
import { readSources } from '../../generators/sources';
import { promql } from '../../rules/define';
import { runSuccess, SLOS } from '../../rules/slo';
import { SLO_WINDOWS } from '../../schema/slo-policy';
import { startFleet, type RunningFleet } from '../../sim/fleet';
import { freePort } from '../../stack/process';
import { startPrometheus, type RunningPrometheus } from '../../stack/prometheus';
import { asGrafanaSends } from './as-grafana-sends';

/**
 * The SLO dashboard against data: the simulated fleet in normal operation, scraped straight
 * from its pull endpoint by a real Prometheus running the generated config and rules, with
 * time compressed 60 times (the local stack's one mechanism). The SLO panels read recording
 * rules only, so this is where a rule that records nothing, or a bucket bound that matches no
 * scraped `le`, shows. (test/e2e/live-check.test.ts runs every dashboard over the whole stack.)
 */

const ROOT = resolve(__dirname, '../..');
const TIME_SCALE = 60;
/** Real seconds of fleet traffic before the queries: 20 compressed minutes. */
const WARM_UP_MS = 20_000;

const sources = readSources(ROOT);
const dashboardFile = sources.dashboards.find((d) => d.dashboard.uid === DASHBOARD_UIDS.slo)!.file;
const outName = dashboardFile.replace(/^dashboards-src\//, '').replace(/\.ts$/, '').replace(/\//g, '-');
const dashboard = JSON.parse(readFileSync(resolve(ROOT, 'out/grafana/dashboards', `${outName}.json`), 'utf8'));

let fleet: RunningFleet;
let prometheus: RunningPrometheus;
beforeAll(async () => {
  fleet = await startFleet({ scenario: 'normal', timeScale: TIME_SCALE, seed: 5 });
  const port = await freePort();
  const files = renderLocalStack(sources, {
    ...productionOverrides(sources),
    timeScale: TIME_SCALE,
    interval: '1s',
    prometheus: { collector: [], collectorTelemetry: [], agents: [new URL(fleet.metricsUrl).host], alertmanager: [], prometheus: `127.0.0.1:${port}` },
  });
  const prometheusFiles = Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith('prometheus/')).map(([p, content]) => [p.slice('prometheus/'.length), content]));
  prometheus = await startPrometheus(prometheusFiles, port);
  await new Promise((r) => setTimeout(r, WARM_UP_MS));
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
  await fleet?.stop();
}, 30_000);

async function vector(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const answer = await prometheus.query(expr);
  if (answer.status !== 'success') throw new Error(`${expr}: ${answer.error}`);
  return answer.data.result;
}

describe('the SLO dashboard over the simulated fleet', () => {
  it('has a Prometheus query in every panel but its rows, and every one returns data', async () => {
    const panels = (dashboard.panels as any[]).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(SLOS.length);
    const empty: string[] = [];
    for (const panel of panels) {
      const targets = (panel.targets ?? []).filter((t: any) => (t.datasource ?? panel.datasource)?.type === DATASOURCES.prometheus.type);
      expect(targets.length, `panel ${panel.id}`).toBeGreaterThan(0);
      for (const t of targets) if ((await vector(asGrafanaSends(t.expr))).length === 0) empty.push(`panel ${panel.id} "${panel.title}" ${t.refId}: ${t.expr}`);
    }
    expect(empty).toEqual([]);
  });

  it.each(SLOS.map((s) => [s.name, s] as const))('shows %s within its objective in normal operation, its bad events counted from the real series', async (_, slo) => {
    // Fleet-wide over the longest window (all 20 compressed minutes): per agent type, a few
    // dozen runs are too few for a ratio. A latency bound matching no scraped bucket would
    // count every run as slow (a ratio of 1); a bad-event selector matching nothing, 0.
    const longest = SLO_WINDOWS[SLO_WINDOWS.length - 1]!;
    const [events] = await vector(promql`sum(${slo.events(longest)})`.text);
    const [ratio] = await vector(promql`sum(${slo.badEvents(longest)}) / sum(${slo.events(longest)})`.text);
    expect(Number(events!.value[1])).toBeGreaterThan(100);
    expect(Number(ratio!.value[1])).toBeLessThan(slo.errorBudget);
  });

  it('matches the normal fleet’s failed runs with the bad-event selector of run success, and records its bad events', async () => {
    // At the normal 0.5 %, 20 compressed minutes hold a few failures, nearly each the first of
    // its series (agent type x status): increase() counts a series from its second sample on,
    // so the recording may read 0 here. The selector itself must match what was scraped.
    if (!('bad' in runSuccess.sli)) throw new Error('run success counts bad events');
    const [failed] = await vector(promql`sum(${runSuccess.sli.bad})`.text);
    expect(Number(failed!.value[1])).toBeGreaterThan(0);
    const longest = SLO_WINDOWS[SLO_WINDOWS.length - 1]!;
    const recorded = await vector(promql`sum(${runSuccess.badEvents(longest)})`.text);
    expect(recorded).toHaveLength(1);
  });
});
