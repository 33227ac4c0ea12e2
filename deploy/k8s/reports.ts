import { Cron, Duration, type Chart } from 'cdk8s';
import { ConcurrencyPolicy, CronJob, EnvValue, Secret, ServiceAccount, Volume } from 'cdk8s-plus-27';
import type { ChannelKind } from '../../rules/define';
import { labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';

/**
 * The scheduled reports of rules/ (out/schedules.json) as CronJobs running the CLI:
 * `telemetry report <report> --channel <channel> --prometheus <url>` is the contract with
 * the CLI. Runs never overlap; a run the controller starts late (up to 15 min) still runs.
 */

/** The `app.kubernetes.io/name` of the report pods: network-policies.ts lets them query Prometheus. */
export const REPORTS_NAME = 'aqe-reports';

/** The Secret key (same names as the Alertmanager receivers use) and the variable the CLI reads it from. */
const CHANNEL_SECRET: Readonly<Record<ChannelKind, { readonly suffix: string; readonly env: string } | undefined>> = {
  email: { suffix: 'smtp-password', env: 'SMTP_PASSWORD' },
  slack: { suffix: 'webhook-url', env: 'SLACK_WEBHOOK_URL' },
  pagerduty: undefined, // a report is not an incident
};

export function addReports(chart: Chart, context: StackContext): void {
  const { config, alerting } = context;
  const labels = labelsFor(REPORTS_NAME);
  const serviceAccount = new ServiceAccount(chart, 'reports-sa', { metadata: { name: REPORTS_NAME, labels }, automountToken: false });
  const secret = Secret.fromSecretName(chart, 'receivers-secret', config.alertmanagerSecret);
  const { smtp } = alerting.settings;

  for (const schedule of alerting.schedules) {
    const channel = alerting.channels.find((c) => c.name === schedule.channel);
    const secretUse = channel && CHANNEL_SECRET[channel.kind];
    if (!secretUse) throw new Error(`schedule ${schedule.name}: channel ${schedule.channel} is not an e-mail or Slack channel`);
    const env: Record<string, EnvValue> = { [secretUse.env]: EnvValue.fromSecretValue({ secret, key: `${schedule.channel}-${secretUse.suffix}` }) };
    if (channel.kind === 'email') {
      // The same SMTP account the Alertmanager sends from (rules/settings.ts).
      Object.assign(env, { SMTP_SMARTHOST: EnvValue.fromValue(smtp.smarthost), SMTP_FROM: EnvValue.fromValue(smtp.from), SMTP_USERNAME: EnvValue.fromValue(smtp.username) });
    }

    const [minute, hour, day, month, weekDay] = cronFields(schedule.cron, schedule.name);
    new CronJob(chart, `report-${schedule.report}`, {
      metadata: { name: `report-${schedule.report}`, labels },
      podMetadata: { labels: { ...labels, 'app.kubernetes.io/component': schedule.report } },
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
            args: ['telemetry', 'report', schedule.report, '--channel', schedule.channel, '--prometheus', 'http://prometheus:9090'],
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
          volumeMounts: [{ path: '/tmp', volume: Volume.fromEmptyDir(chart, `report-${schedule.report}-tmp`, 'tmp') }],
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
