import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { Io } from '../../cli/output';
import { formatValue } from '../../cli/report/format';
import type { Report } from '../../cli/report/model';
import { startBackfilledPrometheus, type BackfilledPrometheus } from '../support/report-week';

/**
 * The HTML reports in a real browser (Debian's Chromium, driven by playwright-core), on two
 * weeks of a realistic fleet's data backfilled into a real Prometheus: no console errors,
 * every chart drawn with data, the title and key figures visible, and a full-page screenshot
 * that is kept (test-results/report-<kind>.png) and checked to be a real picture.
 * Without Chromium this test fails: it never skips.
 */

const ROOT = resolve(__dirname, '../..');
const CHROMIUM = '/usr/bin/chromium';
/** A Monday, at the hour the weekly report runs (rules/schedules.ts). */
const AT = '2026-11-23T08:00:00Z';
const METRICS = [
  'aqe_quality_tests_run_total', 'aqe_quality_coverage_percent', 'aqe_quality_flaky_tests', 'aqe_quality_gate_decisions_total', 'aqe_security_findings_total', 'aqe_agent_spawn_total',
  'aqe_cost_usd_total', 'aqe_tokens_input_total', 'aqe_tokens_output_total', 'aqe_tokens_cache_read_total', 'aqe_tokens_cache_write_total', 'aqe_roi_time_saved_seconds_total',
];
/** The chart colour of the first series and of every bar (cli/report/svg-chart.ts). */
const CHART_BLUE = [0x25, 0x63, 0xeb];

let prometheus: BackfilledPrometheus;
let browser: BrowserContext;
let dir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (.ci/run installs it)`);
  dir = mkdtempSync(join(tmpdir(), 'aqe-report-chromium-'));
  prometheus = await startBackfilledPrometheus({ endSec: Date.parse(AT) / 1000, days: 15, stepSec: 300, metrics: METRICS });
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    // What this machine needs (see the machine notes): no sandbox as root, and no background
    // connections, which the closed network refuses.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await prometheus?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color: false, env: {} };
  return { code: await main(['telemetry', ...args], io), stdout, stderr };
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.each(['daily', 'weekly'] as const)('the %s report in Chromium', (kind) => {
  it('renders every chart with data, the title and the key figures, and makes a real screenshot', async () => {
    const json = await cli(['report', kind, '--at', AT, '--json', '--prometheus', prometheus.url]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    for (const f of report.figures) expect(f.value, f.label).not.toBeNull();
    const written = await cli(['report', kind, '--at', AT, '--out', join(dir, `${kind}.html`), '--prometheus', prometheus.url]);
    expect(written.code).toBe(0);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page: ${e.message}`));
    page.on('requestfailed', (r) => void problems.push(`request: ${r.url()}`));
    await page.goto(`file://${join(dir, `${kind}.html`)}`);

    await expect(page.getByRole('heading', { level: 1, name: report.title }).isVisible()).resolves.toBe(true);
    for (const f of report.figures) {
      const value = page.locator('.figure', { hasText: f.label }).first().locator('.value');
      expect(await value.isVisible(), f.label).toBe(true);
      expect(await value.innerText(), f.label).toBe(formatValue(f.value, f.unit));
    }

    const charts = await page.$$eval('svg.chart', (svgs) =>
      svgs.map((svg) => {
        const box = svg.getBoundingClientRect();
        return {
          title: svg.querySelector('title')?.textContent ?? '',
          width: box.width,
          height: box.height,
          noData: svg.classList.contains('no-data'),
          drawn: svg.querySelectorAll('path.series, rect.bar, circle').length,
          axes: svg.querySelectorAll('line.axis').length,
          labels: svg.querySelectorAll('text').length,
        };
      }),
    );
    expect(charts.map((c) => c.title)).toEqual(report.sections.filter((s) => s.chart).map((s) => s.title));
    for (const c of charts) {
      expect(c.noData, c.title).toBe(false);
      expect(c.width, c.title).toBeGreaterThan(300);
      expect(c.height, c.title).toBeGreaterThan(50);
      expect(c.drawn, c.title).toBeGreaterThan(0);
      expect(c.axes, c.title).toBe(2);
      expect(c.labels, c.title).toBeGreaterThan(4);
    }

    const screenshot = join(dir, `report-${kind}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    copyFileSync(screenshot, join(ROOT, 'test-results', `report-${kind}.png`));
    const png = readFileSync(screenshot);
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const { width, height } = pngSize(png);
    expect(width).toBe(1280);
    expect(height).toBeGreaterThan(1500);

    // Decode the screenshot in the browser: many colours, the charts' blue among them.
    await page.setContent('<canvas id="c"></canvas>');
    const colours = await page.evaluate(async (dataUrl) => {
      const img = new Image();
      img.src = dataUrl;
      await img.decode();
      const canvas = document.getElementById('c') as HTMLCanvasElement;
      canvas.width = img.width;
      canvas.height = img.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(img, 0, 0);
      const data = context.getImageData(0, 0, img.width, img.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return [...seen];
    }, `data:image/png;base64,${png.toString('base64')}`);
    expect(colours.length).toBeGreaterThan(50);
    expect(colours).toContain((CHART_BLUE[0]! << 16) | (CHART_BLUE[1]! << 8) | CHART_BLUE[2]!);

    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
