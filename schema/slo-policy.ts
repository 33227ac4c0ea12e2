import type { Window } from '../core/promql';
import { FIVE_MINUTES, ONE_HOUR, SIX_HOURS, THIRTY_DAYS, THIRTY_MINUTES, THREE_DAYS } from '../core/windows';

/**
 * The numbers of the SLO burn-rate alerts: the multi-window, multi-burn-rate alerts of the
 * Google SRE workbook (chapter "Alerting on SLOs"), as Sloth generates them. Declared here,
 * below rules/ and dashboards-src/, because both state them: the alerts of rules/slo-policy.ts
 * fire on them, the SLO dashboard draws them.
 *
 * A burn rate is how fast the error budget goes: 1 spends exactly the budget in the period,
 * 14.4 spends it in two days. An alert fires when a long window shows enough of the budget
 * spent (so it is significant) and its short window, a twelfth as long, shows the burn still
 * going on (so it resets minutes after the incident ends instead of hours).
 */

/** The period over which an objective holds and its error budget is spent. */
export const SLO_PERIOD = THIRTY_DAYS;

/** What the alert asks of people: `page` wakes someone, `ticket` is work for the next days. */
export type BurnRateAlertKind = 'page' | 'ticket';

export interface BurnRateCondition {
  /** Share of the period's error budget that, spent within `long`, is worth the alert. */
  readonly budgetSpent: number;
  readonly long: Window;
  /** A twelfth of `long` (the workbook's ratio), so the alert stops soon after the burn does. */
  readonly short: Window;
}

/** The conditions of each kind of alert; any one of them fires it. */
export const BURN_RATE_CONDITIONS: Readonly<Record<BurnRateAlertKind, readonly BurnRateCondition[]>> = {
  // 2 % of the month's budget in an hour, or 5 % in six hours: at that pace the budget is
  // gone in two days (five days), too soon to wait for office hours.
  page: [
    { budgetSpent: 0.02, long: ONE_HOUR, short: FIVE_MINUTES },
    { budgetSpent: 0.05, long: SIX_HOURS, short: THIRTY_MINUTES },
  ],
  // 10 % of the budget in three days: the budget will not last the month.
  ticket: [{ budgetSpent: 0.1, long: THREE_DAYS, short: SIX_HOURS }],
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
  for (const conditions of Object.values(BURN_RATE_CONDITIONS)) {
    for (const c of conditions) for (const w of [c.long, c.short]) if (!byMs.has(w.ms)) byMs.set(w.ms, w);
  }
  return [...byMs.values()].sort((a, b) => a.ms - b.ms);
})();
