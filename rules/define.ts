import type { Label, MetricDefinition } from '../schema/define';
import { formatDuration, parseDuration } from '../generators/duration';
import { prometheusName } from '../generators/prometheus-name';
import { PANELS, type DashboardName, type PanelKey } from '../dashboards-src/uids';

/** Durations as rules/ reads and writes them; the rest of rules/ takes them from here. */
export { formatDuration, parseDuration };

/**
 * The vocabulary of rules/: PromQL built from schema handles, recording rules, alerts
 * with their test cases, rule files, channels and schedules. Plain data; validated and
 * resolved by generators/alerting-model.ts.
 */

/** A PromQL expression. Build it with the `promql` tag so names come from handles. */
export interface PromQL {
  /** The expression as production runs it. */
  readonly text: string;
  /**
   * The expression with every time window divided by `timeScale` (60: a minute lasts a
   * second), for local stacks and end-to-end tests that cannot wait an hour for an alert.
   */
  render(timeScale: number): string;
}

/** A time window inside PromQL (`[5m]`, `offset 1h`): compressed with the rest of time locally. */
export interface Window {
  readonly kind: 'window';
  readonly ms: number;
}

/** A window's length as a number of seconds (`rate * ${seconds(FIVE_MINUTES)}` = events in the window). */
export interface WindowSeconds {
  readonly kind: 'window-seconds';
  readonly ms: number;
}

export function window(duration: string): Window {
  const ms = parseDuration(duration);
  if (ms === undefined) throw new Error(`window "${duration}" is not a Prometheus duration`);
  return { kind: 'window', ms };
}

export function seconds(w: Window): WindowSeconds {
  return { kind: 'window-seconds', ms: w.ms };
}

/** A duration divided by the time scale, never under a second (Prometheus' practical floor). */
export function scaleDuration(duration: string, timeScale: number): string {
  const ms = parseDuration(duration);
  if (ms === undefined || timeScale === 1) return duration;
  return ms === 0 ? duration : formatDuration(Math.max(1000, Math.round(ms / timeScale / 1000) * 1000));
}

/** A series name that is not a metric's own name: a histogram's `_bucket`, `_count`, `_sum`. */
export interface SeriesRef {
  readonly kind: 'series';
  readonly name: string;
}

export interface RecordingRule {
  readonly kind: 'recording';
  /** `level:metric:operations`, the Prometheus naming convention. */
  readonly record: string;
  readonly expr: PromQL;
  readonly description: string;
  /** Extra labels on the recorded series (for example `quantile`). */
  readonly labels?: Readonly<Record<string, string>>;
}

type Interpolation = MetricDefinition | RecordingRule | SeriesRef | Label | PromQL | Window | WindowSeconds | string | number;

function nameOf(value: Interpolation, timeScale: number): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if ('render' in value) return value.render(timeScale);
  if ('kind' in value) {
    if (value.kind === 'window') return scaleDuration(formatDuration(value.ms), timeScale);
    if (value.kind === 'window-seconds') return String((parseDuration(scaleDuration(formatDuration(value.ms), timeScale)) ?? 0) / 1000);
    if (value.kind === 'recording') return recordedSelector(value);
    if (value.kind === 'series') return value.name;
    if (value.kind === 'closed' || value.kind === 'open') return value.name;
    // A histogram handle stands for no series of its own: the checker then suggests _bucket.
    return prometheusName(value.name, value.kind);
  }
  return String(value);
}

/**
 * A recording rule's series: its name, plus matchers for its own labels, so the P95 of a
 * rule recorded for three quantiles selects the P95 only.
 */
