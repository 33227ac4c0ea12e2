import { formatDuration, parseDuration } from '../core/duration';
import type { AlertingModel } from './alerting-types';
import type { Diagnostic } from './diagnostics';

/**
 * Every range window of every rule (`rate(x[5m])`, `max_over_time(y[30m:1m])`) spans at least
 * four scrape intervals: `rate()` needs two samples in its window, and four leave room for a
 * missed scrape and for Prometheus 3's left-open ranges (Grafana's `$__rate_interval` keeps
 * the same four for panels). Checked when generating, against the scrape interval of
 * rules/settings.ts, so lengthening the scrape interval for storage cannot silently empty a rule.
 */

/** How many scrape intervals a window spans at least. */
export const MIN_SCRAPES_PER_WINDOW = 4;

const RANGE = /\[(\d+(?:ms|[smhdwy]))+(?=[\]:])/g;

export function checkRuleWindows(alerting: AlertingModel, scrapeMs: number, scrapeSetting: string): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const minimum = MIN_SCRAPES_PER_WINDOW * scrapeMs;
  for (const file of alerting.files) {
    for (const group of file.groups) {
      for (const rule of group.rules) {
        const name = rule.kind === 'alert' ? `alert ${rule.name}` : `recording rule ${rule.record}`;
        const short = [...new Set([...rule.expr.matchAll(RANGE)].map((m) => m[0].slice(1)))].filter((w) => (parseDuration(w) ?? Infinity) < minimum);
        for (const window of short) {
          problems.push({
            place: `${name} (rules/${file.name}), window [${window}]`,
            problem: `it spans fewer than ${MIN_SCRAPES_PER_WINDOW} scrapes at ${scrapeSetting}: rate() and increase() need two samples in it, and a missed scrape leaves it empty`,
            fix: `a window of at least ${formatDuration(minimum)}, or a shorter scrape interval (keeping the storage budget of docs/deployment.md)`,
          });
        }
      }
    }
  }
  return problems;
}
