import { Cron, Duration, type Chart } from 'cdk8s';
import { ConcurrencyPolicy, CronJob, EnvValue, Secret, ServiceAccount, Volume, type ISecret } from 'cdk8s-plus-27';
import { REPORT_SMTP_ENV as SMTP_ENV, REPORT_WEBHOOK_ENV } from '../../core/reports';
import { SERVICES } from '../../core/services';
import { labelsFor, type StackChannel, type StackContext, type StackSmtp } from './context';
import { hardenedContainer } from './hardened';

/**
 * The scheduled reports of rules/ (out/schedules.json) as CronJobs running the CLI; the
 * channel's kind says how the report leaves (test/deploy/report-cronjob.test.ts parses these
 * args with the CLI itself, so the two cannot drift):
 *
 * - e-mail: `telemetry report <daily|weekly> --prometheus <url> --email <address>`, over the
 *   SMTP account the Alertmanager sends from (SMTP_* variables, password from the Secret);
 * - Slack: `... --webhook $(AQE_REPORT_WEBHOOK_URL)`, the channel's incoming webhook from the
 *   Secret. Kubernetes expands `$(VAR)` in args from the container's environment, so the URL
 *   (a secret) never appears in the manifest.
 *
 * Runs never overlap; a run the controller starts late (up to 15 min) still runs.
 */

/** The `app.kubernetes.io/name` of the report pods: network-policies.ts lets them query Prometheus. */
export const REPORTS_NAME = 'aqe-reports';

/** How each kind of channel gets a report: the CLI's delivery flags, and the Secret key and variable it needs. */
function delivery(channel: StackChannel, schedule: string, secret: ISecret, smtp: StackSmtp): { args: string[]; env: Record<string, EnvValue> } {
  switch (channel.kind) {
    case 'email':
      if (!channel.destination) throw new Error(`schedule ${schedule}: e-mail channel ${channel.name} has no destination address`);
      return {
        args: ['--email', channel.destination],
        env: {
          [SMTP_ENV.smarthost]: EnvValue.fromValue(smtp.smarthost),
          [SMTP_ENV.from]: EnvValue.fromValue(smtp.from),
          [SMTP_ENV.username]: EnvValue.fromValue(smtp.username),
          // The same Secret keys the Alertmanager receivers use.
          [SMTP_ENV.password]: EnvValue.fromSecretValue({ secret, key: `${channel.name}-smtp-password` }),
        },
      };
    case 'slack':
      return { args: ['--webhook', `$(${REPORT_WEBHOOK_ENV})`], env: { [REPORT_WEBHOOK_ENV]: EnvValue.fromSecretValue({ secret, key: `${channel.name}-webhook-url` }) } };
    default:
      throw new Error(`schedule ${schedule}: channel ${channel.name} is a ${channel.kind} channel; a report goes to an e-mail or Slack channel`);
  }
}

/** The CLI's arguments for one scheduled report, before the delivery flags. */
export function reportArgs(report: string, prometheusUrl: string): string[] {
  return ['telemetry', 'report', report, '--prometheus', prometheusUrl];
}

/** `DailyQualitySummary` -> `daily-quality-summary`: the CronJob's name part. */
function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

export function addReports(chart: Chart, context: StackContext): void {
  const { config, alerting } = context;
  const labels = labelsFor(REPORTS_NAME);
  const serviceAccount = new ServiceAccount(chart, 'reports-sa', { metadata: { name: REPORTS_NAME, labels }, automountToken: false });
  const secret = Secret.fromSecretName(chart, 'receivers-secret', config.alertmanagerSecret);

  for (const schedule of alerting.schedules) {
    const channel = alerting.channels.find((c) => c.name === schedule.channel);
    if (!channel) throw new Error(`schedule ${schedule.name}: channel ${schedule.channel} is not a channel of rules/channels.ts`);
    const { args, env } = delivery(channel, schedule.name, secret, alerting.settings.smtp);
    const id = kebab(schedule.name);

    const [minute, hour, day, month, weekDay] = cronFields(schedule.cron, schedule.name);
    new CronJob(chart, `report-${id}`, {
      metadata: { name: `report-${id}`, labels },
      podMetadata: { labels: { ...labels, 'app.kubernetes.io/component': id } },
      schedule: Cron.schedule({ minute, hour, day, month, weekDay }),
      // Explicit, rather than whatever zone the controller manager runs in.
      timeZone: 'Etc/UTC',
      concurrencyPolicy: ConcurrencyPolicy.FORBID,
      // cdk8s-plus defaults to 10 s, which skips the run after any controller hiccup.
      startingDeadline: Duration.minutes(15),
      successfulJobsRetained: 3,
      failedJobsRetained: 3,
      // A hung report is killed; what actually bounds it (the probe only checks the runtime).
      activeDeadline: Duration.minutes(15),
      backoffLimit: 2,
      serviceAccount,
      automountServiceAccountToken: false,
      containers: [
        {
          ...hardenedContainer({
            name: 'report',
            image: config.images.cli,
            args: [...reportArgs(schedule.report, `http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}`), ...args],
            cpuMillis: { request: 50, limit: 500 },
            memoryMiB: { request: 128, limit: 256 },
            // The `node` user of the official Node images the CLI image is built on.
            user: 1000,
            ports: [],
            // It serves nothing to probe over HTTP; the policy wants probes on every container.
            probe: { exec: ['node', '-e', '0'] },
          }),
          envVariables: env,
          // The root file system is read-only; Node and the report renderer may need a scratch dir.
          volumeMounts: [{ path: '/tmp', volume: Volume.fromEmptyDir(chart, `report-${id}-tmp`, 'tmp') }],
        },
      ],
    });
  }
}

/** `m h dom mon dow` -> cdk8s Cron fields (it takes no expression string). */
function cronFields(cron: string, name: string): [string, string, string, string, string] {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`schedule ${name}: cron "${cron}" does not have 5 fields`);
  return fields as [string, string, string, string, string];
}
