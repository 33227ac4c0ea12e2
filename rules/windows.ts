import { window } from './define';

/**
 * The time windows the rules use, declared once. Written through `promql` as windows (not
 * as `[5m]` text), so a local stack can compress them with the rest of time.
 */
export const FIVE_MINUTES = window('5m');
export const ONE_HOUR = window('1h');
export const ONE_DAY = window('1d');
/** A minute, for thresholds stated per minute. */
export const ONE_MINUTE = window('1m');
