import { scaleDuration, type AlertRule, type RecordingRule, type RuleFile, type Rules } from '../rules/define';
import { DASHBOARD_UIDS } from '../core/dashboard-uids';
import { DiagnosticCollector } from './diagnostics';
import { cronProblems } from './cron-check';
import { formatDuration, parseDuration } from '../core/duration';
import { didYouMean } from './nearest';
import type { Model } from './model-types';
import { checkPromql } from './promql-check';
import { resolveAlertTests } from './resolve-alert-tests';
import { EXTERNAL_SERIES } from '../schema/external-series';
import { addExternalSeries, catalogFromModel, type LabelInfo, type SeriesCatalog } from './series-catalog';
import type { AlertingModel, ResolvedAlert, ResolvedRecording, ResolvedRuleFile } from './alerting-types';

/**
 * Validates rules/ against the schema model and resolves it: every expression is checked
 * (metrics, labels, values), every alert has a runbook that exists, channels, a dashboard
 * and test cases. `runbooks` is the set of files in docs/runbooks/ (without `.md`): the
 * caller reads the disk, so this stays pure. Throws one DiagnosticError listing everything.
 */
export function buildAlerting(model: Model, rules: Rules, runbooks: ReadonlySet<string>, options: AlertingOptions = {}): AlertingModel {
  return resolveAlerting(model, rules, runbooks, options).alerting;
}

export interface AlertingOptions {
  /**
   * Divide every duration (windows, `for`, intervals, Alertmanager timing) by this: 60 makes
   * a minute last a second, for local stacks. Test cases are only resolved at scale 1.
   */
  readonly timeScale?: number;
}

/** The alerting model, and the series catalog grown by its recording rules (for dashboards). */
export function resolveAlerting(
  model: Model,
  rules: Rules,
  runbooks: ReadonlySet<string>,
  options: AlertingOptions = {},
): { alerting: AlertingModel; catalog: SeriesCatalog } {
  const diagnostics = new DiagnosticCollector();
  const resolved = resolveAlertingInto(diagnostics, model, rules, runbooks, options);
  diagnostics.throwIfAny();
  return resolved;
}

