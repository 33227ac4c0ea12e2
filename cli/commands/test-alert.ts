import { randomUUID } from 'node:crypto';
import type { Command } from '../command';
import { EXIT, FailedError, UsageError } from '../errors';
import { flagValue, oneOf, positiveNumber } from '../flags';
import { isWebPage, request, requestJson, unexpectedAnswer } from '../http';

export const LEVELS = ['critical', 'warning', 'info'] as const;
export const TEST_ALERT_NAME = 'AqeTestAlert';
/** The synthetic alert resolves by itself after this long. */
const TEST_ALERT_LIFETIME_MS = 5 * 60_000;
const FLAGS = { level: oneOf(LEVELS), timeout: positiveNumber('seconds') };

interface GettableAlert {
  readonly labels: Record<string, string>;
  readonly receivers?: readonly { readonly name: string }[];
  readonly status?: { readonly state?: string };
}

export interface TestAlertResult {
  readonly alertname: string;
  readonly severity: string;
  readonly testId: string;
  readonly receivers: readonly string[];
  readonly state: string;
  /** From posting the alert to Alertmanager listing it with its receivers. */
  readonly elapsedMs: number;
}

export const testAlert: Command = {
  name: 'test-alert',
  summary: 'post a synthetic alert to Alertmanager and report where it was routed',
  usage: [
    `--level critical|warning|info (required) posts ${TEST_ALERT_NAME} with that severity to`,
    "Alertmanager's /api/v2/alerts, then reads it back and prints the receivers Alertmanager routed",
    'it to and how long that took. It resolves by itself after 5 minutes. --timeout <seconds> (default 10)',
    'bounds the wait. Exit 1 when Alertmanager does not list it in time, 3 when it is unreachable.',
  ].join('\n'),
  arguments: [],
  options: { level: { type: 'string', short: 'l' }, timeout: { type: 'string' } },
  flags: FLAGS,
  async run(context, _positionals, values) {
    const level = flagValue(values, 'level', FLAGS.level);
    if (level === undefined) throw new UsageError(`test-alert needs --level ${LEVELS.join('|')}`);
    const timeoutS = flagValue(values, 'timeout', FLAGS.timeout) ?? 10;

    const result = await sendTestAlert(context.config, level, timeoutS * 1000);
    if (context.json) context.io.out(JSON.stringify(result, null, 2) + '\n');
    else {
      const receivers = result.receivers.length === 0 ? context.paint.bad('no receiver') : context.paint.ok(result.receivers.join(', '));
      context.io.out(`${result.alertname} (severity=${result.severity}, test_id=${result.testId}) routed to: ${receivers} in ${result.elapsedMs} ms (state ${result.state})\n`);
    }
    return result.receivers.length > 0 ? EXIT.ok : EXIT.failed;
  },
};

export async function sendTestAlert(config: Parameters<typeof request>[0], severity: string, timeoutMs: number): Promise<TestAlertResult> {
  const testId = randomUUID();
  const labels = { alertname: TEST_ALERT_NAME, severity, source: 'aqe-telemetry-cli', test_id: testId };
  const started = Date.now();
  const body = JSON.stringify([
    {
      labels,
      annotations: { summary: `Test alert from \`aqe telemetry test-alert\` (${severity}): ignore it`, description: 'Checks the routing of Alertmanager end to end; resolves by itself.' },
      startsAt: new Date(started).toISOString(),
      endsAt: new Date(started + TEST_ALERT_LIFETIME_MS).toISOString(),
    },
  ]);
  const posted = await request(config, 'alertmanager', '/api/v2/alerts', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (isWebPage(posted)) throw unexpectedAnswer('Alertmanager', config.alertmanager.url, '/api/v2/alerts', posted, "Alertmanager's answer to a posted alert");
  if (!posted.ok) throw new FailedError(`Alertmanager refused the test alert: ${posted.status} ${posted.text.trim().slice(0, 200)}`);

  const filter = new URLSearchParams();
  filter.append('filter', `alertname="${TEST_ALERT_NAME}"`);
  filter.append('filter', `test_id="${testId}"`);
  for (;;) {
    const alerts = await requestJson<GettableAlert[]>(config, 'alertmanager', `/api/v2/alerts?${filter}`, {}, Array.isArray, "Alertmanager's list of alerts (a JSON array)");
    const alert = alerts.find((a) => a.labels.test_id === testId);
    if (alert) {
      return { alertname: TEST_ALERT_NAME, severity, testId, receivers: (alert.receivers ?? []).map((r) => r.name), state: alert.status?.state ?? 'unknown', elapsedMs: Date.now() - started };
    }
    if (Date.now() - started > timeoutMs) throw new FailedError(`Alertmanager accepted the test alert but did not list it within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
