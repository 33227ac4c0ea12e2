import type { Channel, Severity } from './define';
import { pagerduty, slackCritical, slackDev } from './channels';
import { BURN_RATE_CONDITIONS, type BurnRateAlertKind, type BurnRateCondition } from '../schema/slo-policy';

/**
 * How every SLO of rules/slo.ts is alerted on: the burn-rate conditions of
 * schema/slo-policy.ts (the workbook's multi-window, multi-burn-rate alerts), with who is
 * told and the low-traffic guard. Declared once here; each SLO's recording rules and alerts
 * are derived from it (rules/slo-define.ts).
 */

export interface BurnRateAlertPolicy {
  readonly kind: BurnRateAlertKind;
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
    conditions: BURN_RATE_CONDITIONS.page,
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
    conditions: BURN_RATE_CONDITIONS.ticket,
    // A ticket asks for days of someone's work on a trend; under ten failed runs in three days
    // there is no trend to find. It also keeps a fresh Prometheus, whose 3-day window holds
    // only its first hours, from ticketing an agent type for two chance failures among forty.
    minBadEvents: 10,
  },
};
