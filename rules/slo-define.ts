import type { MetricDefinition } from '../schema/define';
import { alert, formatDuration, promql, recording, type AlertRule, type FiringCase, type PanelLink, type PromQL, type QuietCase, type RecordingRule, type Window } from './define';
import { BURN_RATE_ALERTS, type BurnRateAlertPolicy } from './slo-policy';
import { burnRateFactor, SLO_PERIOD, SLO_WINDOWS } from '../schema/slo-policy';
import { errorBudget as budgetOf, sloRecordNames, type SloSpec } from '../schema/slos';
import { onePerProcess, scrapingSince } from './counting';
import { withScrapeHistory } from './timeline';

/**
 * The vocabulary of SLOs (Sloth's, in TypeScript): an SLO is declared with `slo({...})` and
 * comes back with every recording rule and alert it needs, derived from rules/slo-policy.ts.
 */

/**
 * What an SLO counts: `total` valid events, and either the `bad` or the `good` ones among
 * them. Each is a selector of a counter (or of a histogram's `_bucket` / `_count`), what
 * `increase()` reads (merged across delivery paths first, rules/counting.ts): `promql\`${agentSpawns}{${outcome}!="cancelled"}\``.
 */
export type Sli = { readonly total: PromQL; readonly bad: PromQL } | { readonly total: PromQL; readonly good: PromQL };

export interface SloCases {
  readonly firing: readonly FiringCase[];
  readonly quiet?: readonly QuietCase[];
}

/** An SLO's promise (schema/slos.ts), with what it counts and its alert tests. */
export interface SloDeclaration extends Omit<SloSpec, 'panel'> {
  readonly sli: Sli;
  /** docs/runbooks/<runbook>.md, for both alerts. */
  readonly runbook: string;
  /** The panel both alerts open: the SLO's burn rates. */
  readonly dashboard: PanelLink;
  /** Test cases of the page and the ticket alert (promtool runs them). */
  readonly cases: Readonly<Record<BurnRateAlertPolicy['kind'], SloCases>>;
}

/** An SLO with its rules. Recordings per window are looked up by the window itself. */
export interface Slo extends SloDeclaration {
  /** 1 - objective: the share of bad events the period allows. */
  readonly errorBudget: number;
  /** Bad events within a window of SLO_WINDOWS, per `by`. */
  badEvents(window: Window): RecordingRule;
  /** Valid events within a window of SLO_WINDOWS, per `by`. */
  events(window: Window): RecordingRule;
  /** Error ratio over a window of SLO_WINDOWS (or the period) divided by the budget: 1 spends the budget in exactly the period. */
  burnRate(window: Window): RecordingRule;
  /** Share of bad events over the period. */
  readonly periodErrorRatio: RecordingRule;
  readonly periodBurnRate: RecordingRule;
  /** Share of the period's budget not spent yet: 1 untouched, 0 spent, below 0 overspent. */
  readonly budgetRemaining: RecordingRule;
  readonly alerts: Readonly<Record<BurnRateAlertPolicy['kind'], AlertRule>>;
  /** Every rule, recordings before the rules that read them (one group runs them in order). */
  readonly rules: readonly (RecordingRule | AlertRule)[];
}

/**
 * The `le` matcher of a histogram bucket that exists in the schema. Prometheus 3 writes a
 * scraped bound as a float (`30` arrives as `30.0`) while promtool's input keeps it as
 * written, so a whole bound matches both spellings.
 */
export function leMatcher(metric: MetricDefinition, bound: number): string {
  const buckets = metric.buckets ?? [];
  if (!buckets.includes(bound)) {
    throw new Error(`leMatcher(${metric.name}, ${bound}): ${bound} is not a bucket bound of ${metric.name} (its buckets are ${buckets.join(', ') || 'none'}); a ratio at a bound between buckets cannot be counted`);
  }
  return Number.isInteger(bound) ? `le=~"${bound}|${bound}\\\\.0"` : `le="${bound}"`;
}

