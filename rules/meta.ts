import { schema } from '../schema';
import { externalSeries } from '../schema/external-series';
import { exporterName, telemetryLabel, telemetryMetric, telemetrySignal } from '../schema/labels';
import { coverage, exportFailures, rejectedLabelValues, scanDuration } from '../schema/metrics/all';
import { SCRAPE_JOBS } from './settings';
import { alert, count, panelLink, promql, type ExpectedAlert, type PromQL, type RuleFile } from './define';
import { deadMansSwitch, pagerduty, slackCritical, slackDev, slackOps, slackQa, slackSecurity } from './channels';
import { scrapingSince } from './counting';
import { atProductionTiming, collectorScrape, series } from './timeline';
import { FIVE_MINUTES, ONE_DAY } from '../core/windows';
import { lastSpan, spokenDuration } from '../core/threshold-prose';

/**
 * Watching the watchers (meta-monitoring): the heartbeat, the scrape targets, the telemetry
 * pipeline (agents' exporters, the collector), Prometheus, Alertmanager, the series budget,
 * and QE signals that stopped arriving. Without these, a broken pipeline looks like a quiet
 * fleet: every other alert needs data to fire.
 */

const up = externalSeries('up');
const ext = externalSeries;
/** The jobs that must always have targets: without them, no alert of this stack can fire. */
const REQUIRED_JOBS = [SCRAPE_JOBS.collector, SCRAPE_JOBS.collectorTelemetry, SCRAPE_JOBS.prometheus, SCRAPE_JOBS.alertmanager];

export const watchdog = alert({
  name: 'Watchdog',
  // Always firing. Alertmanager sends it to a dead man's switch every heartbeat interval; the
  // switch pages when it stops hearing it: Prometheus down, rules not evaluated, Alertmanager
  // down or unable to send. Silencing it pages too: that is the point.
  expr: promql`vector(1)`,
  for: '0s',
  severity: 'info',
  summary: 'Alerting pipeline heartbeat',
  description: 'Always firing, so that its absence at the dead man\'s switch means Prometheus or Alertmanager stopped working. Never silence it.',
  runbook: 'watchdog',
  dashboard: panelLink('operations', 'firingAlerts'),
  channels: [deadMansSwitch],
  firing: [{ name: 'the heartbeat fires from the first evaluation, with no input at all', series: [], firesAt: '0s', expected: [{ labels: {}, summary: 'Alerting pipeline heartbeat', description: 'Always firing, so that its absence at the dead man\'s switch means Prometheus or Alertmanager stopped working. Never silence it.' }] }],
});

const COLLECTOR_DOWN_FOR = '1m';
const COLLECTOR_DOWN: ExpectedAlert = {
  labels: {},
  summary: 'No collector replica is up',
  description: `Prometheus has scraped no ${SCRAPE_JOBS.collector} target successfully for ${spokenDuration(COLLECTOR_DOWN_FOR)}: the fleet's metrics are not arriving, and every alert on them is blind.`,
};

export const collectorDown = alert({
  name: 'CollectorDown',
  // absent(... == 1): no replica scraped up, whether they are all down or none is discovered;
  // once Prometheus has scraped for 5 minutes, so that its own start (before the first scrape
  // of the collector) is not an outage.
  expr: promql`absent(${up}{job="${SCRAPE_JOBS.collector}"} == 1) and on () ${scrapingSince(FIVE_MINUTES)}`,
  for: COLLECTOR_DOWN_FOR,
  severity: 'critical',
  summary: COLLECTOR_DOWN.summary,
  description: COLLECTOR_DOWN.description,
  runbook: 'telemetry-pipeline',
  dashboard: panelLink('operations', 'targetsUp'),
  channels: [pagerduty, slackCritical],
  firing: [
    atProductionTiming({
      // The first failed scrape (up 0) is at 10m02s; false from the 10m15s evaluation; `for` 1m.
      name: 'the only collector replica failing its scrapes pages after a minute',
      series: [collectorScrape(series().appears('0s', 1).set('10m', 0))],
      firesAt: '11m15s',
      expected: [COLLECTOR_DOWN],
    }),
    atProductionTiming({
      // Its last sample is at 9m57s; 5 minutes of look-back later (15m) it is absent.
      name: 'a collector no longer discovered at all (no target, no up series) pages',
      series: [collectorScrape(series().appears('0s', 1).gap('10m', '1h'))],
      firesAt: '16m',
      expected: [COLLECTOR_DOWN],
    }),
  ],
  quiet: [
    atProductionTiming({
      // Rules are evaluated from Prometheus' start; the collector's first scrape may come later.
      name: 'a starting Prometheus that has not scraped the collector yet does not page',
      series: [{ metric: up, labels: { job: SCRAPE_JOBS.prometheus, instance: 'localhost:9090' }, timeline: series().appears('0s', 1) }, collectorScrape(series().appears('3m', 1))],
      quietAt: ['15s', '1m15s', '3m', '6m'],
    }),
    atProductionTiming({
      name: 'one of two replicas down is a warning, not a page',
      series: [collectorScrape(series().appears('0s', 1).set('10m', 0)), { ...collectorScrape(), labels: { job: SCRAPE_JOBS.collector, instance: 'otel-collector-1:8889' } }],
      quietAt: ['12m', '20m'],
    }),
  ],
});

