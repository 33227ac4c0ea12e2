/** A plain-text table for stdout: right-aligns cells that look like numbers. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = /^[-+]?[\d.,]+( ?[%x]| ms| ns| µs)?$/;
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric.test(c) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export const fmt = {
  ns: (n: number) => `${n.toFixed(n < 10 ? 1 : 0)} ns`,
  us: (n: number) => `${n.toFixed(1)} µs`,
  ms: (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`,
  x: (n: number) => `${n.toFixed(2)}x`,
  pct: (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} %`,
  /** (max - min) / median of the rounds. */
  spread: (n: number) => `${n.toFixed(1)} %`,
};
