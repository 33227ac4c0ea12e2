import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sources } from '../generators/generate';
import { notificationSink, startHttpReceivers, type Notification } from './receivers';
import { startSmtpReceiver } from './smtp-receiver';

/**
 * Everything the generated Alertmanager receivers talk to, on loopback: the Slack, PagerDuty
 * and webhook fakes, the SMTP relay, and a secrets folder holding each receiver's secret file
 * as the Kubernetes Secret would (the fakes' URLs, a routing key per PagerDuty channel, the
 * SMTP password). The overrides to render Alertmanager's config with are in `overrides`.
 */
export interface RunningReceivers {
  readonly notifications: readonly Notification[];
  readonly overrides: { readonly secretsDir: string; readonly pagerdutyEventsUrl: string; readonly smtpSmarthost: string };
  /** For Alertmanager's environment: it must trust the SMTP relay's certificate. */
  readonly alertmanagerEnv: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export async function startReceivers(sources: Sources, onNotification?: (n: Notification) => void): Promise<RunningReceivers> {
  const sink = notificationSink(onNotification);
  const http = await startHttpReceivers(sink);
  const smtpPassword = randomBytes(12).toString('hex');
  const emailChannels = new Map(sources.rules.channels.filter((c) => c.kind === 'email').map((c) => [c.destination ?? '', c.name]));
  const smtp = await startSmtpReceiver(sink, { user: sources.rules.settings.smtp.username, password: smtpPassword }, (to) => emailChannels.get(to) ?? `unknown-recipient:${to}`).catch(async (error: unknown) => {
    await http.stop();
    throw error;
  });
  const secretsDir = mkdtempSync(join(tmpdir(), 'aqe-secrets-'));
  for (const channel of sources.rules.channels) {
    const file = (what: string, content: string) => writeFileSync(join(secretsDir, `${channel.name}-${what}`), content, { mode: 0o600 });
    if (channel.kind === 'slack') file('webhook-url', `${http.url}/slack/${channel.name}`);
    if (channel.kind === 'webhook') file('webhook-url', `${http.url}/webhook/${channel.name}`);
    if (channel.kind === 'email') file('smtp-password', smtpPassword);
    if (channel.kind === 'pagerduty') {
      const key = randomBytes(16).toString('hex');
      http.pagerdutyKeys.set(channel.name, key);
      file('routing-key', key);
    }
  }
  return {
    notifications: sink.notifications,
    overrides: { secretsDir, pagerdutyEventsUrl: `${http.url}/pagerduty/v2/enqueue`, smtpSmarthost: smtp.smarthost },
    alertmanagerEnv: { SSL_CERT_FILE: smtp.caFile },
    stop: async () => {
      await Promise.allSettled([http.stop(), smtp.stop()]);
      rmSync(secretsDir, { recursive: true, force: true });
    },
  };
}
