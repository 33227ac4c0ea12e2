import type { Label, MetricDefinition } from '../schema/define';
import { formatDuration, parseDuration } from '../core/duration';
import type { PromQL, RecordingRule, SeriesRef } from '../core/promql';
import type { ReportName } from '../core/reports';
import { PANELS, type DashboardName, type PanelKey } from '../core/dashboard-uids';

/** Durations as rules/ reads and writes them; the rest of rules/ takes them from here. */
export { formatDuration, parseDuration };
/**
 * The PromQL vocabulary (core/promql.ts), re-exported because rule authors (and
 * docs/custom-metrics.md) import everything a rule file needs from this one module.
 */
export { bucket, count, promql, rawPromql, scaleDuration, seconds, sum, window } from '../core/promql';
export type { PromQL, RecordingRule, SeriesRef, Window } from '../core/promql';

/**
 * The vocabulary of rules/: PromQL built from schema handles, recording rules, alerts
 * with their test cases, rule files, channels and schedules. Plain data; validated and
 * resolved by generators/alerting-model.ts.
 */

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
  /**
   * Spec 11.1: it reaches its receiver within 30 s of the event it reports (docs/alerting.md,
   * "Delivery within 30 seconds"), so its group's interval is a hop of that budget, checked
   * when generating. For critical alerts that fire at once (`for: '0s'`) on an event; not for
   * burn rates, which measure a duration, or alerts that wait on purpose.
   * @default false
   */
  readonly withinDeliveryBudget?: boolean;
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

/** A link to a panel whose id is declared in core/dashboard-uids.ts. */
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

/**
 * Deployment facts the generated configs need, as far as rules/ declares them. Secrets are
 * never here: only file paths. Where Prometheus finds the collector and Alertmanager replicas
 * comes from deploy/config.ts, filled in by generators/resolve-settings.ts.
 */
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
    /** DNS name of the headless Service in front of agents' own Prometheus endpoints. */
    readonly agentsDnsName: string;
    readonly agentsPort: number;
    /**
     * Remote write to a long-term store. Set it in deploy/config.ts `prometheus.remoteWrite`,
     * which the manifests read too; here only to try another store without the manifests.
     * @default deploy/config.ts prometheus.remoteWrite
     */
    readonly remoteWrite?: { readonly url: string; readonly tenant?: string };
  };
}
