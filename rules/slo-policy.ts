import type { Channel, Severity, Window } from './define';
import { pagerduty, slackCritical, slackDev } from './channels';
import { FIVE_MINUTES, ONE_HOUR, SIX_HOURS, THIRTY_DAYS, THIRTY_MINUTES, THREE_DAYS } from './windows';

/**
 * How every SLO of rules/slo.ts is alerted on: the multi-window, multi-burn-rate alerts of
 * the Google SRE workbook (chapter "Alerting on SLOs"), as Sloth generates them. Declared
 * once here; each SLO's recording rules and alerts are derived from it (rules/slo-define.ts).
 *
 * A burn rate is how fast the error budget goes: 1 spends exactly the budget in the period,
 * 14.4 spends it in two days. An alert fires when a long window shows enough of the budget
 * spent (so it is significant) and its short window, a twelfth as long, shows the burn still
 * going on (so it resets minutes after the incident ends instead of hours).
 */

/** The period over which an objective holds and its error budget is spent. */
export const SLO_PERIOD = THIRTY_DAYS;

export interface BurnRateCondition {
  /** Share of the period's error budget that, spent within `long`, is worth the alert. */
  readonly budgetSpent: number;
  readonly long: Window;
  /** A twelfth of `long` (the workbook's ratio), so the alert stops soon after the burn does. */
  readonly short: Window;
}

export interface BurnRateAlertPolicy {
  /** What the alert asks of people: `page` wakes someone, `ticket` is work for the next days. */
  readonly kind: 'page' | 'ticket';
  /** Appended to the SLO's alert name: `RunSuccessBudgetFastBurn`. */
  readonly suffix: string;
  readonly severity: Severity;
  readonly channels: readonly Channel[];
  /** Any one of them fires the alert. */
  readonly conditions: readonly BurnRateCondition[];
  /**
   * Bad events the long window must hold before the alert fires: the low-traffic guard. A
   * burn rate is a ratio, and a ratio of a handful of runs is chance: an agent type run
   * once an hour whose one run fails burns at 1/budget (100x at a 99 % objective) over any
   * window, and would page at 3 a.m. for one failure.
   */
  readonly minBadEvents: number;
}

export const BURN_RATE_ALERTS: Readonly<Record<BurnRateAlertPolicy['kind'], BurnRateAlertPolicy>> = {
  page: {
    kind: 'page',
    suffix: 'BudgetFastBurn',
    severity: 'critical',
    channels: [pagerduty, slackCritical],
    // 2 % of the month's budget in an hour, or 5 % in six hours: at that pace the budget is
    // gone in two days (five days), too soon to wait for office hours.
    conditions: [
      { budgetSpent: 0.02, long: ONE_HOUR, short: FIVE_MINUTES },
      { budgetSpent: 0.05, long: SIX_HOURS, short: THIRTY_MINUTES },
    ],
    // Three failed runs, as AgentFailureRate asks in its 5 minutes: one or two failures of a
    // rarely used agent type do not page; three of its runs in a row failing do, once the
    // ratio is high enough. The guard delays a low-traffic page, it does not silence it.
    minBadEvents: 3,
  },
  ticket: {
    kind: 'ticket',
    suffix: 'BudgetSlowBurn',
    severity: 'warning',
    // A ticket is work for the agent's developers, not an incident.
    channels: [slackDev],
    // 10 % of the budget in three days: the budget will not last the month.
    conditions: [{ budgetSpent: 0.1, long: THREE_DAYS, short: SIX_HOURS }],
    // A ticket asks for days of someone's work on a trend; under ten failed runs in three days
    // there is no trend to find. It also keeps a fresh Prometheus, whose 3-day window holds
    // only its first hours, from ticketing an agent type for two chance failures among forty.
    minBadEvents: 10,
  },
};

/** The burn rate of a condition: the budget share it spends, spread over its long window. */
export function burnRateFactor(condition: BurnRateCondition): number {
  // Rounded so that 0.02 * 720 is 14.4 in the rule text, not 14.399999999999999.
  return Number(((condition.budgetSpent * SLO_PERIOD.ms) / condition.long.ms).toPrecision(6));
}

/**
 * Every window an SLO needs an error ratio over, shortest first, each once: the long and
 * short windows of every alert condition. Computed once, for every SLO.
 */
export const SLO_WINDOWS: readonly Window[] = (() => {
  const byMs = new Map<number, Window>();
  for (const policy of Object.values(BURN_RATE_ALERTS)) {
    for (const c of policy.conditions) for (const w of [c.long, c.short]) if (!byMs.has(w.ms)) byMs.set(w.ms, w);
  }
  return [...byMs.values()].sort((a, b) => a.ms - b.ms);
})();
