import type { LabelInfo } from '../generators/series-catalog';

/**
 * Series that dashboards may query but the schema does not define, because Prometheus
 * itself produces them: target health, firing alerts, its own resource use. Declared
 * once here, with their labels, so panel queries over them are checked like the rest.
 */
const ANY: LabelInfo = {};
const TARGET = { job: ANY, instance: ANY };

export const EXTERNAL_SERIES: Readonly<Record<string, Readonly<Record<string, LabelInfo>>>> = {
  /** 1 when the last scrape of a target succeeded. */
  up: TARGET,
  /** One series per pending or firing alert, with the alert's labels. */
  ALERTS: {
    alertname: ANY,
    alertstate: { values: ['pending', 'firing'] },
    severity: { values: ['critical', 'warning', 'info'] },
    agent_type: ANY,
    gate_name: ANY,
    project: ANY,
    coverage_type: ANY,
    cwe_category: ANY,
    quantile: ANY,
  },
  /** Resident memory and CPU of each scraped process that exposes them (Prometheus, the collector). */
  process_resident_memory_bytes: TARGET,
  process_cpu_seconds_total: TARGET,
  /** Active series in Prometheus' head block: spec 11.2 caps it at 100k. */
  prometheus_tsdb_head_series: TARGET,
  /** Samples each scrape returned, by target. */
  scrape_samples_scraped: TARGET,
  ...collectorSeries(),
};

/**
 * The collector's own metrics (`service.telemetry`, job otel-collector-telemetry), as the
 * pinned collector exposes them to Prometheus 3: counters without a `_total` suffix.
 */
function collectorSeries(): Record<string, Readonly<Record<string, LabelInfo>>> {
  const signals = ['spans', 'metric_points', 'log_records'];
  const series: Record<string, Readonly<Record<string, LabelInfo>>> = {};
  for (const signal of signals) {
    for (const outcome of ['accepted', 'refused', 'failed']) series[`otelcol_receiver_${outcome}_${signal}`] = { ...TARGET, receiver: ANY, transport: ANY };
    for (const outcome of ['sent', 'send_failed', 'enqueue_failed']) series[`otelcol_exporter_${outcome}_${signal}`] = { ...TARGET, exporter: ANY };
  }
  series.otelcol_exporter_queue_size = { ...TARGET, exporter: ANY, data_type: ANY };
  return series;
}
