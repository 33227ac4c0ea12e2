import type { DeployConfig } from '../config';

/**
 * A channel as the report CronJobs deliver to it. `kind` is rules/define.ts ChannelKind;
 * a string here, since deploy/ does not import rules/.
 */
export interface StackChannel {
  readonly name: string;
  readonly kind: string;
  readonly destination?: string;
}

/** The SMTP account the Alertmanager sends from, which the report CronJobs send from too. */
export interface StackSmtp {
  readonly smarthost: string;
  readonly from: string;
  readonly username: string;
}

/**
 * What the manifests read of the resolved alerting model. Declared here, and only as much
 * as is read, because deploy/ sits below generators/: the generators' AlertingModel
 * (generators/alerting-types.ts) fits it as it is.
 */
export interface StackAlerting {
  readonly files: readonly { readonly name: string }[];
  readonly alerts: readonly { readonly name: string }[];
  readonly channels: readonly StackChannel[];
  readonly schedules: readonly { readonly name: string; readonly cron: string; readonly channel: string; readonly report: string }[];
  readonly settings: {
    readonly secretsDir: string;
    readonly smtp: StackSmtp;
    readonly prometheus: { readonly scrapeInterval: string };
  };
}

/** What every part of the stack is built from: the deploy config, and the other generated files. */
export interface StackContext {
  readonly config: DeployConfig;
  /** out/ files generated before the manifests, by path (`prometheus/prometheus.yaml`): ConfigMaps carry them verbatim. */
  readonly files: ReadonlyMap<string, string>;
  readonly alerting: StackAlerting;
}

/** The content of a generated file, or a clear error when a part asks for one that is not generated. */
export function fileContent(context: StackContext, path: string): string {
  const content = context.files.get(path);
  if (content === undefined) throw new Error(`the manifests need out/${path}, which no generator produced`);
  return content;
}

/** Every generated file under a directory of out/, keyed by file name (ConfigMap keys). */
export function filesUnder(context: StackContext, dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, content] of context.files) {
    if (path.startsWith(`${dir}/`) && !path.slice(dir.length + 1).includes('/')) out[path.slice(dir.length + 1)] = content;
  }
  return out;
}

/** Labels every object of the stack carries. */
export function labelsFor(component: string): Record<string, string> {
  return { 'app.kubernetes.io/name': component, 'app.kubernetes.io/part-of': 'aqe-observability', 'app.kubernetes.io/managed-by': 'aqe-telemetry' };
}
