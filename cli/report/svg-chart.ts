import { escapeHtml } from './escape';
import { compact } from './format';
import type { Chart, LineSeries, Unit } from './model';

/**
 * Charts as inline SVG, drawn here rather than by a JavaScript library: the HTML report is
 * read in e-mail clients (which run no script) and offline. Every chart has axes with
 * labels; a chart with nothing finite to draw is a "no data" box, never an empty frame;
 * NaN points leave a gap in a line rather than a drop to zero.
 */

const WIDTH = 640;
const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#4b5563', '#ea580c'];
const TEXT = 'font-family="Helvetica, Arial, sans-serif" font-size="11" fill="#374151"';

export function renderChart(chart: Chart, title: string): string {
  return chart.kind === 'line' ? lineChart(chart.series, chart.start, chart.end, chart.unit, title) : barChart(chart.bars, chart.unit, title);
}

function open(width: number, height: number, title: string, extraClass = ''): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart${extraClass}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`
  );
}

export function noData(title: string): string {
  const height = 64;
  return (
    open(WIDTH, height, title, ' no-data') +
    `<rect x="0.5" y="0.5" width="${WIDTH - 1}" height="${height - 1}" fill="#f9fafb" stroke="#d1d5db" stroke-dasharray="4 3"/>` +
    `<text x="${WIDTH / 2}" y="${height / 2 + 4}" text-anchor="middle" ${TEXT} font-size="13">no data</text></svg>`
  );
}

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (hi <= lo) hi = lo + 1;
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
  const ticks: number[] = [];
  for (let v = Math.floor(lo / step) * step; v <= Math.ceil(hi / step) * step + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function axisLabel(value: number, unit: Unit, step: number): string {
  const digits = step < 1 ? Math.min(4, Math.ceil(-Math.log10(step))) : 0;
  const text = Math.abs(value) >= 1000 ? compact(value) : value.toFixed(digits);
  return unit === 'usd' ? `$${text}` : unit === 'percent' || unit === 'ratio' ? `${text}%` : unit === 'hours' ? `${text}h` : text;
}

/** Time ticks aligned to UTC hours or days, whichever gives a readable number of them. */
function timeTicks(start: number, end: number): { ticks: number[]; label: (t: number) => string } {
  const span = end - start;
  const interval = span <= 86_400 * 1.01 ? 3 * 3600 : span <= 3 * 86_400 ? 12 * 3600 : 86_400;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / interval) * interval; t <= end; t += interval) ticks.push(t);
  const label = (t: number) => {
    const iso = new Date(t * 1000).toISOString();
    return interval < 86_400 ? iso.slice(11, 16) : `${iso.slice(5, 10)}`;
  };
  return { ticks, label };
}

function lineChart(series: readonly LineSeries[], start: number, end: number, unit: Unit, title: string): string {
  const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
  if (values.length === 0 || !(end > start)) return noData(title);
  const legendRows = Math.ceil(series.length / 4);
  const left = 56;
  const right = 16;
  const top = 12;
  const plotW = WIDTH - left - right;
  const plotH = 180;
  const height = top + plotH + 28 + legendRows * 18;
  const yTicks = niceTicks(Math.min(0, ...values), Math.max(...values));
  const yMin = yTicks[0]!;
  const yMax = yTicks[yTicks.length - 1]!;
  const x = (t: number) => left + ((t - start) / (end - start)) * plotW;
  const y = (v: number) => top + plotH - ((v - yMin) / (yMax - yMin)) * plotH;
  const yStep = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  const parts = [open(WIDTH, height, title)];

  for (const v of yTicks) {
    parts.push(`<line x1="${left}" x2="${WIDTH - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" ${TEXT}>${escapeHtml(axisLabel(v, unit, yStep))}</text>`);
  }
  const time = timeTicks(start, end);
  for (const t of time.ticks) {
    parts.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top + plotH}" y2="${top + plotH + 4}" stroke="#6b7280"/>`);
    parts.push(`<text x="${x(t).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle" ${TEXT}>${escapeHtml(time.label(t))}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#6b7280"/>`);
  parts.push(`<line class="axis" x1="${left}" x2="${WIDTH - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#6b7280"/>`);

  series.forEach((s, i) => {
    const colour = s.colour ?? PALETTE[i % PALETTE.length]!;
    let d = '';
    let penDown = false;
    const dots: string[] = [];
    s.points.forEach(([t, v], j) => {
      if (!Number.isFinite(v)) {
        penDown = false;
        return;
      }
      d += `${penDown ? 'L' : 'M'}${x(t).toFixed(1)} ${y(v).toFixed(1)}`;
      penDown = true;
      // A point between two gaps draws no line: mark it, or it would not show at all.
      const before = s.points[j - 1]?.[1];
      const after = s.points[j + 1]?.[1];
      if (!Number.isFinite(before ?? NaN) && !Number.isFinite(after ?? NaN)) dots.push(`<circle cx="${x(t).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${colour}"/>`);
    });
    if (d !== '') parts.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="1.8" stroke-linejoin="round"><title>${escapeHtml(s.name)}</title></path>`);
    parts.push(...dots);
    const lx = left + (i % 4) * 150;
    const ly = top + plotH + 34 + Math.floor(i / 4) * 18;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="10" fill="${colour}"/>`);
    parts.push(`<text x="${lx + 14}" y="${ly + 1}" ${TEXT}>${escapeHtml(truncate(s.name, 22))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function barChart(bars: readonly { readonly label: string; readonly value: number }[], unit: Unit, title: string): string {
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  if (finite.length === 0) return noData(title);
  const labelW = 190;
  const valueW = 80;
  const rowH = 22;
  const top = 8;
  const plotW = WIDTH - labelW - valueW;
  const height = top + bars.length * rowH + 28;
  const ticks = niceTicks(0, Math.max(...finite, 0));
  const max = ticks[ticks.length - 1]!;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const x = (v: number) => labelW + (Math.max(0, v) / max) * plotW;
  const parts = [open(WIDTH, height, title)];
  const axisY = top + bars.length * rowH;
  for (const v of ticks) {
    parts.push(`<line x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${top}" y2="${axisY + 4}" stroke="#e5e7eb"/>`);
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 16}" text-anchor="middle" ${TEXT}>${escapeHtml(axisLabel(v, unit, step))}</text>`);
  }
  bars.forEach((b, i) => {
    const yTop = top + i * rowH + 3;
    parts.push(`<text x="${labelW - 8}" y="${yTop + 12}" text-anchor="end" ${TEXT}>${escapeHtml(truncate(b.label, 30))}</text>`);
    if (Number.isFinite(b.value)) {
      const w = Math.max(x(b.value) - labelW, b.value > 0 ? 1 : 0);
      parts.push(`<rect class="bar" x="${labelW}" y="${yTop}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${PALETTE[0]}"><title>${escapeHtml(`${b.label}: ${b.value}`)}</title></rect>`);
    }
    parts.push(`<text x="${(Number.isFinite(b.value) ? x(b.value) : labelW) + 6}" y="${yTop + 12}" ${TEXT}>${escapeHtml(Number.isFinite(b.value) ? axisLabel(b.value, unit, step / 10) : 'n/a')}</text>`);
  });
  parts.push(`<line class="axis" x1="${labelW}" x2="${labelW}" y1="${top}" y2="${axisY}" stroke="#6b7280"/>`);
  parts.push(`<line class="axis" x1="${labelW}" x2="${labelW + plotW}" y1="${axisY}" y2="${axisY}" stroke="#6b7280"/>`);
  parts.push('</svg>');
  return parts.join('');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
