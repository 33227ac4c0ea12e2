import type { Unit } from './model';

/**
 * Numbers as people read them, shared by the Markdown and HTML renderers. Locale-free
 * (en-US grouping) so that a report reads the same on every machine and in every test.
 */

const grouped = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function formatValue(value: number, unit: Unit | 'text'): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'usd':
      return `$${grouped(value, Math.abs(value) < 10 ? 4 : 2)}`;
    case 'percent':
      return `${grouped(value, 1)} %`;
    case 'ratio':
      return `${grouped(value * 100, 1)} %`;
    case 'hours':
      return `${grouped(value, 1)} h`;
    case 'tokens':
      return compact(value);
    default:
      return Number.isInteger(value) ? grouped(value, 0) : grouped(value, Math.abs(value) < 10 ? 2 : 0);
  }
}

/** 1.2M, 340k: token counts are large and only their size matters. */
export function compact(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']] as const) {
    if (abs >= size) return `${grouped(value / size, 1)}${suffix}`;
  }
  return grouped(value, 0);
}

/** `+12.0 %`, `-3.4 %`; `n/a` when there was nothing to compare with. */
export function formatChange(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return 'n/a';
  return `${change >= 0 ? '+' : ''}${grouped(change * 100, 1)} %`;
}

/** `2026-11-25 09:00 UTC`: reports are read across time zones, so UTC, said so. */
export function formatTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Relative change from `before` to `now`; NaN when `before` is zero or missing. */
export function change(now: number, before: number): number {
  return Number.isFinite(now) && Number.isFinite(before) && before !== 0 ? (now - before) / before : NaN;
}
