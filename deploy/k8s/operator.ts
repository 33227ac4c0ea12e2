import type { IAlertmanagerConfig } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig';
import type { IPodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import type { IPrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import type { IServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { ApiObject, type Chart } from 'cdk8s';
import { load } from 'js-yaml';
import { SCRAPE_JOBS, SERVICES } from '../../core/services';
import { fileContent, labelsFor, type StackContext } from './context';

/**
 * The prometheus-operator set: what out/k8s/plain/ gives this stack's own Prometheus and
 * Alertmanager, as kube-prometheus-stack's custom resources. Rules and routing are
 * translated from the generated files themselves, so both sets alert and route the same.
 * Every object carries the `release` label the stack selects rules and monitors by.
 */

const V1 = 'monitoring.coreos.com/v1';
const V1ALPHA1 = 'monitoring.coreos.com/v1alpha1';
/** The label the agents' pods carry (a label value, not the agents' namespace). */
const AGENT_PODS = { 'app.kubernetes.io/part-of': 'aqe-fleet' };

export function addOperator(chart: Chart, context: StackContext): void {
  const { config, alerting } = context;
  const labels = { ...labelsFor('aqe-monitoring'), release: config.prometheusOperator.releaseLabel };
  // Same scrape interval as the plain Prometheus: part of the 30 s alert budget (docs/alerting.md).
  const interval = alerting.settings.prometheus.scrapeInterval;

  for (const file of alerting.files) {
    const spec = parseRuleFile(fileContent(context, `prometheus/rules/${file.name}.rules.yaml`), file.name);
    new ApiObject(chart, `rules-${file.name}`, { apiVersion: V1, kind: 'PrometheusRule', metadata: { name: `aqe-${file.name}`, labels }, spec });
  }

  const metricsService = `${SERVICES.collector.name}-metrics`;
  const serviceMonitor: IServiceMonitor['spec'] = {
    namespaceSelector: { matchNames: [config.namespace] },
    // Both collector Services carry these labels; only the headless one has the port, and
    // the relabeling says so outright rather than relying on that.
    selector: { matchLabels: labelsFor(SERVICES.collector.name) },
    endpoints: [
      {
        port: 'prom-metrics',
        interval,
        relabelings: [{ sourceLabels: ['__meta_kubernetes_service_name'], regex: metricsService, action: 'keep' }],
      },
      // The collector's own metrics (the operations dashboard's collector panels), under the
      // job name the plain set's scrape config gives them.
      {
        port: 'telemetry',
        interval,
        relabelings: [
          { sourceLabels: ['__meta_kubernetes_service_name'], regex: metricsService, action: 'keep' },
          { targetLabel: 'job', replacement: SCRAPE_JOBS.collectorTelemetry, action: 'replace' },
        ],
      },
    ],
  };
  new ApiObject(chart, 'collector-monitor', { apiVersion: V1, kind: 'ServiceMonitor', metadata: { name: SERVICES.collector.name, labels }, spec: serviceMonitor });

  // The agents' own pull endpoints (the plain set finds them by DNS; the operator by pod labels).
  const podMonitor: IPodMonitor['spec'] = {
    namespaceSelector: { matchNames: [config.agentsNamespace] },
    selector: { matchLabels: AGENT_PODS },
    podMetricsEndpoints: [{ port: 'metrics', interval }],
  };
  new ApiObject(chart, 'agents-monitor', { apiVersion: V1, kind: 'PodMonitor', metadata: { name: 'aqe-agents', labels }, spec: podMonitor });

  const routing = translateAlertmanager(fileContent(context, 'alertmanager/alertmanager.yaml'), alerting.settings.secretsDir, config.alertmanagerSecret);
  // The operator puts this route under the cluster's own root. Matching our alerts by name
  // keeps it from also catching every other alert of the cluster (it has `continue`, and
  // with `alertmanagerConfigMatcherStrategy: None` no namespace matcher scopes it); our
  // alerts then reach exactly the receivers out/alertmanager/alertmanager.yaml sends them to.
  routing.route = {
    ...routing.route,
    matchers: [{ name: 'alertname', matchType: '=~', value: alerting.alerts.map((a) => a.name).join('|') }, ...(routing.route?.matchers ?? [])],
  };
  new ApiObject(chart, 'alertmanager-config', { apiVersion: V1ALPHA1, kind: 'AlertmanagerConfig', metadata: { name: 'aqe-alerting', labels }, spec: routing });
}

function parseRuleFile(yaml: string, name: string): IPrometheusRule['spec'] {
  const parsed = load(yaml) as { groups?: unknown };
  if (!parsed || !Array.isArray(parsed.groups)) throw new Error(`out/prometheus/rules/${name}.rules.yaml has no groups`);
  return { groups: parsed.groups as NonNullable<IPrometheusRule['spec']['groups']> };
}

// ---- alertmanager.yaml (snake_case, secrets as files) -> AlertmanagerConfig (camelCase, secrets as SecretKeySelectors)

type Spec = IAlertmanagerConfig['spec'];
type Matcher = { name: string; matchType: '=' | '!=' | '=~' | '!~'; value: string };
type Raw = Record<string, unknown>;

interface RawRoute {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  continue?: boolean;
  routes?: RawRoute[];
}

/** Fails on a key the translation does not know, so a new generator option is never dropped silently. */
function only(raw: object, keys: readonly string[], where: string): void {
  const unknown = Object.keys(raw).filter((k) => !keys.includes(k));
  if (unknown.length > 0) throw new Error(`operator.ts cannot translate ${where}.${unknown.join(', ')} of alertmanager.yaml into an AlertmanagerConfig`);
}

const MATCHER = /^([a-zA-Z_][a-zA-Z0-9_]*)(=~|!~|!=|=)"(.*)"$/;

function matcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) throw new Error(`unsupported matcher ${text} in alertmanager.yaml`);
  return { name: m[1]!, matchType: m[2] as Matcher['matchType'], value: JSON.parse(`"${m[3]}"`) as string };
}

function route(raw: RawRoute, where: string): NonNullable<Spec['route']> {
  only(raw, ['receiver', 'matchers', 'group_by', 'group_wait', 'group_interval', 'repeat_interval', 'continue', 'routes'], where);
  return {
    receiver: raw.receiver,
    groupBy: raw.group_by,
    groupWait: raw.group_wait,
    groupInterval: raw.group_interval,
    repeatInterval: raw.repeat_interval,
    matchers: raw.matchers?.map(matcher),
    continue: raw.continue,
    routes: raw.routes?.map((r, i) => route(r, `${where}.routes[${i}]`)),
  };
}

function translateAlertmanager(yaml: string, secretsDir: string, secretName: string): Spec {
  const am = load(yaml) as { global: Raw; route: RawRoute; inhibit_rules?: Raw[]; receivers: Raw[] };
  only(am, ['global', 'route', 'inhibit_rules', 'receivers'], 'alertmanager');
  // resolve_timeout has no per-config equivalent: the operator's Alertmanager keeps its own (default 5m).
  only(am.global, ['resolve_timeout', 'smtp_smarthost', 'smtp_from', 'smtp_auth_username', 'smtp_require_tls'], 'global');

  /** A `*_file` under the secrets directory is a key of the receivers' Secret: a reference, never a value. */
  const secret = (path: unknown) => {
    if (typeof path !== 'string' || !path.startsWith(`${secretsDir}/`)) throw new Error(`receiver secret ${String(path)} is not under ${secretsDir}`);
    return { name: secretName, key: path.slice(secretsDir.length + 1) };
  };

  const receivers = am.receivers.map((r): NonNullable<Spec['receivers']>[number] => {
    only(r, ['name', 'pagerduty_configs', 'slack_configs', 'email_configs', 'webhook_configs'], `receivers.${String(r.name)}`);
    const configs = (key: string) => r[key] as Raw[] | undefined;
    return {
      name: r.name as string,
      pagerdutyConfigs: configs('pagerduty_configs')?.map((c) => {
        only(c, ['url', 'routing_key_file', 'send_resolved', 'severity', 'description', 'details'], `${String(r.name)}.pagerduty_configs`);
        // `description` is not in the operator's v1alpha1 schema (0.65): PagerDuty shows
        // Alertmanager's default summary instead; runbook and dashboard stay in the details.
        return {
          url: c.url as string,
          routingKey: secret(c.routing_key_file),
          sendResolved: c.send_resolved as boolean,
          severity: c.severity as string,
          details: Object.entries((c.details ?? {}) as Record<string, string>).map(([key, value]) => ({ key, value })),
        };
      }),
      slackConfigs: configs('slack_configs')?.map((c) => {
        only(c, ['api_url_file', 'channel', 'send_resolved', 'title', 'text'], `${String(r.name)}.slack_configs`);
        return { apiURL: secret(c.api_url_file), channel: c.channel as string, sendResolved: c.send_resolved as boolean, title: c.title as string, text: c.text as string };
      }),
      emailConfigs: configs('email_configs')?.map((c) => {
        only(c, ['to', 'auth_password_file', 'send_resolved'], `${String(r.name)}.email_configs`);
        // The SMTP globals have no AlertmanagerConfig equivalent: each e-mail config states them.
        return {
          to: c.to as string,
          smarthost: am.global.smtp_smarthost as string,
          from: am.global.smtp_from as string,
          authUsername: am.global.smtp_auth_username as string,
          authPassword: secret(c.auth_password_file),
          requireTLS: am.global.smtp_require_tls as boolean,
          sendResolved: c.send_resolved as boolean,
        };
      }),
      webhookConfigs: configs('webhook_configs')?.map((c) => {
        only(c, ['url_file', 'send_resolved'], `${String(r.name)}.webhook_configs`);
        return { urlSecret: secret(c.url_file), sendResolved: c.send_resolved as boolean };
      }),
    };
  });

  const inhibitRules = (am.inhibit_rules ?? []).map((i) => {
    only(i, ['source_matchers', 'target_matchers', 'equal'], 'inhibit_rules');
    return {
      sourceMatch: (i.source_matchers as string[]).map(matcher),
      targetMatch: (i.target_matchers as string[]).map(matcher),
      equal: i.equal as string[],
    };
  });

  return { route: route(am.route, 'route'), receivers, inhibitRules };
}