/** resolveAlerting with its problems left in `diagnostics`, for checks that go on after it. */
export function resolveAlertingInto(
  diagnostics: DiagnosticCollector,
  model: Model,
  rules: Rules,
  runbooks: ReadonlySet<string>,
  options: AlertingOptions = {},
): { alerting: AlertingModel; catalog: SeriesCatalog } {
  const timeScale = options.timeScale ?? 1;
  const scaled = (duration: string) => scaleDuration(duration, timeScale);
  // Rules may watch Prometheus', the collector's and Alertmanager's own series too.
  const catalog: SeriesCatalog = addExternalSeries(catalogFromModel(model), EXTERNAL_SERIES);
  const seen = new Map<string, string>();
  const registeredChannels = new Set(rules.channels);
  const channelNames = new Map<string, number>();
  for (const c of rules.channels) {
    const place = `channel ${c.name} (rules/channels.ts)`;
    channelNames.set(c.name, (channelNames.get(c.name) ?? 0) + 1);
    if (channelNames.get(c.name) === 2) diagnostics.add(place, 'two channels have this name, and Alertmanager refuses two receivers of one name', 'give each channel its own name');
    if (!/^[a-z][a-z0-9-]*$/.test(c.name)) diagnostics.add(place, `the name "${c.name}" is not a lower-case slug`, 'name it like slack-ops: it names the receiver and the secret files');
    if (c.kind === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.destination ?? '')) {
      diagnostics.add(place, c.destination ? `destination "${c.destination}" is not an e-mail address` : 'an e-mail channel has no destination', "set destination to the address alerts go to, like 'qe-leads@example.com'");
    }
    if (c.kind === 'slack' && c.destination !== undefined && !/^[#@][^\s]+$/.test(c.destination)) {
      diagnostics.add(place, `destination "${c.destination}" is not a Slack channel or user`, "write it like '#aqe-alerts', or leave it out to post where the webhook points");
    }
  }

  /** Where each recording is defined: a rule may only use the recordings above it in its group. */
  const recordedIn = new Map<string, string>();
  let currentGroup = '';
  const checkExpr = (place: string, expr: string) => {
    const result = checkPromql(expr, catalog);
    for (const p of result.problems) {
      diagnostics.add(`${place}, expr column ${p.column}`, `${p.problem} in: ${excerpt(expr, p.column)}`, p.fix);
    }
    // Valid PromQL, but a comparison with NaN is never true: a threshold computed from nothing.
    for (const m of expr.matchAll(NON_FINITE_COMPARISON)) {
      diagnostics.add(`${place}, expr column ${(m.index ?? 0) + 1}`, `it compares with ${m[1]}, which no sample ever passes, in: ${excerpt(expr, (m.index ?? 0) + 1)}`, 'the threshold interpolated there is not a finite number: check the constant in schema/thresholds.ts (or wherever it is computed)');
    }
    for (const name of result.selected) {
      const group = recordedIn.get(name);
      if (group !== undefined && group !== currentGroup) {
        diagnostics.add(place, `it uses ${name}, recorded in group ${group}; groups run in no fixed order, so it would lag by an evaluation now and then`, `move the rule into group ${group}, after the recording`);
      }
    }
    return result.labels;
  };

  const recording = (rule: RecordingRule, file: string): ResolvedRecording => {
    const place = `recording rule ${rule.record} (rules/${file})`;
    if (!/^[a-z_]+:[a-z0-9_]+:[a-z0-9_]+$/.test(rule.record)) {
      diagnostics.add(place, 'the name does not follow level:metric:operations', 'name it like agent_type:aqe_agent_errors:rate5m');
    }
    const labels = checkExpr(place, rule.expr.render(timeScale));
    const output = new Map<string, LabelInfo>(labels ?? []);
    for (const [k, v] of Object.entries(rule.labels ?? {})) output.set(k, { values: [v] });
    // Several rules may record one name with different labels (P50, P95, P99): merge them.
    const existing = catalog.get(rule.record);
    if (existing) {
      for (const [k, info] of existing.labels) {
        const mine = output.get(k);
        output.set(k, mine?.values && info.values ? { values: [...new Set([...info.values, ...mine.values])] } : {});
      }
    }
    catalog.set(rule.record, { labels: output, source: place });
    recordedIn.set(rule.record, currentGroup);
    return {
      kind: 'recording',
      record: rule.record,
      expr: rule.expr.render(timeScale),
      labels: { ...rule.labels },
      description: rule.description,
      outputLabels: [...output.keys()],
    };
  };

  const resolveAlert = (rule: AlertRule, file: string, evaluationInterval: string): ResolvedAlert => {
    const place = `alert ${rule.name} (rules/${file})`;
    if (!/^[A-Z][a-zA-Z0-9]*$/.test(rule.name)) diagnostics.add(place, 'the name is not CamelCase', 'name it like AgentFailureRate');
    const previous = seen.get(rule.name);
    if (previous) diagnostics.add(place, `the name is already used in rules/${previous}`, 'give each alert its own name');
    seen.set(rule.name, file);
    if (parseDuration(rule.for) === undefined) diagnostics.add(place, `for "${rule.for}" is not a duration`, 'write it like 5m, or 0s to fire at once');
    if (!runbooks.has(rule.runbook)) {
      diagnostics.add(place, `runbook docs/runbooks/${rule.runbook}.md does not exist`, `write it (what it means, first queries, dashboard, causes, mitigation, escalation)${didYouMean(rule.runbook, runbooks)}`);
    }
    if (rule.channels.length === 0) diagnostics.add(place, 'it has no channel', 'list where it is delivered, such as slackOps');
    for (const ch of rule.channels) {
      if (!registeredChannels.has(ch)) diagnostics.add(place, `channel ${ch.name} is not in rules.channels`, 'define it in rules/channels.ts and list it in CHANNELS');
    }
    const labels = checkExpr(place, rule.expr.render(timeScale));
    const outputLabels = labels ? [...labels.keys()] : [];
    for (const field of ['summary', 'description'] as const) {
      for (const [, label] of rule[field].matchAll(/\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)/g)) {
        if (labels && !labels.has(label!)) {
          diagnostics.add(place, `the ${field} uses $labels.${label}, which the expression does not keep (it keeps ${outputLabels.join(', ') || 'no labels'})`, `keep ${label} in the aggregation, or use one of the kept labels${didYouMean(label!, outputLabels)}`);
        }
      }
    }
    const annotations = {
      runbook_url: `${rules.settings.runbookBaseUrl}/${rule.runbook}.md`,
      dashboard: `${rules.settings.grafanaBaseUrl}/d/${DASHBOARD_UIDS[rule.dashboard.dashboard]}${rule.dashboard.panelId === undefined ? '' : `?viewPanel=${rule.dashboard.panelId}`}`,
    };
    return {
      kind: 'alert',
      name: rule.name,
      expr: rule.expr.render(timeScale),
      for: scaled(rule.for),
      severity: rule.severity,
      labels: { severity: rule.severity },
      annotations: { summary: rule.summary, description: rule.description, ...annotations },
      channels: rule.channels.map((c) => c.name),
      outputLabels,
      dashboardLink: { uid: DASHBOARD_UIDS[rule.dashboard.dashboard], ...(rule.dashboard.panelId === undefined ? {} : { panelId: rule.dashboard.panelId }) },
      tests: timeScale === 1 ? resolveAlertTests(rule, annotations, evaluationInterval, catalog, diagnostics) : [],
    };
  };

  const fileNames = new Set<string>();
  for (const file of rules.files) {
    if (fileNames.has(file.name)) diagnostics.add(`rule file ${file.name}`, 'two rule files have this name, and both would be written to one out/prometheus/rules file', 'give each rule file its own name');
    fileNames.add(file.name);
    if (!/^[a-z][a-z0-9-]*$/.test(file.name)) diagnostics.add(`rule file ${file.name}`, 'the name is not a lower-case slug, and it names files in out/', 'name it like agent-health');
    if (file.groups.length === 0) diagnostics.add(`rule file ${file.name}`, 'it has no groups', 'add a group with rules, or remove the file from rules/index.ts');
  }
  const files: ResolvedRuleFile[] = rules.files.map((file) => ({
    name: file.name,
    evaluationInterval: testEvaluationInterval(file),
    groups: file.groups.map((group) => {
      if (parseDuration(group.interval) === undefined) diagnostics.add(`rule group ${group.name}`, `interval "${group.interval}" is not a duration`, 'write it like 30s');
      currentGroup = group.name;
      return {
        name: group.name,
        interval: scaled(group.interval),
        rules: group.rules.map((r) => (r.kind === 'recording' ? recording(r, file.name) : resolveAlert(r, file.name, testEvaluationInterval(file)))),
      };
    }),
  }));
  const alerts = files.flatMap((f) => f.groups.flatMap((g) => g.rules.filter((r): r is ResolvedAlert => r.kind === 'alert')));
  const alertNames = new Set(alerts.map((a) => a.name));

  if (!registeredChannels.has(rules.defaultChannel)) diagnostics.add('rules.defaultChannel', `${rules.defaultChannel.name} is not in rules.channels`, 'list it in CHANNELS');
  if (!registeredChannels.has(rules.unroutedCriticalChannel)) diagnostics.add('rules.unroutedCriticalChannel', `${rules.unroutedCriticalChannel.name} is not in rules.channels`, 'list it in CHANNELS');
  const inhibitions = rules.inhibitions.map((inhibition) => {
    for (const a of [inhibition.source, ...inhibition.targets]) {
      if (!alertNames.has(a.name)) diagnostics.add(`inhibition of ${inhibition.source.name}`, `alert ${a.name} is not in any rule file`, 'add it to a rule file');
    }
    return { source: inhibition.source.name, targets: inhibition.targets.map((t) => t.name), equal: inhibition.equal.map((l) => l.name), why: inhibition.why };
  });
  const { heartbeat } = rules;
  if (heartbeat) {
    if (!alertNames.has(heartbeat.alert.name)) diagnostics.add('rules.heartbeat', `alert ${heartbeat.alert.name} is not in any rule file`, 'add it to a rule file');
    if (!registeredChannels.has(heartbeat.channel)) diagnostics.add('rules.heartbeat', `channel ${heartbeat.channel.name} is not in rules.channels`, 'list it in CHANNELS');
    if (!heartbeat.alert.channels.includes(heartbeat.channel)) diagnostics.add('rules.heartbeat', `alert ${heartbeat.alert.name} does not list channel ${heartbeat.channel.name}`, 'list the switch among its channels');
    if (parseDuration(heartbeat.every) === undefined) diagnostics.add('rules.heartbeat', `every "${heartbeat.every}" is not a duration`, 'write it like 1m');
  }
  const schedules = rules.schedules.map((s) => {
    for (const problem of cronProblems(s.cron)) diagnostics.add(`schedule ${s.name}`, `cron "${s.cron}": ${problem}`, 'write minute hour day-of-month month day-of-week, like 0 9 * * 1-5 (09:00 on weekdays)');
    if (!registeredChannels.has(s.channel)) diagnostics.add(`schedule ${s.name}`, `channel ${s.channel.name} is not in rules.channels`, 'list it in CHANNELS');
    return { name: s.name, cron: s.cron, severity: s.severity, summary: s.summary, channel: s.channel.name, report: s.report };
  });

  const alerting: AlertingModel = {
    files,
    alerts,
    channels: rules.channels.map((c) => ({ name: c.name, kind: c.kind, description: c.description, ...(c.destination ? { destination: c.destination } : {}), sendResolved: c.sendResolved ?? true })),
    defaultChannel: rules.defaultChannel.name,
    unroutedCriticalChannel: rules.unroutedCriticalChannel.name,
    groupBy: rules.groupBy.map((l) => l.name),
    timing: timeScale === 1 ? rules.timing : scaleTiming(rules.timing, scaled),
    ...(heartbeat ? { heartbeat: { alert: heartbeat.alert.name, channel: heartbeat.channel.name, every: scaled(heartbeat.every) } } : {}),
    inhibitions,
    schedules,
    settings: rules.settings,
  };
  return { alerting, catalog };
}