const requiredJobsAbsent = REQUIRED_JOBS.map((job) => promql`absent(${up}{job="${job}"})`).reduce((a, b) => promql`${a} or ${b}`);
/** Targets not scraped yet are not missing: the same guard as CollectorDown's. */
const requiredJobsMissing = promql`(${requiredJobsAbsent}) and on () ${scrapingSince(FIVE_MINUTES)}`;

const TARGET_DOWN_FOR = '5m';
export const telemetryTargetDown = alert({
  name: 'TelemetryTargetDown',
  expr: promql`${up} == 0 or ${requiredJobsMissing}`,
  for: TARGET_DOWN_FOR,
  severity: 'warning',
  summary: 'Scrape target {{ $labels.job }}{{ with $labels.instance }} {{ . }}{{ end }} is down or missing',
  description: `Prometheus has failed to scrape {{ $labels.job }}{{ with $labels.instance }} {{ . }}{{ end }} for ${spokenDuration(TARGET_DOWN_FOR)}, or finds no target of the job at all. Its series are going stale.`,
  runbook: 'telemetry-pipeline',
  dashboard: panelLink('operations', 'targetsUp'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      name: 'an agent endpoint failing its scrapes for 5 minutes warns',
      series: [
        ...REQUIRED_JOBS.map((job) => ({ metric: up, labels: { job, instance: `${job}:1` }, timeline: series().appears('0s', 1) })),
        { metric: up, labels: { job: SCRAPE_JOBS.agents, instance: '10.0.0.7:9464' }, timeline: series().appears('0s', 1).set('10m', 0) },
      ],
      firesAt: '15m15s',
      expected: [
        {
          labels: { job: SCRAPE_JOBS.agents, instance: '10.0.0.7:9464' },
          summary: 'Scrape target aqe-agents 10.0.0.7:9464 is down or missing',
          description: `Prometheus has failed to scrape aqe-agents 10.0.0.7:9464 for ${spokenDuration(TARGET_DOWN_FOR)}, or finds no target of the job at all. Its series are going stale.`,
        },
      ],
    }),
    atProductionTiming({
      name: 'a required job with no target at all (Alertmanager not discovered) warns',
      series: REQUIRED_JOBS.filter((job) => job !== SCRAPE_JOBS.alertmanager).map((job) => ({ metric: up, labels: { job, instance: `${job}:1` }, timeline: series().appears('0s', 1) })),
      // Missing from the start, but judged only once Prometheus has scraped for 5 minutes (its
      // first scrape is at 2s, so from 5m15s); 5 minutes of `for` later, 10m15s.
      firesAt: '10m15s',
      expected: [
        {
          labels: { job: SCRAPE_JOBS.alertmanager },
          summary: 'Scrape target alertmanager is down or missing',
          description: `Prometheus has failed to scrape alertmanager for ${spokenDuration(TARGET_DOWN_FOR)}, or finds no target of the job at all. Its series are going stale.`,
        },
      ],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'a failed scrape or two is not a target down',
      series: [
        ...REQUIRED_JOBS.map((job) => ({ metric: up, labels: { job, instance: `${job}:1` }, timeline: series().appears('0s', 1).set('10m', 0).set('10m30s', 1) })),
      ],
      quietAt: ['10m15s', '16m'],
    }),
  ],
});

