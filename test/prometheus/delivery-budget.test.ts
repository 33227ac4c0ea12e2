import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { DELIVERY_BUDGET_MS, deliveryHops, deliveryTotal, describeDelivery } from '../../generators/delivery-budget';
import { parseDuration } from '../../core/duration';

/**
 * The worst case of docs/alerting.md, recomputed from the generated configs: raising any
 * interval past the 30 s budget of spec 11.1 fails here, not in production.
 */

const OUT = resolve(__dirname, '../../out');
const yaml = (path: string) => load(readFileSync(resolve(OUT, path), 'utf8')) as Record<string, any>;

describe('an immediate critical alert reaches its receiver within 30 s', () => {
  it('sums the hops: export + collector batch + scrape + evaluation + send + group_wait + delivery', () => {
    const prometheus = yaml('prometheus/prometheus.yaml');
    const security = yaml('prometheus/rules/security.rules.yaml');
    const alertmanager = yaml('alertmanager/alertmanager.yaml');

    const group = security.groups.find((g: any) => g.rules.some((r: any) => r.alert === 'SecurityCriticalFinding'));
    expect(group.rules.find((r: any) => r.alert === 'SecurityCriticalFinding').for).toBe('0s');
    const critical = alertmanager.route.routes.find((r: any) => r.matchers.includes('severity="critical"'));
    const collectorJob = prometheus.scrape_configs.find((j: any) => j.job_name === 'otel-collector');
    const collector = yaml('otel-collector/config.yaml');
    const metricsPipeline = collector.service.pipelines.metrics;
    // Every batch processor of the metrics pipeline holds data up to its timeout.
    const batching = (metricsPipeline.processors as string[]).filter((p) => p.split('/')[0] === 'batch').map((p) => parseDuration(collector.processors[p].timeout)!);
    expect(batching.length).toBeGreaterThan(0);

    // The sum of generators/delivery-budget.ts, which generation checks before writing.
    const hops = deliveryHops({
      collectorBatch: batching.reduce((a, b) => a + b, 0),
      scrape: parseDuration(collectorJob.scrape_interval ?? prometheus.global.scrape_interval)!,
      evaluation: parseDuration(group.interval)!,
      groupWait: parseDuration(critical.group_wait)!,
    });
    expect(deliveryTotal(hops), describeDelivery(hops)).toBeLessThan(DELIVERY_BUDGET_MS);
  });
});