function recordedSelector(rule: RecordingRule): string {
  const matchers = Object.entries(rule.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return matchers.length > 0 ? `${rule.record}{${matchers.join(',')}}` : rule.record;
}

/**
 * PromQL with names taken from handles: a metric becomes its Prometheus name, a
 * recording rule its record name, a label its name.
 *
 * @example
 * promql`sum by (${agentType}) (rate(${agentErrors}[5m]))`
 */
export function promql(strings: TemplateStringsArray, ...values: Interpolation[]): PromQL {
  const render = (timeScale: number) => strings.reduce((out, s, i) => out + s + (i < values.length ? nameOf(values[i]!, timeScale) : ''), '');
  return { text: render(1), render };
}

/** PromQL written as plain text, with no handle or window in it (tests of rejection use it). */
export function rawPromql(text: string): PromQL {
  return { text, render: () => text };
}

const histogramSeries = (metric: MetricDefinition, suffix: string): SeriesRef => ({
  kind: 'series',
  name: `${prometheusName(metric.name, metric.kind)}${suffix}`,
});
/** A histogram's bucket series (`..._bucket`, with `le`). */
export const bucket = (metric: MetricDefinition) => histogramSeries(metric, '_bucket');
/** A histogram's observation count series (`..._count`). */
export const count = (metric: MetricDefinition) => histogramSeries(metric, '_count');
/** A histogram's observation sum series (`..._sum`). */
export const sum = (metric: MetricDefinition) => histogramSeries(metric, '_sum');

export function recording(def: Omit<RecordingRule, 'kind'>): RecordingRule {
  return { kind: 'recording', ...def };
}

export type Severity = 'critical' | 'warning' | 'info';

/**
 * `webhook`: Alertmanager's generic webhook (an incident tool, a chat bridge); its URL is
 * secret and read from `<secretsDir>/<name>-webhook-url` (`url_file`).
 */
export type ChannelKind = 'pagerduty' | 'slack' | 'email' | 'webhook';

/** Where alerts are delivered: an Alertmanager receiver. Secrets come from files only. */
export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  readonly description: string;
  /** Slack channel (`#aqe-critical`) or e-mail address. */
  readonly destination?: string;
  /**
   * Tell the channel when an alert resolves. Off for a channel whose incidents people must
   * close (an alert about an event, such as a new finding, resolves by itself minutes later,
   * whether or not anyone looked). Never sent to e-mail. @default true
   */
  readonly sendResolved?: boolean;
}

export function channel(def: Channel): Channel {
  return def;
}

/** One input series of an alert test: a schema metric (or histogram series), its labels, its values. */
export interface TestSeries {
  readonly metric: MetricDefinition | SeriesRef;
  readonly labels: Readonly<Record<string, string>>;
  /** promtool's expanding notation: `0+10x30` is 0, 10, 20, ... 31 samples. */
  readonly values: string;
}

export interface ExpectedAlert {
  /** Labels of the firing alert besides alertname and severity. */
  readonly labels: Readonly<Record<string, string>>;
  /** The rendered summary and description, as the receiver will read them. */
  readonly summary: string;
  readonly description: string;
}

/** The alert must be firing at `firesAt` and not yet at one interval before. */
export interface FiringCase {
  /** A sentence: what situation this is. */
  readonly name: string;
  /** Sample interval of the series, and the evaluation interval of the test. @default '1m' */
  readonly interval?: string;
  readonly series: readonly TestSeries[];
  readonly firesAt: string;
  readonly expected: readonly ExpectedAlert[];
}

/** A situation where the alert must stay quiet, such as low traffic. */
export interface QuietCase {
  readonly name: string;
  readonly interval?: string;
  readonly series: readonly TestSeries[];
  /** Evaluation times at which no alert may fire. */
  readonly quietAt: readonly string[];
}

export interface AlertRule {
  readonly kind: 'alert';
  /** CamelCase. */
  readonly name: string;
  readonly expr: PromQL;
  /** How long the condition must hold before the alert fires (`0s`: at once). */
  readonly for: string;
  readonly severity: Severity;
  /** Go template over `$labels` and `$value`. */
  readonly summary: string;
  readonly description: string;
  /** File name under docs/runbooks/, without `.md`; generation fails if it does not exist. */
  readonly runbook: string;
  /** The dashboard panel that explains the alert: `panelLink('developer', 'errorRate')`. */
  readonly dashboard: PanelLink;
  readonly channels: readonly Channel[];
  readonly firing: readonly FiringCase[];
  readonly quiet?: readonly QuietCase[];
}

/** A dashboard, and the panel in it, that an alert links to. */
export interface PanelLink {
  readonly dashboard: DashboardName;
  readonly panelId?: number;
}

/** A link to a panel whose id is declared in dashboards-src/uids.ts. */
export function panelLink<D extends DashboardName>(dashboard: D, panel?: PanelKey<D>): PanelLink {
  const panels = PANELS[dashboard] as Record<string, number>;
  return panel === undefined ? { dashboard } : { dashboard, panelId: panels[panel as string] };
}

export function alert(def: Omit<AlertRule, 'kind'>): AlertRule {
  return { kind: 'alert', ...def };
}

export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval of the group. */
  readonly interval: string;
  readonly rules: readonly (RecordingRule | AlertRule)[];
}

/** One `out/prometheus/rules/<name>.rules.yaml` and its `out/prometheus/tests/<name>.test.yaml`. */
export interface RuleFile {
  readonly name: string;
  readonly groups: readonly RuleGroup[];
}