const EXPORT = { signal: 'metrics', exporter: 'otlp' };

const EXPORT_FAILING_FOR = '10m';
export const telemetryExportFailing = alert({
  name: 'TelemetryExportFailing',
  expr: promql`sum by (${telemetrySignal}, ${exporterName}) (rate(${exportFailures}[${FIVE_MINUTES}])) > 0`,
  for: EXPORT_FAILING_FOR,
  severity: 'warning',
  summary: 'Agents are losing {{ $labels.signal }} exported by {{ $labels.exporter }}',
  description: `For ${spokenDuration(EXPORT_FAILING_FOR)} agents have failed to export {{ $labels.signal }} batches through {{ $labels.exporter }}: that data is lost. The collector is unreachable or refusing.`,
  runbook: 'telemetry-pipeline',
  dashboard: panelLink('operations', 'exportFailures'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      // The first failure (5m) is scraped at 5m02s and seen at 5m15s; 10 minutes later, 15m15s.
      name: 'a batch failing to export every minute for 10 minutes warns',
      series: [{ metric: exportFailures, labels: EXPORT, timeline: series().appears('0s', 0).addEvery('1m', 1, { from: '4m', until: '30m' }) }],
      firesAt: '15m15s',
      expected: [
        {
          labels: EXPORT,
          summary: 'Agents are losing metrics exported by otlp',
          description: `For ${spokenDuration(EXPORT_FAILING_FOR)} agents have failed to export metrics batches through otlp: that data is lost. The collector is unreachable or refusing.`,
        },
      ],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'a counter at 0 (what every exporter starts with) is quiet',
      series: [{ metric: exportFailures, labels: EXPORT, timeline: series().appears('0s', 0) }],
      quietAt: ['10m', '30m'],
    }),
  ],
});

const REJECTED = { metric: 'aqe_agent_spawn_total', label: 'agent_type' };

const REJECTED_FOR = '15m';
export const labelValuesRejected = alert({
  name: 'LabelValuesRejected',
  expr: promql`sum by (${telemetryMetric}, ${telemetryLabel}) (increase(${rejectedLabelValues}[${FIVE_MINUTES}])) > 0`,
  for: REJECTED_FOR,
  severity: 'warning',
  summary: 'Values of {{ $labels.label }} on {{ $labels.metric }} are being recorded as "other"',
  description: `For ${spokenDuration(REJECTED_FOR)} agents have recorded values of {{ $labels.label }} on {{ $labels.metric }} that the schema does not know (or past its cap) as "other": dashboards and alerts lump them together. Add the value to the schema, or fix the agent.`,
  runbook: 'telemetry-pipeline',
  dashboard: panelLink('operations', 'rejectedLabels'),
  channels: [slackDev],
  firing: [
    atProductionTiming({
      name: 'values rejected every minute for 15 minutes warn the agents\' developers',
      series: [{ metric: rejectedLabelValues, labels: REJECTED, timeline: series().appears('0s', 0).addEvery('1m', 1, { from: '4m', until: '30m' }) }],
      firesAt: '20m15s',
      expected: [
        {
          labels: REJECTED,
          summary: 'Values of agent_type on aqe_agent_spawn_total are being recorded as "other"',
          description: `For ${spokenDuration(REJECTED_FOR)} agents have recorded values of agent_type on aqe_agent_spawn_total that the schema does not know (or past its cap) as "other": dashboards and alerts lump them together. Add the value to the schema, or fix the agent.`,
        },
      ],
    }),
  ],
});

/** The collector's counters of data it did not pass on, each compared on its own (an `or` of sums would keep a 0 that hides the next). */
const collectorLosses = (['spans', 'metric_points', 'log_records'] as const)
  .flatMap((signal) => [`otelcol_receiver_refused_${signal}`, `otelcol_exporter_send_failed_${signal}`, `otelcol_exporter_enqueue_failed_${signal}`] as const)
  .map((name): PromQL => promql`sum by (instance) (rate(${ext(name)}[${FIVE_MINUTES}])) > 0`)
  .reduce((a, b) => promql`${a} or ${b}`);

