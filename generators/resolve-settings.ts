import type { DeployConfig } from '../deploy/config';
import { SERVICES } from '../core/services';
import type { AlertingSettings, AlertRule, RuleFile, RuleGroup, Rules, Severity } from '../rules/define';
import { DELIVERY_BUDGET_MS, deliveryHops, deliveryTotal, describeDelivery, type ConfiguredHops } from './delivery-budget';
import type { Diagnostic } from './diagnostics';
import { formatDuration, parseDuration } from '../core/duration';
import { FieldChecks } from './field-checks';
import { baseUrlProblem, emailProblem, goDurationMs, hostnameProblem, hostPortProblem, httpUrlProblem, portProblem, prometheusDurationMs, prometheusDurationProblem, shown } from './tool-syntax';

/**
 * rules/settings.ts and the Alertmanager timing of rules/routing.ts checked before the Prometheus
 * and Alertmanager configs are written: what Prometheus or Alertmanager would refuse, read as
 * something else, or warn about at every start, and the 30 s delivery budget of docs/alerting.md.
 * Pure; never throws, whatever the input's types.
 */

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];
/** Alertmanager's default `--data.retention` (deploy/k8s/alertmanager.ts sets none): how long it remembers a notification. */
const ALERTMANAGER_RETENTION_MS = 120 * 3_600_000;

/**
 * Where Prometheus finds what it scrapes and alerts: the settings of rules/settings.ts with
 * the deployment's own facts filled in from deploy/config.ts (its namespace, the collector's
 * ports, the long-term store), so the Prometheus config and the manifests cannot disagree.
 */
type DeclaredPrometheusSettings = AlertingSettings['prometheus'];
export interface PrometheusSettings extends DeclaredPrometheusSettings {
  /** DNS name resolving to every collector replica (a headless Service), and the exporter port. */
  readonly collectorDnsName: string;
  readonly collectorPort: number;
  /** Port of the collector's own metrics (`service.telemetry`), on the same replicas. */
  readonly collectorTelemetryPort: number;
  /** DNS name resolving to every Alertmanager replica (a headless Service), and their API port. */
  readonly alertmanagerDnsName: string;
  readonly alertmanagerPort: number;
}

/**
 * The Prometheus settings with the deployment's facts filled in. Give it settings and a
 * deploy config that passed their checks.
 *
 * @example
 * const { collectorDnsName } = resolvePrometheusSettings(rules.settings.prometheus, DEPLOY);
 */
export function resolvePrometheusSettings(settings: DeclaredPrometheusSettings, deploy: DeployConfig): PrometheusSettings {
  const remoteWrite = settings.remoteWrite ?? deploy.prometheus.remoteWrite;
  return {
    ...settings,
    collectorDnsName: `${SERVICES.collector.name}-metrics.${deploy.namespace}.svc`,
    collectorPort: deploy.collector.ports.prometheus,
    collectorTelemetryPort: deploy.collector.ports.telemetry,
    // Every Alertmanager replica, each sent every alert: the cluster sends one notification.
    alertmanagerDnsName: `${SERVICES.alertmanager.peersService}.${deploy.namespace}.svc`,
    alertmanagerPort: SERVICES.alertmanager.port,
    ...(remoteWrite ? { remoteWrite } : {}),
  };
}

/**
 * Every problem of the alerting settings and timing, with the deploy config they must agree
 * with; empty when Prometheus and Alertmanager will take the generated configs as meant.
 * Give it the production timing (rules.timing), not a time-scaled copy, and the rule files:
 * the evaluation hop of the budget is the interval of each group holding an alert marked
 * `withinDeliveryBudget` (with none, there is no budget to check).
 *
 * @example
 * const problems = checkAlertingSettings(rules.settings, rules.timing, DEPLOY, rules.files);
 */
export function checkAlertingSettings(settings: AlertingSettings, timing: Rules['timing'], deploy: DeployConfig, files: readonly RuleFile[] = []): Diagnostic[] {
  const s = new FieldChecks('rules/settings.ts', settings);
  const t = new FieldChecks('rules/routing.ts', { TIMING: timing });
  const d = new FieldChecks('deploy/config.ts', deploy);
  checkLinksAndMail(s);
  checkPrometheus(s, d);
  checkTiming(t);
  return [...s.diagnostics, ...t.diagnostics, ...d.diagnostics, ...checkBudget(s, t, d, files)];
}

