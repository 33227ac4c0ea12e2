import { formatChange, formatTime, formatValue } from './format';
import type { Chart, Report, Table } from './model';

/**
 * The report as Markdown (what stdout, the .md file and the webhook's `markdown` carry).
 * Charts cannot be drawn in Markdown: a line chart becomes a sparkline per series, a bar
 * chart is already its table.
 */

const SPARKS = '▁▂▃▄▅▆▇█';

export function renderMarkdown(report: Report): string {
  const lines = [`# ${cell(report.title)}`, '', `${formatTime(report.start)} to ${formatTime(report.end)} (Prometheus ${report.prometheus})`, ''];
  for (const f of report.figures) {
    const change = f.change === undefined ? '' : ` (${formatChange(f.change)} on the week before)`;
    lines.push(`- **${cell(f.label)}:** ${formatValue(f.value, f.unit)}${change}`);
  }
  for (const section of report.sections) {
    lines.push('', `## ${cell(section.title)}`, '');
    if (section.note) lines.push(section.note, '');
    if (section.chart?.kind === 'line') lines.push(...sparklines(section.chart), '');
    if (section.table) lines.push(...table(section.table), '');
    if (!section.table && section.chart?.kind === 'bar') lines.push(...table({ columns: ['', 'value'], units: ['text', section.chart.unit], rows: section.chart.bars.map((b) => [b.label, b.value]) }), '');
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

function table(t: Table): string[] {
  if (t.rows.length === 0) return ['_no data_'];
  const row = (cells: readonly (string | number)[]) => `| ${cells.map((c, i) => cell(typeof c === 'number' ? formatValue(c, t.units[i] ?? 'count') : c)).join(' | ')} |`;
  return [row(t.columns), `|${t.units.map((u) => (u === 'text' ? ' --- ' : ' ---: ')).join('|')}|`, ...t.rows.map(row)];
}

function sparklines(chart: Extract<Chart, { kind: 'line' }>): string[] {
  const values = chart.series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  if (values.length === 0) return ['_no data_'];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return chart.series.map((s) => {
    const spark = s.points.map(([, v]) => (Number.isFinite(v) ? SPARKS[hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7)] : ' ')).join('');
    const last = [...s.points].reverse().find(([, v]) => Number.isFinite(v))?.[1] ?? NaN;
    return `- \`${spark}\` ${cell(s.name)} (last ${formatValue(last, chart.unit)})`;
  });
}

/** Label values come from the fleet: keep them from breaking a table or turning into markup. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}