const COLLECTOR_LOSING_FOR = '5m';
export const collectorLosingData = alert({
  name: 'CollectorLosingData',
  // Refused: the memory limiter or a full pipeline pushed back on agents. Send or enqueue
  // failed: the backend (Prometheus scrape, Jaeger, Loki) is unreachable or the queue full.
  expr: promql`${collectorLosses} or max by (instance) (${ext('otelcol_exporter_queue_size')} / ${ext('otelcol_exporter_queue_capacity')}) > 0.8`,
  for: COLLECTOR_LOSING_FOR,
  severity: 'warning',
  summary: 'Collector {{ $labels.instance }} is refusing or dropping data',
  description: `For ${spokenDuration(COLLECTOR_LOSING_FOR)} collector replica {{ $labels.instance }} has refused data from agents, failed to send or queue it, or kept an exporter queue over 80 % full. Data is being lost or about to be.`,
  runbook: 'telemetry-pipeline',
  dashboard: panelLink('operations', 'collectorRefusedFailed'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      name: 'a collector refusing spans for 5 minutes (its memory limiter) warns',
      series: [
        { metric: ext('otelcol_receiver_refused_spans'), labels: { job: SCRAPE_JOBS.collectorTelemetry, instance: 'otel-collector-0:8888', receiver: 'otlp', transport: 'http' }, timeline: series().appears('0s', 0).addEvery('30s', 20, { from: '4m', until: '30m' }) },
      ],
      // First increase at 4m30s, scraped 4m32s, seen at 4m45s; 5 minutes later 9m45s.
      firesAt: '9m45s',
      expected: [
        {
          labels: { instance: 'otel-collector-0:8888' },
          summary: 'Collector otel-collector-0:8888 is refusing or dropping data',
          description: `For ${spokenDuration(COLLECTOR_LOSING_FOR)} collector replica otel-collector-0:8888 has refused data from agents, failed to send or queue it, or kept an exporter queue over 80 % full. Data is being lost or about to be.`,
        },
      ],
    }),
  ],
});

const PROMETHEUS_SELF = { job: SCRAPE_JOBS.prometheus, instance: 'localhost:9090' };

const RULE_FAILURES_FOR = '5m';
export const prometheusRuleFailures = alert({
  name: 'PrometheusRuleFailures',
  // A rule that fails to evaluate is an alert that cannot fire: page.
  expr: promql`sum by (rule_group) (increase(${ext('prometheus_rule_evaluation_failures_total')}[${FIVE_MINUTES}])) > 0 or sum by (rule_group) (increase(${ext('prometheus_rule_group_iterations_missed_total')}[${FIVE_MINUTES}])) > 0`,
  for: RULE_FAILURES_FOR,
  severity: 'critical',
  summary: 'Prometheus fails to evaluate rule group {{ $labels.rule_group }}',
  description: `For ${spokenDuration(RULE_FAILURES_FOR)} Prometheus has failed to evaluate rules of {{ $labels.rule_group }}, or skipped its evaluations (it ran longer than its interval). Its alerts cannot fire.`,
  runbook: 'prometheus-health',
  dashboard: panelLink('operations', 'firingAlerts'),
  channels: [pagerduty, slackCritical],
  firing: [
    atProductionTiming({
      name: 'rule evaluations failing for 5 minutes page',
      series: [
        {
          metric: ext('prometheus_rule_evaluation_failures_total'),
          labels: { ...PROMETHEUS_SELF, rule_group: '/etc/prometheus/rules/agents.rules.yaml;aqe-agents' },
          timeline: series().appears('0s', 0).addEvery('15s', 1, { from: '5m', until: '30m' }),
        },
      ],
      // First failure at 5m15s, scraped 5m17s, seen at 5m30s; 5 minutes later 10m30s.
      firesAt: '10m30s',
      expected: [
        {
          labels: { rule_group: '/etc/prometheus/rules/agents.rules.yaml;aqe-agents' },
          summary: 'Prometheus fails to evaluate rule group /etc/prometheus/rules/agents.rules.yaml;aqe-agents',
          description: `For ${spokenDuration(RULE_FAILURES_FOR)} Prometheus has failed to evaluate rules of /etc/prometheus/rules/agents.rules.yaml;aqe-agents, or skipped its evaluations (it ran longer than its interval). Its alerts cannot fire.`,
        },
      ],
    }),
  ],
});

