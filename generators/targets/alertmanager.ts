import type { Severity } from '../../rules/define';
import type { AlertingModel, ResolvedChannel } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/alertmanager/alertmanager.yaml and the routing expectations that
 * `amtool config routes test` checks it against. Routes go by severity first (each with
 * its batching and repeat timing), then fan out to every channel an alert lists. Secrets
 * are read from files (`*_file`): the config itself holds none.
 */

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

const alternation = (names: readonly string[]) => names.join('|');

function secretFile(alerting: AlertingModel, channel: ResolvedChannel, what: string): string {
  return `${alerting.settings.secretsDir}/${channel.name}-${what}`;
}

const SLACK_TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const SLACK_TEXT = [
  '{{ range .Alerts }}*{{ .Annotations.summary }}*',
  '{{ .Annotations.description }}',
  'Runbook: {{ .Annotations.runbook_url }} | Dashboard: {{ .Annotations.dashboard }}',
  '{{ end }}',
].join('\n');

function receiver(alerting: AlertingModel, channel: ResolvedChannel) {
  switch (channel.kind) {
    case 'pagerduty':
      return {
        name: channel.name,
        pagerduty_configs: [
          {
            url: alerting.settings.pagerdutyEventsUrl,
            routing_key_file: secretFile(alerting, channel, 'routing-key'),
            send_resolved: channel.sendResolved,
            severity: '{{ .CommonLabels.severity }}',
            description: '{{ .CommonLabels.alertname }}: {{ .CommonAnnotations.summary }}',
            details: { runbook_url: '{{ .CommonAnnotations.runbook_url }}', dashboard: '{{ .CommonAnnotations.dashboard }}' },
          },
        ],
      };
    case 'slack':
      return {
        name: channel.name,
        slack_configs: [
          {
            api_url_file: secretFile(alerting, channel, 'webhook-url'),
            channel: channel.destination,
            send_resolved: channel.sendResolved,
            title: SLACK_TITLE,
            text: SLACK_TEXT,
          },
        ],
      };
    case 'email':
      return {
        name: channel.name,
        email_configs: [
          {
            to: channel.destination,
            auth_password_file: secretFile(alerting, channel, 'smtp-password'),
            send_resolved: false,
          },
        ],
      };
    case 'webhook':
      return {
        name: channel.name,
        // url_file (Alertmanager 0.26+): the URL often carries a token, so it is a secret.
        webhook_configs: [{ url_file: secretFile(alerting, channel, 'webhook-url'), send_resolved: channel.sendResolved }],
      };
  }
}

/** Where an alert of this severity goes when no channel route takes it: a critical one must page. */
function fallbackReceiver(alerting: AlertingModel, severity: Severity): string {
  return severity === 'critical' ? alerting.unroutedCriticalChannel : alerting.defaultChannel;
}

/** The receivers each alert reaches, in the order Alertmanager walks the routes. */
export function expectedReceivers(alerting: AlertingModel): { alert: string; severity: Severity; receivers: string[] }[] {
  return alerting.alerts.map((a) => ({
    alert: a.name,
    severity: a.severity,
    receivers: alerting.channels.filter((c) => a.channels.includes(c.name)).map((c) => c.name),
  }));
}

export function generateAlertmanager(alerting: AlertingModel): GeneratedFile[] {
  const { timing, settings } = alerting;
  const routes = SEVERITIES.map((severity) => {
    const alerts = alerting.alerts.filter((a) => a.severity === severity);
    return {
      matchers: [`severity="${severity}"`],
      receiver: fallbackReceiver(alerting, severity),
      group_wait: timing[severity].groupWait,
      group_interval: timing[severity].groupInterval,
      repeat_interval: timing[severity].repeatInterval,
      routes: alerting.channels
        .map((channel) => ({ channel, names: alerts.filter((a) => a.channels.includes(channel.name)).map((a) => a.name) }))
        .filter(({ names }) => names.length > 0)
        .map(({ channel, names }) => ({ receiver: channel.name, matchers: [`alertname=~"${alternation(names)}"`], continue: true })),
    };
  });

  // The heartbeat first, and alone: at its own pace, to its switch only, never batched with
  // or inhibited by anything else.
  const heartbeat = alerting.heartbeat
    ? [{ matchers: [`alertname="${alerting.heartbeat.alert}"`], receiver: alerting.heartbeat.channel, group_wait: '0s', group_interval: alerting.heartbeat.every, repeat_interval: alerting.heartbeat.every }]
    : [];

  const config = {
    global: {
      resolve_timeout: '5m',
      smtp_smarthost: settings.smtp.smarthost,
      smtp_from: settings.smtp.from,
      smtp_auth_username: settings.smtp.username,
      smtp_require_tls: true,
    },
    route: {
      receiver: alerting.defaultChannel,
      group_by: ['alertname', ...alerting.groupBy],
      group_wait: timing.warning.groupWait,
      group_interval: timing.warning.groupInterval,
      repeat_interval: timing.warning.repeatInterval,
      routes: [...heartbeat, ...routes],
    },
    inhibit_rules: alerting.inhibitions.map((i) => ({
      source_matchers: [`alertname="${i.source}"`],
      target_matchers: [`alertname=~"${alternation(i.targets)}"`],
      equal: i.equal,
    })),
    receivers: alerting.channels.map((c) => receiver(alerting, c)),
  };

  const expectations = {
    cases: [
      ...expectedReceivers(alerting).map((e) => ({
        name: `${e.alert} reaches ${e.receivers.join(' and ')}`,
        labels: { alertname: e.alert, severity: e.severity },
        receivers: e.receivers,
      })),
      ...SEVERITIES.map((severity) => {
        const fallback = fallbackReceiver(alerting, severity);
        return { name: `an unrouted ${severity} alert falls back to ${fallback}`, labels: { alertname: 'SomethingNobodyRoutes', severity }, receivers: [fallback] };
      }),
    ],
  };

  return [
    { path: 'alertmanager/alertmanager.yaml', content: toYaml(config) },
    { path: 'alertmanager/tests/routes.yaml', content: toYaml(expectations) },
  ];
}
