/**
 * A rendered report as plain data: what `--json` prints, and what the Markdown and HTML
 * renderers take. Daily and weekly reports differ only in how they fill it.
 */

import type { ReportName } from '../../core/reports';

export type ReportKind = ReportName;

/** How a number reads: `usd` as $1,234.56, `percent` as 97.3 %, `hours` as 12.5 h. */
export type Unit = 'count' | 'percent' | 'usd' | 'hours' | 'tokens' | 'ratio';

export interface Figure {
  readonly label: string;
  /** NaN when Prometheus had no data for it. */
  readonly value: number;
  readonly unit: Unit;
  /** Relative change against the previous window (0.12 = +12 %); NaN when there is nothing to compare. */
  readonly change?: number;
  /** Whether a rise is good news (cost: no; hours saved: yes), for the colour of the change. */
  readonly higherIsBetter?: boolean;
}

export interface Table {
  readonly columns: readonly string[];
  /** Numbers are formatted with the column's unit; strings are shown as they are. */
  readonly units: readonly (Unit | 'text')[];
  readonly rows: readonly (readonly (string | number)[])[];
}

export interface LineSeries {
  readonly name: string;
  /** A colour that means something (failed tests red); else the next of the palette. */
  readonly colour?: string;
  /** [unix seconds, value]; NaN where a step had no value. */
  readonly points: readonly (readonly [number, number])[];
}

export type Chart =
  | { readonly kind: 'line'; readonly unit: Unit; readonly start: number; readonly end: number; readonly series: readonly LineSeries[] }
  | { readonly kind: 'bar'; readonly unit: Unit; readonly bars: readonly { readonly label: string; readonly value: number }[] };

export interface Section {
  readonly title: string;
  readonly note?: string;
  readonly table?: Table;
  readonly chart?: Chart;
}

export interface Report {
  readonly kind: ReportKind;
  readonly title: string;
  /** Unix seconds: the window the report covers. */
  readonly start: number;
  readonly end: number;
  readonly prometheus: string;
  readonly figures: readonly Figure[];
  readonly sections: readonly Section[];
}