function checkLinksAndMail(s: FieldChecks): void {
  s.check('runbookBaseUrl', baseUrlProblem, 'where docs/runbooks/ is readable in a browser, an absolute URL without a trailing slash, like https://aqe-telemetry.example.com/docs/runbooks', { consequence: 'every alert\'s runbook_url is built from it' });
  s.check('grafanaBaseUrl', baseUrlProblem, 'Grafana\'s address, an absolute URL without a trailing slash, like https://grafana.example.com', { consequence: 'every alert\'s dashboard link is built from it' });
  s.check('pagerdutyEventsUrl', httpUrlProblem, 'https://events.pagerduty.com/v2/enqueue (https://events.eu.pagerduty.com/v2/enqueue for EU accounts)', { consequence: 'Alertmanager refuses the PagerDuty receiver' });
  s.check('secretsDir', (v) => (typeof v === 'string' && v.startsWith('/') && !/\s/.test(v) ? undefined : 'is not an absolute path'), 'the absolute path where the receiver Secret is mounted, like /etc/alertmanager/secrets', {
    consequence: 'Alertmanager reads every *_file relative to its config file, not from the mounted Secret',
  });
  s.check('smtp.smarthost', hostPortProblem, 'the SMTP server as host:port, like smtp.example.com:587', { consequence: 'Alertmanager refuses the config (smarthost must be host:port)' });
  s.check('smtp.from', emailProblem, 'the sender address, like aqe-alerts@example.com', { consequence: 'Alertmanager cannot parse the From address and sends no e-mail' });
  s.check('smtp.username', (v) => (typeof v === 'string' ? undefined : 'is not a string'), 'the SMTP account name, like aqe-alerts@example.com', { consequence: 'it is written as auth_username' });
}

function checkPrometheus(s: FieldChecks, d: FieldChecks): void {
  for (const path of ['prometheus.scrapeInterval', 'prometheus.evaluationInterval']) {
    if (!s.check(path, prometheusDurationProblem, 'a Prometheus duration, like 5s', { consequence: 'Prometheus refuses its config and does not start' })) continue;
    if (prometheusDurationMs(s.value(path)) === 0) s.add(path, `${shown(s.value(path))} is zero: Prometheus reads it as unset and uses its default of 1m, which breaks the 30 s alert budget`, 'a Prometheus duration longer than 0, like 5s');
  }
  // The collector's and Alertmanager's names and ports are deploy/config.ts's (resolvePrometheusSettings), checked there.
  s.check('prometheus.agentsDnsName', hostnameProblem, 'the headless Service\'s DNS name, like aqe-agents-metrics.aqe-fleet.svc.cluster.local', { consequence: 'Prometheus\' DNS discovery finds no target' });
  s.check('prometheus.agentsPort', portProblem, 'a whole number from 1 to 65535', { consequence: 'Prometheus refuses the scrape target' });

  const declared = s.value('prometheus.remoteWrite');
  const write = JSON.stringify(declared ?? null);
  if (declared !== undefined && write !== JSON.stringify(d.value('prometheus.remoteWrite') ?? null)) {
    s.add('prometheus.remoteWrite', `${write} is not deploy/config.ts prometheus.remoteWrite (${JSON.stringify(d.value('prometheus.remoteWrite') ?? null)}): the Prometheus config and the manifests would disagree on the long-term store`, 'leave it out of rules/settings.ts: it is taken from DEPLOY.prometheus.remoteWrite');
  }

  // A series the exporter forgets between two scrapes is a gap in every graph and rule.
  const expiration = goDurationMs(d.value('collector.metricExpiration'));
  const scrape = prometheusDurationMs(s.value('prometheus.scrapeInterval'));
  if (expiration !== undefined && expiration > 0 && scrape !== undefined && scrape > 0 && expiration <= 2 * scrape) {
    d.add('collector.metricExpiration', `${shown(d.value('collector.metricExpiration'))} is not longer than two scrape intervals (rules/settings.ts prometheus.scrapeInterval ${shown(s.value('prometheus.scrapeInterval'))}): the Prometheus exporter forgets a series between scrapes, and its rates break`, `a Go duration well above ${formatDuration(2 * scrape)}, like 5m`);
  }
}

function checkTiming(t: FieldChecks): void {
  for (const severity of SEVERITIES) {
    const base = `TIMING.${severity}`;
    if (t.value(base) === null || typeof t.value(base) !== 'object') {
      t.add(base, `is ${t.value(base) === undefined ? 'missing' : 'not an object'}: alerts of severity ${severity} have no timing`, 'give it groupWait, groupInterval and repeatInterval, like { groupWait: \'30s\', groupInterval: \'5m\', repeatInterval: \'4h\' }');
      continue;
    }
    const consequence = 'Alertmanager refuses its config and does not start';
    t.check(`${base}.groupWait`, prometheusDurationProblem, 'a duration like 0s or 30s', { consequence });
    const positive = (field: string, example: string): number | undefined => {
      const path = `${base}.${field}`;
      if (!t.check(path, prometheusDurationProblem, `a duration like ${example}`, { consequence })) return undefined;
      const ms = prometheusDurationMs(t.value(path))!;
      if (ms === 0) t.add(path, `${shown(t.value(path))} is zero: Alertmanager refuses a zero ${field === 'groupInterval' ? 'group_interval' : 'repeat_interval'} and does not start`, `a duration longer than 0, like ${example}`);
      return ms === 0 ? undefined : ms;
    };
    const group = positive('groupInterval', '5m');
    const repeat = positive('repeatInterval', '4h');
    if (group !== undefined && repeat !== undefined && repeat < group) {
      t.add(`${base}.repeatInterval`, `${shown(t.value(`${base}.repeatInterval`))} is shorter than groupInterval ${shown(t.value(`${base}.groupInterval`))}: Alertmanager warns at every start and repeats only at the next group_interval`, `at least ${shown(t.value(`${base}.groupInterval`))}`);
    }
    if (repeat !== undefined && repeat > ALERTMANAGER_RETENTION_MS) {
      t.add(`${base}.repeatInterval`, `${shown(t.value(`${base}.repeatInterval`))} is longer than Alertmanager's data retention (120h): it forgets the notification first, warns at every start and repeats sooner than asked`, 'at most 120h (5d)');
    }
  }
}