const NOTIFICATIONS_FAILING_FOR = '10m';
export const prometheusNotificationsFailing = alert({
  name: 'PrometheusNotificationsFailing',
  expr: promql`sum by (instance) (rate(${ext('prometheus_notifications_errors_total')}[${FIVE_MINUTES}])) > 0 or sum by (instance) (rate(${ext('prometheus_notifications_dropped_total')}[${FIVE_MINUTES}])) > 0 or max by (instance) (${ext('prometheus_notifications_alertmanagers_discovered')}) < 1`,
  for: NOTIFICATIONS_FAILING_FOR,
  severity: 'warning',
  summary: 'Prometheus {{ $labels.instance }} cannot hand alerts to Alertmanager',
  description: `For ${spokenDuration(NOTIFICATIONS_FAILING_FOR)} Prometheus {{ $labels.instance }} has failed or dropped alert notifications, or found no Alertmanager. Alerts are firing where nobody hears them.`,
  runbook: 'prometheus-health',
  dashboard: panelLink('operations', 'firingAlerts'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      name: 'no Alertmanager discovered for 10 minutes warns',
      series: [{ metric: ext('prometheus_notifications_alertmanagers_discovered'), labels: PROMETHEUS_SELF, timeline: series().appears('0s', 1).set('10m', 0) }],
      firesAt: '20m15s',
      expected: [
        {
          labels: { instance: 'localhost:9090' },
          summary: 'Prometheus localhost:9090 cannot hand alerts to Alertmanager',
          description: `For ${spokenDuration(NOTIFICATIONS_FAILING_FOR)} Prometheus localhost:9090 has failed or dropped alert notifications, or found no Alertmanager. Alerts are firing where nobody hears them.`,
        },
      ],
    }),
  ],
});

const CONFIG_FAILING_FOR = '10m';
export const prometheusConfigOrStorageFailing = alert({
  name: 'PrometheusConfigOrStorageFailing',
  // A failed reload leaves the previous config running (the new rules are not in force);
  // failed compactions and WAL corruptions come before lost data.
  expr: promql`max by (instance) (${ext('prometheus_config_last_reload_successful')}) == 0 or sum by (instance) (increase(${ext('prometheus_tsdb_compactions_failed_total')}[${ONE_DAY}])) > 0 or sum by (instance) (increase(${ext('prometheus_tsdb_wal_corruptions_total')}[${ONE_DAY}])) > 0`,
  for: CONFIG_FAILING_FOR,
  severity: 'warning',
  summary: 'Prometheus {{ $labels.instance }} failed to reload its config or to maintain its storage',
  description: `Prometheus {{ $labels.instance }} has run on its previous config for ${spokenDuration(CONFIG_FAILING_FOR)} after a failed reload, or its TSDB failed a compaction or found WAL corruption today.`,
  runbook: 'prometheus-health',
  dashboard: panelLink('operations', 'seriesBudget'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      name: 'a failed config reload left for 10 minutes warns',
      series: [{ metric: ext('prometheus_config_last_reload_successful'), labels: PROMETHEUS_SELF, timeline: series().appears('0s', 1).set('10m', 0) }],
      firesAt: '20m15s',
      expected: [
        {
          labels: { instance: 'localhost:9090' },
          summary: 'Prometheus localhost:9090 failed to reload its config or to maintain its storage',
          description: `Prometheus localhost:9090 has run on its previous config for ${spokenDuration(CONFIG_FAILING_FOR)} after a failed reload, or its TSDB failed a compaction or found WAL corruption today.`,
        },
      ],
    }),
  ],
});

const ALERTMANAGER_SELF = { job: SCRAPE_JOBS.alertmanager, instance: 'alertmanager-0:9093' };