const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))}%`;
const duration = (w: Window) => formatDuration(w.ms);
const pascal = (snake: string) => snake.replace(/(^|_)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

/**
 * The summary and description of an SLO's page or ticket, for one value of its label and one
 * burn rate: the alert's annotations with Go templates for both, and its test cases' expected
 * annotations with the values Prometheus renders. Every number comes from the SLO and
 * rules/slo-policy.ts, so the sentences change when they do.
 *
 * @example burnAlertProse(RUN_SUCCESS, BURN_RATE_ALERTS.page, 'qe-test-generator', '15.3')
 */
export function burnAlertProse(d: Omit<SloSpec, 'panel' | 'name' | 'by'>, policy: BurnRateAlertPolicy, label: string, value: string): { summary: string; description: string } {
  const conditions = policy.conditions.map((c) => `above ${burnRateFactor(c)}x over both ${duration(c.long)} and ${duration(c.short)} (${percent(c.budgetSpent)} of the budget in ${duration(c.long)})`);
  return {
    summary: `${d.title} of ${label}: error budget burning at ${value}x`,
    description:
      `${percent(d.objective)} of ${label} ${d.eventsName} must ${d.promise} over ${duration(SLO_PERIOD)}. ` +
      `The error budget (${percent(budgetOf(d))}) burns at ${value}x the rate that would spend it in exactly ${duration(SLO_PERIOD)}. ` +
      `${policy.kind === 'page' ? 'It pages' : 'It opens a ticket'} ${conditions.join(', or ')}, ` +
      `with at least ${policy.minBadEvents} ${d.badEventsName} in the long window.`,
  };
}

function validate(d: SloDeclaration): void {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9_]*$/.test(d.name)) problems.push(`name "${d.name}" is not snake_case (write it like run_success)`);
  if (!(d.objective > 0 && d.objective < 1)) problems.push(`objective ${d.objective} is not a share between 0 and 1 (write 0.95 for 95 %)`);
  for (const kind of Object.keys(BURN_RATE_ALERTS) as BurnRateAlertPolicy['kind'][]) {
    if ((d.cases[kind]?.firing.length ?? 0) === 0) problems.push(`cases.${kind} has no firing case (add one that shows when the ${kind} fires)`);
  }
  if (problems.length > 0) throw new Error(`slo({ name: "${d.name}" }): ${problems.join('; ')}`);
}

/**
 * An SLO and everything it generates: for each window of SLO_WINDOWS the bad and valid
 * events and the burn rate; over the period the error ratio, the burn rate and the budget
 * remaining; a page and a ticket alert from BURN_RATE_ALERTS.
 *
 * @example
 * slo({ name: 'run_success', title: 'Run success', promise: 'end without an error', objective: 0.99,
 *       by: agentType, sli: { total: ..., bad: ... }, runbook: 'slo-run-success', dashboard: ..., cases: ... })
 */
export function slo(declaration: SloDeclaration): Slo {
  validate(declaration);
  const d = declaration;
  const errorBudget = budgetOf(d);
  const perWindow = new Map<number, { bad: RecordingRule; events: RecordingRule; burn: RecordingRule }>();
  const names = sloRecordNames(d);

  for (const w of SLO_WINDOWS) {
    const events = recording({
      record: names.events(w),
      expr: promql`sum by (${d.by}) (${onePerProcess(promql`increase(${d.sli.total}[${w}])`)})`,
      description: `${d.title}: valid events over ${duration(w)}, by ${d.by.name}`,
    });
    // `or 0 * events`: a bad-event series that does not exist yet (no failure so far) is 0
    // bad events, not a missing ratio, or a healthy agent type would have no budget at all.
    const bad = recording({
      record: names.badEvents(w),
      expr:
        'bad' in d.sli
          ? promql`sum by (${d.by}) (${onePerProcess(promql`increase(${d.sli.bad}[${w}])`)}) or 0 * ${events}`
          : // Two series extrapolated each on its own can differ by a fraction of an event.
            promql`clamp_min(${events} - (sum by (${d.by}) (${onePerProcess(promql`increase(${d.sli.good}[${w}])`)}) or 0 * ${events}), 0)`,
      description: `${d.title}: bad events over ${duration(w)}, by ${d.by.name}`,
    });
    const burn = recording({
      record: names.burnRate(w),
      expr: promql`${bad} / ${events} / ${errorBudget}`,
      description: `${d.title}: error ratio over ${duration(w)} divided by the error budget (${percent(errorBudget)}), by ${d.by.name}`,
    });
    perWindow.set(w.ms, { bad, events, burn });
  }

  const at = (w: Window) => {
    const rules = perWindow.get(w.ms);
    if (!rules) throw new Error(`SLO ${d.name}: no recordings over ${duration(w)}; the windows are ${SLO_WINDOWS.map(duration).join(', ')} (rules/slo-policy.ts)`);
    return rules;
  };
  // The period from the shortest window's recordings, not from 30 days of raw samples: a
  // month of 5-second scrapes per series, read every evaluation, is what Prometheus is worst
  // at. Summing bad and valid events separately weighs each stretch by its traffic, and a
  // quiet stretch adds 0 to both instead of a 0/0 that would poison an average of ratios.
  const base = at(SLO_WINDOWS[0]!);
  const periodErrorRatio = recording({
    record: names.periodErrorRatio,
    expr: promql`sum_over_time(${base.bad}[${SLO_PERIOD}]) / sum_over_time(${base.events}[${SLO_PERIOD}])`,
    description: `${d.title}: share of bad events over the ${duration(SLO_PERIOD)} period, by ${d.by.name}`,
  });
  const periodBurnRate = recording({
    record: names.burnRate(SLO_PERIOD),
    expr: promql`${periodErrorRatio} / ${errorBudget}`,
    description: `${d.title}: error ratio over the period divided by the error budget, by ${d.by.name}`,
  });
  const budgetRemaining = recording({
    record: names.budgetRemaining,
    expr: promql`1 - ${periodBurnRate}`,
    description: `${d.title}: share of the period's error budget left, by ${d.by.name} (below 0: overspent)`,
  });

  const burnAlert = (policy: BurnRateAlertPolicy): AlertRule => {
    const conditions = policy.conditions.map((c) => {
      const f = burnRateFactor(c);
      return promql`(${at(c.long).burn} > ${f} and ${at(c.short).burn} > ${f} and ${at(c.long).bad} >= ${policy.minBadEvents})`;
    });
    // A page only once Prometheus holds its shortest long window: on a fresh TSDB (or a fresh
    // local stack) every window holds the same few minutes, and a burst there is no burn rate.
    // AgentFailureRate and PerformanceDegradation page meanwhile.
    const shortestLong = policy.conditions.map((c) => c.long).reduce((a, b) => (b.ms < a.ms ? b : a));
    const anyCondition = conditions.slice(1).reduce((e, c) => promql`${e} or ${c}`, conditions[0]!);
    const historyNeeded = policy.kind === 'page';
    const cases = d.cases[policy.kind];
    return alert({
      name: `${pascal(d.name)}${policy.suffix}`,
      expr: historyNeeded ? promql`(${anyCondition}) and on () ${scrapingSince(shortestLong)}` : anyCondition,
      // No `for`: the short window already asks that the burn be going on now; waiting
      // would only delay the page by as long.
      for: '0s',
      severity: policy.severity,
      // The annotations as Go templates over the alert's label and value.
      ...burnAlertProse(d, policy, `{{ $labels.${d.by.name} }}`, '{{ $value | printf "%.1f" }}'),
      runbook: d.runbook,
      dashboard: d.dashboard,
      channels: policy.channels,
      // The cases are written with Prometheus scraping all along unless they say otherwise.
      firing: cases.firing.map(withScrapeHistory),
      ...(cases.quiet ? { quiet: cases.quiet.map(withScrapeHistory) } : {}),
    });
  };
  const alerts = { page: burnAlert(BURN_RATE_ALERTS.page), ticket: burnAlert(BURN_RATE_ALERTS.ticket) };

  return {
    ...d,
    errorBudget,
    badEvents: (w) => at(w).bad,
    events: (w) => at(w).events,
    burnRate: (w) => (w.ms === SLO_PERIOD.ms ? periodBurnRate : at(w).burn),
    periodErrorRatio,
    periodBurnRate,
    budgetRemaining,
    alerts,
    rules: [...SLO_WINDOWS.flatMap((w) => [at(w).events, at(w).bad, at(w).burn]), periodErrorRatio, periodBurnRate, budgetRemaining, alerts.page, alerts.ticket],
  };
}
