import { window } from './promql';

/**
 * The time windows the rules, the SLO policy (schema/slo-policy.ts) and the feedback loop
 * use, declared once. Written through `promql` as windows (not as `[5m]` text), so a local
 * stack can compress them with the rest of time.
 */
export const FIVE_MINUTES = window('5m');
export const ONE_HOUR = window('1h');
export const ONE_DAY = window('1d');
/** A minute, for thresholds stated per minute. */
export const ONE_MINUTE = window('1m');
/** How far back an agent type counts as known (NewAgentDeployed). */
export const ONE_WEEK = window('7d');

// The windows of the SLO burn-rate alerts (schema/slo-policy.ts): each long window with the
// short one, a twelfth of it, that says the burn is still going on.
export const THIRTY_MINUTES = window('30m');
export const SIX_HOURS = window('6h');
export const THREE_DAYS = window('3d');
/** The SLO period: error budgets are spent and measured over 30 days. */
export const THIRTY_DAYS = window('30d');
