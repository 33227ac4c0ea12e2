/**
 * Series that rules and dashboards may query but the schema does not define, because
 * Prometheus, the collector or Alertmanager produce them: target health, firing alerts, their
 * own health. Declared once here, with their labels, so queries over them are checked like
 * the rest; rules and panels name them through `externalSeries()`, never as strings.
 */

/** A label's allowed values; none means any value. Same shape as the generators' LabelInfo. */
interface ExternalLabel {
  readonly values?: readonly string[];
}
type ExternalLabels = Readonly<Record<string, ExternalLabel>>;

const ANY: ExternalLabel = {};
const TARGET = { job: ANY, instance: ANY };

/**
 * The collector's own metrics (`service.telemetry`, job otel-collector-telemetry), as the
 * pinned collector exposes them to Prometheus 3: counters without a `_total` suffix.
 */
const SIGNALS = ['spans', 'metric_points', 'log_records'] as const;
type Signal = (typeof SIGNALS)[number];
type CollectorSeriesName =
  | `otelcol_receiver_${'accepted' | 'refused' | 'failed'}_${Signal}`
  | `otelcol_exporter_${'sent' | 'send_failed' | 'enqueue_failed'}_${Signal}`
  | 'otelcol_exporter_queue_size'
  | 'otelcol_exporter_queue_capacity';

function collectorSeries(): Record<CollectorSeriesName, ExternalLabels> {
  const signals = SIGNALS;
  const series = {} as Record<CollectorSeriesName, ExternalLabels>;
  for (const signal of signals) {
    for (const outcome of ['accepted', 'refused', 'failed'] as const) series[`otelcol_receiver_${outcome}_${signal}`] = { ...TARGET, receiver: ANY, transport: ANY };
    for (const outcome of ['sent', 'send_failed', 'enqueue_failed'] as const) series[`otelcol_exporter_${outcome}_${signal}`] = { ...TARGET, exporter: ANY };
  }
  series.otelcol_exporter_queue_size = { ...TARGET, exporter: ANY, data_type: ANY };
  series.otelcol_exporter_queue_capacity = { ...TARGET, exporter: ANY, data_type: ANY };
  return series;
}

const RULE_GROUP = { ...TARGET, rule_group: ANY };
const ALERTMANAGER_INTEGRATION = { ...TARGET, integration: ANY, reason: ANY };

export const EXTERNAL_SERIES = {
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
  /** Active series in Prometheus' head block: spec 11.2 caps it at the schema's seriesBudget. */
  prometheus_tsdb_head_series: TARGET,
  /** Samples each scrape returned, by target. */
  scrape_samples_scraped: TARGET,
  // ---- Prometheus watching itself (meta-monitoring) ----
  prometheus_rule_evaluation_failures_total: RULE_GROUP,
  prometheus_rule_group_iterations_missed_total: RULE_GROUP,
  prometheus_notifications_errors_total: { ...TARGET, alertmanager: ANY },
  prometheus_notifications_dropped_total: TARGET,
  prometheus_notifications_alertmanagers_discovered: TARGET,
  prometheus_config_last_reload_successful: TARGET,
  prometheus_tsdb_compactions_failed_total: TARGET,
  prometheus_tsdb_wal_corruptions_total: TARGET,
  // ---- Alertmanager ----
  alertmanager_notifications_failed_total: ALERTMANAGER_INTEGRATION,
  alertmanager_notifications_total: { ...TARGET, integration: ANY },
  alertmanager_config_last_reload_successful: TARGET,
  alertmanager_cluster_members: TARGET,
  ...collectorSeries(),
} satisfies Record<string, ExternalLabels>;

export type ExternalSeriesName = keyof typeof EXTERNAL_SERIES;

/** A series of Prometheus', the collector's or Alertmanager's own, as a PromQL handle. */
export function externalSeries(name: ExternalSeriesName): { readonly kind: 'series'; readonly name: string } {
  return { kind: 'series', name };
}