/**
 * The evaluation interval of a rule file's promtool tests: its groups' own (the fastest, when
 * they differ), so the tests evaluate when production does. promtool has one per test file.
 */
function testEvaluationInterval(file: RuleFile): string {
  const intervals = file.groups.map((g) => parseDuration(g.interval)).filter((ms): ms is number => ms !== undefined);
  return formatDuration(intervals.length > 0 ? Math.min(...intervals) : 60_000);
}

function scaleTiming(timing: Rules['timing'], scaled: (d: string) => string): Rules['timing'] {
  const each = (t: Rules['timing']['critical']) => ({ groupWait: scaled(t.groupWait), groupInterval: scaled(t.groupInterval), repeatInterval: scaled(t.repeatInterval) });
  return { critical: each(timing.critical), warning: each(timing.warning), info: each(timing.info) };
}

/** A comparison with a NaN or infinite literal: `> NaN`, `>= +Inf`. */
const NON_FINITE_COMPARISON = /(?:[<>]=?|[!=]=)\s*(?:bool\s+)?([+-]?(?:NaN|Inf(?:inity)?))\b/gi;

/** The part of an expression around a column, with a marker, for error messages. */
function excerpt(expr: string, column: number): string {
  const start = Math.max(0, column - 30);
  return `${start > 0 ? '…' : ''}${expr.slice(start, column - 1)}⟨here⟩${expr.slice(column - 1, column + 40)}${column + 40 < expr.length ? '…' : ''}`;
}