/** The reports `aqe telemetry report <name>` renders (cli/report/). */
export const REPORT_NAMES = ['daily', 'weekly'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
/** The variable `aqe telemetry report` reads its webhook URL from; the report CronJobs set it from a Secret. */
export const REPORT_WEBHOOK_ENV = 'AQE_REPORT_WEBHOOK_URL';
/** The variables `aqe telemetry report --email` reads its SMTP account from; the CronJobs of e-mail channels set them. */
export const REPORT_SMTP_ENV = {
  smarthost: 'SMTP_SMARTHOST',
  from: 'SMTP_FROM',
  username: 'SMTP_USERNAME',
  password: 'SMTP_PASSWORD',
  requireTls: 'SMTP_REQUIRE_TLS',
} as const;

/** A report sent on a schedule rather than an alert: run by a Kubernetes CronJob with the CLI. */
export interface Schedule {
  readonly name: string;
  /** Five-field cron, in the cluster's time zone. */
  readonly cron: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly channel: Channel;
  /** The report the CLI renders (`aqe telemetry report <report>`). */
  readonly report: ReportName;
}

export interface Heartbeat {
  readonly alert: AlertRule;
  readonly channel: Channel;
  /** How often the switch hears from Alertmanager; set the switch to page after a few of these are missed. */
  readonly every: string;
}

/** A critical alert silences the warnings it explains, for the same values of `equal`. */
export interface Inhibition {
  readonly source: AlertRule;
  readonly targets: readonly AlertRule[];
  readonly equal: readonly Label[];
  readonly why: string;
}

export interface SeverityTiming {
  /** Wait before the first notification of a new group, to batch alerts that fire together. */
  readonly groupWait: string;
  /** Wait before notifying about new alerts added to a group already notified. */
  readonly groupInterval: string;
  /** Wait before repeating a notification that is still firing. */
  readonly repeatInterval: string;
}

/** Everything rules/ declares; what generators/alerting-model.ts takes in. */
export interface Rules {
  readonly files: readonly RuleFile[];
  readonly channels: readonly Channel[];
  /** Receives what no channel route takes. */
  readonly defaultChannel: Channel;
  /**
   * Receives a critical alert no channel route takes (an alert someone added without
   * channels, or one from another rule source): a critical alert must page, not sit in chat.
   */
  readonly unroutedCriticalChannel: Channel;
  readonly groupBy: readonly Label[];
  readonly timing: Readonly<Record<Severity, SeverityTiming>>;
  /**
   * An always-firing alert delivered to a dead man's switch (an outside service that pages
   * when the notifications stop): the proof that Prometheus evaluates and Alertmanager delivers.
   */
  readonly heartbeat?: Heartbeat;
  readonly inhibitions: readonly Inhibition[];
  readonly schedules: readonly Schedule[];
  readonly settings: AlertingSettings;
}

/** Deployment facts the generated configs need. Secrets are never here: only file paths. */
export interface AlertingSettings {
  /** Where docs/runbooks/ can be read in a browser; runbook_url = this + `/<runbook>.md`. */
  readonly runbookBaseUrl: string;
  readonly grafanaBaseUrl: string;
  /** Directory where the Alertmanager pod mounts the receiver secrets (a Kubernetes Secret). */
  readonly secretsDir: string;
  readonly smtp: { readonly smarthost: string; readonly from: string; readonly username: string };
  /** PagerDuty's Events API v2 endpoint (`https://events.eu.pagerduty.com/v2/enqueue` for EU accounts). */
  readonly pagerdutyEventsUrl: string;
  readonly prometheus: {
    readonly scrapeInterval: string;
    readonly evaluationInterval: string;
    /** DNS name resolving to every collector replica (a headless Service), and the exporter port. */
    readonly collectorDnsName: string;
    readonly collectorPort: number;
    /** Port of the collector's own metrics (`service.telemetry`), on the same replicas. */
    readonly collectorTelemetryPort: number;
    /** DNS name resolving to every Alertmanager replica (a headless Service), and their API port. */
    readonly alertmanagerDnsName: string;
    readonly alertmanagerPort: number;
    /** DNS name of the headless Service in front of agents' own Prometheus endpoints. */
    readonly agentsDnsName: string;
    readonly agentsPort: number;
    /** Remote write to a long-term store (deploy/config.ts `prometheus.remoteWrite`). */
    readonly remoteWrite?: { readonly url: string; readonly tenant?: string };
  };
}
