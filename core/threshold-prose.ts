/**
 * Thresholds written as prose (alert descriptions, panel descriptions, runbooks): formatted
 * from the threshold's value, so changing a threshold changes every sentence that states it.
 */
import { formatDuration, parseDuration } from './duration';

/** A ratio as people read it: 0.1 is `10%`, 0.015 is `1.5%`. */
export function percent(ratio: number): string {
  return `${Number((ratio * 100).toFixed(2))}%`;
}

/** Seconds as a Prometheus-style duration, the way `humanizeDuration` reads nearby: 30 is `30s`, 90 is `90s`. */
export function secondsText(seconds: number): string {
  return formatDuration(Math.round(seconds * 1000));
}

/** A large count by its size, as `humanize` writes it: 100000 is `100k`, 1500000 is `1.5M`. */
export function countText(value: number): string {
  for (const [size, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (Math.abs(value) >= size) return `${Number((value / size).toFixed(1))}${suffix}`;
  }
  return String(value);
}

const SPOKEN_UNITS = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
] as const;

type SpokenUnit = (typeof SPOKEN_UNITS)[number][1];
const HALF_AN_HOUR = 1_800_000;

/**
 * A window or `for` as a sentence says it: 5 min is `5 minutes`, 1 h is `an hour`, 30 min
 * `half an hour`, 1 min `a minute`. A `for` may be given as written (`'15m'`). `largest`
 * caps the unit: a day in hours is `24 hours`.
 */
export function spokenDuration(duration: number | string, largest: SpokenUnit = 'day'): string {
  const ms = typeof duration === 'number' ? duration : parseDuration(duration);
  if (ms === undefined) return String(duration);
  if (ms === HALF_AN_HOUR && largest !== 'minute' && largest !== 'second') return 'half an hour';
  for (const [size, unit] of SPOKEN_UNITS.slice(SPOKEN_UNITS.findIndex(([, u]) => u === largest))) {
    if (ms % size !== 0 || ms < size) continue;
    const count = ms / size;
    return count === 1 ? `${unit === 'hour' ? 'an' : 'a'} ${unit}` : `${count} ${unit}s`;
  }
  return `${ms} ms`;
}

/** The span a window looks back over: 1 d is `the last day`, 5 min `the last 5 minutes`, 1 d in hours `the last 24 hours`. */
export function lastSpan(duration: number | string, largest: SpokenUnit = 'day'): string {
  return `the last ${spokenDuration(duration, largest).replace(/^an? /, '')}`;
}