const DELIVERY_FAILING_FOR = '5m';
export const alertmanagerNotificationsFailing = alert({
  name: 'AlertmanagerNotificationsFailing',
  expr: promql`sum by (instance, integration) (rate(${ext('alertmanager_notifications_failed_total')}[${FIVE_MINUTES}])) > 0 or max by (instance) (${ext('alertmanager_config_last_reload_successful')}) == 0`,
  for: DELIVERY_FAILING_FOR,
  severity: 'warning',
  summary: 'Alertmanager {{ $labels.instance }} fails to deliver {{ $labels.integration }} notifications',
  description: `For ${spokenDuration(DELIVERY_FAILING_FOR)} Alertmanager {{ $labels.instance }} has failed to deliver notifications through {{ $labels.integration }}, or runs on its previous config after a failed reload. Check the receiver's secret and reachability.`,
  runbook: 'alertmanager-health',
  dashboard: panelLink('operations', 'firingAlerts'),
  // Slack, not PagerDuty: if PagerDuty is what fails, a page would fail too.
  channels: [slackCritical],
  firing: [
    atProductionTiming({
      name: 'PagerDuty notifications failing for 5 minutes warn in Slack',
      series: [
        { metric: ext('alertmanager_notifications_failed_total'), labels: { ...ALERTMANAGER_SELF, integration: 'pagerduty', reason: 'clientError' }, timeline: series().appears('0s', 0).addEvery('1m', 1, { from: '4m', until: '30m' }) },
      ],
      firesAt: '10m15s',
      expected: [
        {
          labels: { instance: 'alertmanager-0:9093', integration: 'pagerduty' },
          summary: 'Alertmanager alertmanager-0:9093 fails to deliver pagerduty notifications',
          description: `For ${spokenDuration(DELIVERY_FAILING_FOR)} Alertmanager alertmanager-0:9093 has failed to deliver notifications through pagerduty, or runs on its previous config after a failed reload. Check the receiver's secret and reachability.`,
        },
      ],
    }),
  ],
});

const BUDGET_WARNING_SHARE = 0.8;

const OVER_BUDGET_FOR = '15m';
export const headSeriesOverBudget = alert({
  name: 'HeadSeriesOverBudget',
  expr: promql`max by (instance) (${ext('prometheus_tsdb_head_series')}) > ${schema.seriesBudget * BUDGET_WARNING_SHARE}`,
  for: OVER_BUDGET_FOR,
  severity: 'warning',
  summary: 'Prometheus {{ $labels.instance }} holds {{ $value | humanize }} active series',
  description: `Prometheus {{ $labels.instance }} has held more than ${BUDGET_WARNING_SHARE * 100} % of the schema's budget of ${schema.seriesBudget} active series for ${spokenDuration(OVER_BUDGET_FOR)}. Find the label that grows on the operations dashboard before queries slow down.`,
  runbook: 'prometheus-health',
  dashboard: panelLink('operations', 'seriesBudget'),
  channels: [slackOps],
  firing: [
    atProductionTiming({
      name: 'series over 80 % of the budget for 15 minutes warn',
      series: [{ metric: ext('prometheus_tsdb_head_series'), labels: PROMETHEUS_SELF, timeline: series().appears('0s', schema.seriesBudget / 2).set('10m', schema.seriesBudget * 0.9) }],
      firesAt: '25m15s',
      expected: [
        {
          labels: { instance: 'localhost:9090' },
          summary: `Prometheus localhost:9090 holds ${(schema.seriesBudget * 0.9) / 1000}k active series`,
          description: `Prometheus localhost:9090 has held more than ${BUDGET_WARNING_SHARE * 100} % of the schema's budget of ${schema.seriesBudget} active series for ${spokenDuration(OVER_BUDGET_FOR)}. Find the label that grows on the operations dashboard before queries slow down.`,
        },
      ],
    }),
  ],
});

/** Prometheus has been scraping for a day: before that, "nothing in 24 h" is only a young Prometheus. */
const scrapingForADay = promql`count(${up} offset ${ONE_DAY}) > 0`;

