import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../cli/report/html';
import { renderMarkdown } from '../../cli/report/markdown';
import type { Report } from '../../cli/report/model';
import { niceTicks, renderChart } from '../../cli/report/svg-chart';

/** The renderers on hand-made reports: empty data, NaN, hostile label values. */

const START = Date.parse('2026-11-22T08:00:00Z') / 1000;
const END = START + 86_400;
const HOSTILE = '<script>alert("x")</script>|*_`';

function report(overrides: Partial<Report> = {}): Report {
  return {
    kind: 'daily',
    title: 'AQE daily quality summary',
    start: START,
    end: END,
    prometheus: 'http://127.0.0.1:9090',
    figures: [{ label: 'Tests run', value: NaN, unit: 'count' }],
    sections: [
      { title: 'Flaky tests', chart: { kind: 'line', unit: 'count', start: START, end: END, series: [{ name: HOSTILE, points: [[START + 1800, 3], [START + 3600, NaN], [START + 5400, 4], [START + 7200, 5]] }] } },
      { title: 'Gates', chart: { kind: 'bar', unit: 'percent', bars: [{ label: HOSTILE, value: 50 }, { label: 'nightly', value: NaN }] }, table: { columns: ['gate', 'pass rate'], units: ['text', 'percent'], rows: [[HOSTILE, 50]] } },
      { title: 'Empty', chart: { kind: 'line', unit: 'usd', start: START, end: END, series: [] } },
      { title: 'Only gaps', chart: { kind: 'bar', unit: 'usd', bars: [{ label: 'a', value: NaN }] } },
    ],
    ...overrides,
  };
}

describe('svg charts', () => {
  it('draw "no data" for no series or only NaN, never an empty frame', () => {
    for (const chart of [report().sections[2]!.chart!, report().sections[3]!.chart!]) {
      const svg = renderChart(chart, 'x');
      expect(svg).toContain('class="chart no-data"');
      expect(svg).toContain('>no data</text>');
      expect(svg).not.toContain('NaN');
    }
  });

  it('leave a gap at a NaN point and mark a point between gaps', () => {
    const svg = renderChart(report().sections[0]!.chart!, 'Flaky tests');
    const d = /<path class="series" d="([^"]+)"/.exec(svg)![1]!;
    // Two pieces: the lone first point (a move only, so a dot marks it), then two points.
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d.match(/L/g)).toHaveLength(1);
    expect(svg).toContain('<circle');
    expect(svg).not.toContain('NaN');
    // Axes with labels: hours on x, values on y.
    expect(svg).toContain('>09:00</text>');
    expect(svg).toMatch(/class="axis"/);
  });

  it('escape label values', () => {
    const svg = renderChart(report().sections[1]!.chart!, 'Gates');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('>n/a</text>');
  });

  it('pick round ticks', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('html and markdown', () => {
  it('escape every value from Prometheus in the HTML, and show NaN as n/a', () => {
    const html = renderHtml(report());
    expect(html).not.toContain('<script>');
    expect(html.match(/&lt;script&gt;/g)!.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('<div class="value">n/a</div>');
    expect(html).not.toMatch(/NaN|undefined/);
  });

  it('keeps table cells intact in Markdown', () => {
    const md = renderMarkdown(report());
    expect(md).toContain('| \\<script\\>alert("x")\\</script\\>\\|\\*\\_\\` | 50.0 % |');
    expect(md).toContain('- **Tests run:** n/a');
    expect(md).toContain('_no data_');
    expect(md).not.toMatch(/NaN|undefined/);
  });
});