/**
 * The groups holding an alert that must reach its receiver within 30 s (`withinDeliveryBudget`):
 * their interval is the evaluation hop of the delivery budget. What an untyped copy holds that
 * is not a group is left out.
 */
export function budgetedGroups(files: readonly RuleFile[]): { readonly name: string; readonly interval: unknown; readonly alerts: readonly AlertRule[] }[] {
  const list: readonly RuleFile[] = Array.isArray(files) ? files : [];
  const budgeted = (r: RuleGroup['rules'][number] | undefined): r is AlertRule => r?.kind === 'alert' && r.withinDeliveryBudget === true;
  return list
    .flatMap((file): readonly RuleGroup[] => (Array.isArray(file?.groups) ? file.groups : []))
    .map((group) => ({ name: String(group?.name), interval: group?.interval, alerts: Array.isArray(group?.rules) ? group.rules.filter(budgeted) : [] }))
    .filter((group) => group.alerts.length > 0);
}

/**
 * The sum of docs/alerting.md, from the values that set each hop: one sum for each group with
 * an alert `withinDeliveryBudget`, at its own interval.
 */
function checkBudget(s: FieldChecks, t: FieldChecks, d: FieldChecks, files: readonly RuleFile[]): Diagnostic[] {
  const groups = budgetedGroups(files);
  // The sum assumes the alert fires at the evaluation that sees the sample and takes the critical route.
  const assumptions = groups.flatMap((g) => g.alerts).flatMap((a): Diagnostic[] =>
    a.severity === 'critical' && typeof a.for === 'string' && parseDuration(a.for) === 0
      ? []
      : [{ place: `alert ${a.name}`, problem: `it is withinDeliveryBudget with severity ${shown(a.severity)} and for ${shown(a.for)}: the 30 s budget of docs/alerting.md counts no \`for\` and the critical group_wait`, fix: 'make it critical with for: \'0s\', or leave out withinDeliveryBudget' }],
  );
  // No such alert, no promise to keep: the global evaluation_interval is only the default of a group without one.
  const evaluations = groups.map((g) => ({ ms: prometheusDurationMs(g.interval), source: `rule group ${g.name} interval ${shown(g.interval)}` }));
  return [...assumptions, ...evaluations.flatMap((evaluation) => {
    const configured: Record<keyof ConfiguredHops, number | undefined> = {
      collectorBatch: goDurationMs(d.value('collector.batchTimeout')),
      scrape: prometheusDurationMs(s.value('prometheus.scrapeInterval')),
      evaluation: evaluation.ms,
      groupWait: prometheusDurationMs(t.value('TIMING.critical.groupWait')),
    };
    // A term that does not parse (or is negative) is reported by its own check.
    if (Object.values(configured).some((ms) => ms === undefined || ms < 0)) return [];
    const hops = deliveryHops(configured as ConfiguredHops);
    if (deliveryTotal(hops) < DELIVERY_BUDGET_MS) return [];
    const sources: Record<keyof ConfiguredHops, string> = {
      collectorBatch: `deploy/config.ts collector.batchTimeout ${shown(d.value('collector.batchTimeout'))}`,
      scrape: `rules/settings.ts prometheus.scrapeInterval ${shown(s.value('prometheus.scrapeInterval'))}`,
      evaluation: evaluation.source,
      groupWait: `rules/routing.ts TIMING.critical.groupWait ${shown(t.value('TIMING.critical.groupWait'))}`,
    };
    const largest = (Object.keys(sources) as (keyof ConfiguredHops)[]).reduce((a, b) => (hops[b] > hops[a] ? b : a));
    return [
      {
        place: `alert delivery budget (docs/alerting.md): ${Object.values(sources).map((source) => source.replace(/ "[^"]*"$/, '')).join(', ')}`,
        problem: `an immediate critical alert takes up to ${describeDelivery(hops)}, not under the ${formatDuration(DELIVERY_BUDGET_MS)} of spec 11.1; set by ${Object.values(sources).join(', ')}`,
        fix: `shorten ${sources[largest]} until the sum is under ${formatDuration(DELIVERY_BUDGET_MS)} (docs/alerting.md, "Delivery within 30 seconds")`,
      },
    ];
  })];
}
