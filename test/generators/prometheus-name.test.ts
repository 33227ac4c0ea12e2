import { describe, expect, it } from 'vitest';
import { collectorName, prometheusName, seriesNames } from '../../core/prometheus-name';

describe('prometheusName (as the OpenTelemetry JS exporter exposes it)', () => {
  it.each([
    ['a counter named with _total keeps one _total', 'aqe.agent.spawn_total', 'counter', 'aqe_agent_spawn_total'],
    ['a counter without _total gains it', 'aqe.quality.defects_found', 'counter', 'aqe_quality_defects_found_total'],
    ['an up-down counter is a gauge and gains no _total', 'aqe.agent.active', 'updowncounter', 'aqe_agent_active'],
    ['a gauge keeps its name', 'aqe.quality.coverage_percent', 'gauge', 'aqe_quality_coverage_percent'],
    ['a histogram gains no unit suffix', 'aqe.agent.duration', 'histogram', 'aqe_agent_duration'],
    ['dashes and slashes become single underscores', 'aqe.a-b/c', 'gauge', 'aqe_a_b_c'],
    ['a leading digit is prefixed with _', '9lives', 'gauge', '_9lives'],
  ] as const)('%s', (_sentence, name, kind, expected) => {
    expect(prometheusName(name, kind)).toBe(expected);
  });

  it('a histogram produces _bucket, _count and _sum series', () => {
    expect(seriesNames({ name: 'aqe.agent.duration_seconds', kind: 'histogram' })).toEqual([
      'aqe_agent_duration_seconds_bucket',
      'aqe_agent_duration_seconds_count',
      'aqe_agent_duration_seconds_sum',
    ]);
  });
});

describe('collectorName (as the collector and Prometheus OTLP translate it)', () => {
  it.each([
    ['a seconds histogram already named _seconds is unchanged', 'aqe.agent.duration_seconds', 's', 'histogram', 'aqe_agent_duration_seconds'],
    ['a seconds histogram without the suffix gains _seconds', 'aqe.agent.duration', 's', 'histogram', 'aqe_agent_duration_seconds'],
    ['milliseconds are spelled out', 'aqe.x.latency', 'ms', 'histogram', 'aqe_x_latency_milliseconds'],
    ['an annotation unit adds nothing', 'aqe.tokens.input_total', '{token}', 'counter', 'aqe_tokens_input_total'],
    ['a counter with a unit puts _total after the unit', 'aqe.roi.time_saved', 's', 'counter', 'aqe_roi_time_saved_seconds_total'],
    ['a counter with _total in the middle moves it to the end', 'aqe.x.total_bytes', 'By', 'counter', 'aqe_x_bytes_total'],
    ['a gauge with unit 1 gains _ratio', 'aqe.quality.score', '1', 'gauge', 'aqe_quality_score_ratio'],
    ['percent maps to percent', 'aqe.quality.coverage_percent', '%', 'gauge', 'aqe_quality_coverage_percent'],
    ['a per-unit becomes _per_', 'aqe.x.rate', 'By/s', 'gauge', 'aqe_x_rate_bytes_per_seconds'],
  ] as const)('%s', (_sentence, name, unit, kind, expected) => {
    expect(collectorName(name, unit, kind)).toBe(expected);
  });
});
