import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics as helpers } from '../../out/instrumentation';
import { initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';
import type { Model, ResolvedMetric } from '../../generators/model-types';
import { requireTool, runTool } from '../../stack/tools';
import { parseExposition, seriesOnPullEndpoint } from '../support/exposition';

/**
 * Every generated helper, driven through a real MeterProvider and the OpenTelemetry
 * Prometheus exporter, scraped over HTTP: what Prometheus sees must be exactly what
 * out/schema.json promises, and promtool must find nothing to complain about.
 */

const model = JSON.parse(readFileSync(resolve(__dirname, '../../out/schema.json'), 'utf8')) as Model;
const SCOPE_LABELS = ['otel_scope_name', 'otel_scope_version'];

type AnyHelper = Record<string, (...args: unknown[]) => void>;

function drive(metric: ResolvedMetric): void {
  const helper = (helpers as unknown as Record<string, AnyHelper>)[metric.helperName];
  if (!helper) throw new Error(`out/instrumentation exports no helper ${metric.helperName}`);
  const labels = Object.fromEntries(metric.labels.map((l) => [l.name, l.values?.[0] ?? 'example-value']));
  if (metric.kind === 'gauge') helper.set!(3, labels);
  else if (metric.kind === 'histogram') helper.record!(0.5, labels);
  else helper.inc!(labels);
}

describe('generated helpers scraped from a real OpenTelemetry Prometheus exporter', () => {
  let url: string;
  let scrape: () => Promise<string>;

  beforeAll(async () => {
    const handle = initializeTelemetry({ otlp: false, prometheus: { port: 0 }, serviceName: 'scrape-test' });
    url = (await handle.prometheusUrl) ?? '';
    scrape = async () => (await fetch(url)).text();
  });
  afterAll(() => shutdownTelemetry());

  it('exposes exactly the series names of out/schema.json, with exactly their labels', async () => {
    for (const metric of model.metrics) drive(metric);
    const samples = parseExposition(await scrape()).filter((s) => s.name !== 'target_info');

    const expectedSeries = model.metrics.flatMap(seriesOnPullEndpoint).sort();
    expect([...new Set(samples.map((s) => s.name))].sort()).toEqual(expectedSeries);

    for (const metric of model.metrics) {
      for (const series of seriesOnPullEndpoint(metric)) {
        const sample = samples.find((s) => s.name === series);
        const expectedLabels = [...metric.labels.map((l) => l.prometheusName), ...SCOPE_LABELS, ...(series.endsWith('_bucket') ? ['le'] : [])];
        expect(Object.keys(sample!.labels).sort(), series).toEqual(expectedLabels.sort());
      }
    }
  });

  it('uses the schema buckets for histograms, not the millisecond defaults', async () => {
    const samples = parseExposition(await scrape());
    const duration = model.metrics.find((m) => m.helperName === 'agentDuration')!;
    const bounds = samples.filter((s) => s.name === `${duration.prometheusName}_bucket`).map((s) => s.labels.le);
    expect(bounds).toEqual([...duration.buckets!.map(String), '+Inf']);
  });

  it('passes promtool check metrics without a single remark', async () => {
    const promtool = requireTool('promtool');
    const result = runTool(promtool, ['check', 'metrics'], await scrape());
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });

  it('records a value outside the set as other, and counts the rejection', async () => {
    helpers.agentSpawns.inc({ agent_type: 'qe-not-an-agent', status: 'success' } as never);
    const samples = parseExposition(await scrape());
    const other = samples.find((s) => s.name === 'aqe_agent_spawn_total' && s.labels.agent_type === 'other');
    expect(other?.value).toBe(1);
    const rejected = samples.find(
      (s) => s.name === 'aqe_telemetry_label_values_rejected_total' && s.labels.metric === 'aqe_agent_spawn_total' && s.labels.label === 'agent_type',
    );
    expect(rejected?.value).toBe(1);
  });
});
