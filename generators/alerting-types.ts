import type { ChannelKind, Severity, SeverityTiming, AlertingSettings } from '../rules/define';

/** The resolved alerting model: rules/ validated against the schema, with every name computed. */

export interface ResolvedRecording {
  readonly kind: 'recording';
  readonly record: string;
  readonly expr: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly description: string;
  /** Labels the recorded series carries. */
  readonly outputLabels: readonly string[];
}

export interface ResolvedTestCase {
  readonly name: string;
  readonly interval: string;
  /** `name{label="value",...}` and promtool values. */
  readonly series: readonly { readonly series: string; readonly values: string }[];
  readonly checks: readonly {
    readonly at: string;
    readonly alerts: readonly { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> }[];
  }[];
}

export interface ResolvedAlert {
  readonly kind: 'alert';
  readonly name: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly channels: readonly string[];
  readonly outputLabels: readonly string[];
  /** The dashboard (and panel) the `dashboard` annotation opens; checked against the dashboards. */
  readonly dashboardLink: { readonly uid: string; readonly panelId?: number };
  readonly tests: readonly ResolvedTestCase[];
}

export interface ResolvedRuleFile {
  readonly name: string;
  /** Evaluation interval of the file's promtool tests: its groups' own. */
  readonly evaluationInterval: string;
  readonly groups: readonly {
    readonly name: string;
    readonly interval: string;
    readonly rules: readonly (ResolvedRecording | ResolvedAlert)[];
  }[];
}

export interface ResolvedChannel {
  readonly name: string;
  readonly kind: ChannelKind;
  readonly description: string;
  readonly destination?: string;
  readonly sendResolved: boolean;
}

export interface AlertingModel {
  readonly files: readonly ResolvedRuleFile[];
  readonly alerts: readonly ResolvedAlert[];
  readonly channels: readonly ResolvedChannel[];
  readonly defaultChannel: string;
  /** Where a critical alert no channel route takes goes. */
  readonly unroutedCriticalChannel: string;
  readonly groupBy: readonly string[];
  readonly timing: Readonly<Record<Severity, SeverityTiming>>;
  readonly heartbeat?: { readonly alert: string; readonly channel: string; readonly every: string };
  readonly inhibitions: readonly { readonly source: string; readonly targets: readonly string[]; readonly equal: readonly string[]; readonly why: string }[];
  readonly schedules: readonly {
    readonly name: string;
    readonly cron: string;
    readonly severity: Severity;
    readonly summary: string;
    readonly channel: string;
    readonly report: string;
  }[];
  readonly settings: AlertingSettings;
}
