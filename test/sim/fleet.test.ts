import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prices } from '../../out/instrumentation';
import { MODEL_VALUES } from '../../out/instrumentation/labels';
import { parseCliArgs } from '../../sim/cli';
import { startFleet, type FleetEvent, type FleetOptions, type RunningFleet } from '../../sim/fleet';
import { PROVIDER_OF } from '../../sim/profiles';
import { parseExposition, seriesOnPullEndpoint, type Sample } from '../support/exposition';
import type { ResolvedMetric } from '../../generators/model-types';

/**
 * The fleet simulator, run for a few real seconds at 60 simulated seconds per second and
 * scraped like Prometheus would. Telemetry is process-global, so the fleets run one after
 * the other, each stopped in `finally`. The trace test lives in fleet-trace.test.ts: it must
 * be the first telemetry session of its process (see there).
 */

async function scrape(fleet: RunningFleet): Promise<Sample[]> {
  const response = await fetch(fleet.metricsUrl);
  expect(response.status).toBe(200);
  return parseExposition(await response.text());
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function withFleet<T>(options: FleetOptions, body: (fleet: RunningFleet) => Promise<T>): Promise<T> {
  const fleet = await startFleet(options);
  try {
    return await body(fleet);
  } finally {
    await fleet.stop();
  }
}

const schema = JSON.parse(readFileSync(resolve(__dirname, '../../out/schema.json'), 'utf8')) as { metrics: Pick<ResolvedMetric, 'otelName' | 'kind' | 'series' | 'convention'>[] };

/**
 * Export failures: this test runs the fleet without OTLP, over a pull endpoint that cannot
 * fail, so the series does not exist (the local stack turns OTLP on and it does).
 */
const SELF_HEALTH_SERIES = ['aqe_telemetry_export_failures_total'];

describe('fleet simulator', () => {
  it('exposes every series of out/schema.json after a few seconds of normal operation', async () => {
    await withFleet({ scenario: 'normal', timeScale: 60, seed: 11 }, async (fleet) => {
      await sleep(4000);
      const samples = await scrape(fleet);
      const seen = new Set(samples.map((s) => s.name));
      const expected = schema.metrics.flatMap(seriesOnPullEndpoint).filter((name) => !SELF_HEALTH_SERIES.includes(name));
      expect(expected.filter((name) => !seen.has(name))).toEqual([]);
      for (const name of SELF_HEALTH_SERIES) expect(seen.has(name), name).toBe(false);
      // Now and then a provider answers under a dated snapshot id the price table lacks.
      const rejected = samples.filter((s) => s.name === 'aqe_telemetry_label_values_rejected_total');
      expect(rejected.map((s) => `${s.labels.metric}/${s.labels.label}`)).toContain('aqe_tokens_input_total/model');

      // Normal means normal: every agent type ran, a few failed, and no critical finding.
      const spawns = samples.filter((s) => s.name === 'aqe_agent_spawn_total');
      // Four simulated minutes: even the rarest type (qe-chaos-engineer, 0.5 runs a minute) usually ran.
      expect(new Set(spawns.map((s) => s.labels.agent_type)).size).toBeGreaterThanOrEqual(15);
      const total = spawns.reduce((sum, s) => sum + s.value, 0);
      const failed = spawns.filter((s) => s.labels.status !== 'success').reduce((sum, s) => sum + s.value, 0);
      expect(total).toBeGreaterThan(80);
      expect(failed / total).toBeLessThan(0.08);
      expect(samples.filter((s) => s.name === 'aqe_security_findings_total' && s.labels.severity === 'critical')).toEqual([]);
      const checkoutLine = samples.find((s) => s.name === 'aqe_quality_coverage_percent' && s.labels.project === 'checkout-service' && s.labels.coverage_type === 'line');
      expect(checkoutLine?.value).toBeGreaterThan(84);
      expect(checkoutLine?.value).toBeLessThan(88);
    });
  });

  it('critical-finding records exactly one critical CWE-89 finding and logs when', async () => {
    await withFleet({ scenario: 'critical-finding', timeScale: 60, seed: 3 }, async (fleet) => {
      const started = Date.now();
      await sleep(9000);
      expect(fleet.events.filter((e) => e.kind === 'critical-finding')).toEqual([]);
      let findings: FleetEvent[] = [];
      for (let waited = 0; findings.length === 0 && waited < 5000; waited += 100) {
        await sleep(100);
        findings = fleet.events.filter((e) => e.kind === 'critical-finding');
      }
      await sleep(1500); // time for a second one, which must not come
      findings = fleet.events.filter((e) => e.kind === 'critical-finding');
      expect(findings).toHaveLength(1);
      const finding = findings[0]!;
      expect(finding).toMatchObject({ kind: 'critical-finding', cweCategory: 'CWE-89' });
      expect(finding.atMs - started).toBeGreaterThanOrEqual(9500);
      expect(finding.atMs - started).toBeLessThan(12_000);
      expect(fleet.events.filter((e) => e.kind === 'scenario-start')).toHaveLength(1);

      const critical = (await scrape(fleet)).filter((s) => s.name === 'aqe_security_findings_total' && s.labels.severity === 'critical');
      expect(critical.map((s) => [s.labels.cwe_category, s.value])).toEqual([['CWE-89', 1]]);
    });
  });

  it('draws the same runs from the same seed', async () => {
    const run = (seed: number) =>
      withFleet({ scenario: 'normal', timeScale: 60, seed }, async (fleet) => {
        await sleep(1500);
        return fleet.events.map(({ atMs: _, ...rest }) => rest);
      });
    const first = await run(42);
    const second = await run(42);
    const other = await run(43);
    // The runs stop after different numbers of ticks: compare what both got to.
    const n = Math.min(first.length, second.length);
    expect(n).toBeGreaterThan(100);
    expect(second.slice(0, n)).toEqual(first.slice(0, n));
    expect(other.slice(0, 50)).not.toEqual(first.slice(0, 50));
  });

  it('refuses a second fleet in the same process', async () => {
    await withFleet({ scenario: 'normal', timeScale: 1 }, async () => {
      await expect(startFleet({ scenario: 'normal', timeScale: 1 })).rejects.toThrow(/already running/);
    });
  });

  it('names a provider for every priced model, as the price table does', () => {
    for (const model of MODEL_VALUES) expect(PROVIDER_OF[model], model).toBe(prices.models.find((p) => p.model === model)?.provider);
  });

  it('parses the command line', () => {
    expect(parseCliArgs([])).toEqual({ scenario: 'normal', timeScale: 60, seed: 1, port: 0 });
    expect(parseCliArgs(['error-storm', '--time-scale', '600', '--seed=9', '--host', '0.0.0.0'])).toEqual({
      scenario: 'error-storm',
      timeScale: 600,
      seed: 9,
      port: 0,
      host: '0.0.0.0',
    });
    expect(() => parseCliArgs(['storm'])).toThrow(/unknown scenario storm/);
    expect(() => parseCliArgs(['--time-scale', '0'])).toThrow(/--time-scale/);
  });
});