const SCANS_MISSING_FOR = '1h';
export const securityScansMissing = alert({
  name: 'SecurityScansMissing',
  // Without scans, SecurityCriticalFinding is blind: its silence says nothing.
  expr: promql`(sum(increase(${count(scanDuration)}[${ONE_DAY}])) < 1 or absent_over_time(${count(scanDuration)}[${ONE_DAY}])) and on () ${scrapingForADay}`,
  for: SCANS_MISSING_FOR,
  severity: 'warning',
  summary: `No security scan has finished in ${spokenDuration(ONE_DAY.ms, 'hour')}`,
  description: `No security scan has finished in ${lastSpan(ONE_DAY.ms, 'hour')}, for ${spokenDuration(SCANS_MISSING_FOR)}: SecurityCriticalFinding cannot fire on what nobody scans. Check the security scanner agents.`,
  runbook: 'qe-signals-missing',
  dashboard: panelLink('qa', 'securityFindings'),
  channels: [slackSecurity],
  firing: [
    {
      name: 'a day and an hour without any scan warns',
      interval: '5m',
      series: [{ metric: up, labels: { job: SCRAPE_JOBS.collector, instance: 'otel-collector-0:8889' }, values: '1x400' }],
      // Prometheus has scraped for a day at 24h; an hour of `for` later, 25h.
      firesAt: '25h',
      expected: [
        {
          labels: {},
          summary: `No security scan has finished in ${spokenDuration(ONE_DAY.ms, 'hour')}`,
          description: `No security scan has finished in ${lastSpan(ONE_DAY.ms, 'hour')}, for ${spokenDuration(SCANS_MISSING_FOR)}: SecurityCriticalFinding cannot fire on what nobody scans. Check the security scanner agents.`,
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'a scan a day keeps it quiet',
      interval: '5m',
      series: [
        { metric: up, labels: { job: SCRAPE_JOBS.collector, instance: 'otel-collector-0:8889' }, values: '1x600' },
        { metric: count(scanDuration), labels: { scan_type: 'sast' }, values: '0x100 1x200 2x300' },
      ],
      quietAt: ['25h', '30h', '40h'],
    },
  ],
});

const REPORTS_MISSING_FOR = '1h';
export const coverageReportsMissing = alert({
  name: 'CoverageReportsMissing',
  expr: promql`absent_over_time(${coverage}[${ONE_DAY}]) and on () ${scrapingForADay}`,
  for: REPORTS_MISSING_FOR,
  severity: 'warning',
  summary: `No coverage report has arrived in ${spokenDuration(ONE_DAY.ms, 'hour')}`,
  description: `No agent has reported test coverage in ${lastSpan(ONE_DAY.ms, 'hour')}, for ${spokenDuration(REPORTS_MISSING_FOR)}: CoverageDecline cannot fire without it. Check the coverage analyzer agents.`,
  runbook: 'qe-signals-missing',
  dashboard: panelLink('qa', 'coverageByModule'),
  channels: [slackQa],
  firing: [
    {
      name: 'a day and an hour without any coverage report warns',
      interval: '5m',
      series: [
        { metric: up, labels: { job: SCRAPE_JOBS.collector, instance: 'otel-collector-0:8889' }, values: '1x400' },
        { metric: coverage, labels: { project: 'checkout-service', coverage_type: 'line' }, values: '85x12' },
      ],
      // The last report is at 1h; the day's range (t-1d, t] leaves it out from 25h; `for` 1h: 26h.
      firesAt: '26h',
      expected: [
        {
          labels: {},
          summary: `No coverage report has arrived in ${spokenDuration(ONE_DAY.ms, 'hour')}`,
          description: `No agent has reported test coverage in ${lastSpan(ONE_DAY.ms, 'hour')}, for ${spokenDuration(REPORTS_MISSING_FOR)}: CoverageDecline cannot fire without it. Check the coverage analyzer agents.`,
        },
      ],
    },
  ],
});

export const META_RULES: RuleFile = {
  name: 'meta',
  groups: [
    {
      name: 'aqe-meta-monitoring',
      // As often as the fleet's own alerts: CollectorDown must page within its minute.
      interval: '15s',
      rules: [
        watchdog,
        collectorDown,
        telemetryTargetDown,
        telemetryExportFailing,
        labelValuesRejected,
        collectorLosingData,
        prometheusRuleFailures,
        prometheusNotificationsFailing,
        prometheusConfigOrStorageFailing,
        alertmanagerNotificationsFailing,
        headSeriesOverBudget,
      ],
    },
  ],
};

/** QE signals judged over a day: evaluated every 5 minutes, which is plenty for "nothing in 24 hours". */
export const QE_SIGNAL_RULES: RuleFile = {
  name: 'qe-signals',
  groups: [{ name: 'aqe-qe-signals', interval: '5m', rules: [securityScansMissing, coverageReportsMissing] }],
};
