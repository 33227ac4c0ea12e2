import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { App, Chart } from 'cdk8s';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { Io } from '../../cli/output';
import { DEPLOY } from '../../deploy/config';
import { addReports } from '../../deploy/k8s/reports';
import { resolveAlerting } from '../../generators/alerting-model';
import { buildModel } from '../../generators/model';
import { readSources } from '../../generators/sources';
import { CHANNELS } from '../../rules/channels';
import { SETTINGS } from '../../rules/settings';

/**
 * The contract between the report CronJobs (deploy/k8s/reports.ts) and the CLI: the
 * generated CronJob args, after Kubernetes' `$(VAR)` expansion from the container's env,
 * are parsed by the CLI's own main() (`--dry-run` checks everything and queries nothing),
 * and name the report and schedule of out/schedules.json.
 */

const ROOT = resolve(__dirname, '../..');
const manifests = loadAll(readFileSync(resolve(ROOT, 'out/k8s/base/reports.k8s.yaml'), 'utf8')) as any[];
const cronJobs = manifests.filter((m) => m?.kind === 'CronJob');
const schedules = JSON.parse(readFileSync(resolve(ROOT, 'out/schedules.json'), 'utf8')).schedules as { name: string; cron: string; report: string; channel: string }[];

async function cli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false, env };
  return { code: await main(args, io), stdout, stderr };
}

/** What the kubelet does to `args`: `$(NAME)` becomes the value of the container's variable NAME, if it has one. */
function expand(args: readonly string[], env: Readonly<Record<string, string>>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => env[name] ?? whole));
}

describe('report CronJobs and the CLI', () => {
  it('there is one CronJob per schedule, on its cron, in UTC', () => {
    expect(cronJobs).toHaveLength(schedules.length);
    for (const schedule of schedules) {
      const job = cronJobs.find((j) => j.spec.jobTemplate.spec.template.spec.containers[0].args.includes(schedule.report));
      expect(job, schedule.name).toBeDefined();
      expect(job.spec.schedule).toBe(schedule.cron);
      expect(job.spec.timeZone).toBe('Etc/UTC');
    }
  });

  for (const schedule of schedules) {
    it(`${schedule.name}: the CLI accepts the CronJob's args and environment, and delivers the ${schedule.report} report to ${schedule.channel}`, async () => {
      const job = cronJobs.find((j) => j.spec.jobTemplate.spec.template.spec.containers[0].args.includes(schedule.report))!;
      const container = job.spec.jobTemplate.spec.template.spec.containers[0];
      const channel = CHANNELS.find((c) => c.name === schedule.channel)!;
      // The container's environment as the kubelet sets it, a made-up value for each secret.
      const env: Record<string, string> = {};
      const secretKeys: string[] = [];
      for (const variable of container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string } } }[]) {
        if (variable.valueFrom?.secretKeyRef) secretKeys.push(variable.valueFrom.secretKeyRef.key);
        env[variable.name] = variable.value ?? `https://hooks.example.com/${schedule.channel}/secret-token`;
      }
      for (const name of [...(container.args as string[]).join(' ').matchAll(/\$\((\w+)\)/g)].map((m) => m[1]!)) expect(Object.keys(env)).toContain(name);

      const run = await cli([...expand(container.args, env), '--dry-run', '--json'], env);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const plan = JSON.parse(run.stdout);
      expect(plan).toMatchObject({ report: schedule.report, prometheus: 'http://prometheus:9090' });
      if (channel.kind === 'email') {
        expect(plan.email).toEqual({ to: [channel.destination], smtp: SETTINGS.smtp.smarthost, from: SETTINGS.smtp.from, login: true });
        expect(secretKeys).toEqual([`${channel.name}-smtp-password`]);
      } else {
        expect(plan.webhook).toEqual({ url: 'https://hooks.example.com/…', from: '--webhook' });
        expect(secretKeys).toEqual([`${channel.name}-webhook-url`]);
      }
    });
  }

  it('an e-mail CronJob without its SMTP account fails as a usage error (exit 2), not by printing to its log', async () => {
    const args = cronJobs[0].spec.jobTemplate.spec.template.spec.containers[0].args as string[];
    expect(args).toContain('--email');
    const run = await cli([...args, '--dry-run'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --email needs SMTP_SMARTHOST (host:port) and SMTP_FROM in the environment\n');
  });

  it('a webhook variable Kubernetes could not expand fails as a usage error (exit 2)', async () => {
    const run = await cli(['report', 'daily', '--webhook', '$(AQE_REPORT_WEBHOOK_URL)', '--dry-run'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: --webhook: not an http(s) URL\n');
  });

  it('a schedule on a Slack channel posts to its incoming webhook, and the CLI accepts that too', async () => {
    const sources = readSources(ROOT);
    const { alerting } = resolveAlerting(buildModel(sources.schema), sources.rules, sources.runbooks);
    const onSlack = { ...alerting, schedules: [{ ...alerting.schedules[0]!, channel: 'slack-qa' }] };
    const chart = new Chart(new App(), 'reports', { namespace: DEPLOY.namespace, disableResourceNameHashes: true });
    addReports(chart, { config: DEPLOY, files: new Map(), alerting: onSlack });
    const container = chart.toJson().find((m: any) => m.kind === 'CronJob').spec.jobTemplate.spec.template.spec.containers[0];
    expect(container.args.slice(-2)).toEqual(['--webhook', '$(AQE_REPORT_WEBHOOK_URL)']);
    expect(container.env).toEqual([{ name: 'AQE_REPORT_WEBHOOK_URL', valueFrom: { secretKeyRef: { key: 'slack-qa-webhook-url', name: DEPLOY.alertmanagerSecret } } }]);
    const run = await cli([...expand(container.args, { AQE_REPORT_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/secret' }), '--dry-run', '--json'], {});
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).webhook).toEqual({ url: 'https://hooks.slack.com/…', from: '--webhook' });
  });
});
