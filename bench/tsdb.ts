/**
 * A Prometheus TSDB filled by backfill (bench section 5): promtool turns OpenMetrics files and
 * recording rules into blocks, and a Prometheus (tools/, the pinned release) serves them from a data
 * directory the bench owns (stack/prometheus.ts always starts on an empty one).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess } from '../stack/process';
import { requireTool } from '../stack/tools';

function run(binary: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${binary} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`))));
  });
}

/**
 * `promtool tsdb create-blocks-from openmetrics` on each file (two at a time), deleting each
 * file once it is in blocks. 24h asks for blocks of up to 18 h (promtool rounds down to a
 * compaction range), so a one-day file gives two blocks and no two blocks overlap.
 */
export async function backfillOpenMetrics(files: readonly string[], outDir: string, parallel = 2): Promise<void> {
  const promtool = requireTool('promtool');
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      await run(promtool, ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', '--max-block-duration=24h', file, outDir]);
      rmSync(file, { force: true });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** `promtool tsdb create-blocks-from rules` against a running Prometheus. */
export async function backfillRules(options: { url: string; startSec: number; endSec: number; ruleFiles: readonly string[]; outDir: string }): Promise<string> {
  return run(requireTool('promtool'), [
    'tsdb',
    'create-blocks-from',
    'rules',
    '--quiet',
    `--url=${options.url}`,
    `--start=${options.startSec}`,
    `--end=${options.endSec}`,
    `--output-dir=${options.outDir}`,
    ...options.ruleFiles,
  ]);
}

/** Moves the block directories of `from` into the data directory `to`. */
export function addBlocks(from: string, to: string): number {
  if (!existsSync(from)) return 0;
  let n = 0;
  for (const name of readdirSync(from)) {
    if (!existsSync(join(from, name, 'meta.json'))) continue;
    cpSync(join(from, name), join(to, name), { recursive: true });
    n++;
  }
  rmSync(from, { recursive: true, force: true });
  return n;
}

export interface TsdbPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

/** Prometheus on an existing data directory, no scrape targets, no rules; retention long enough for backfilled blocks. */
export async function startPrometheusOnTsdb(dataDir: string, configDir: string): Promise<TsdbPrometheus> {
  const config = join(configDir, 'prometheus.yaml');
  writeFileSync(config, 'global:\n  scrape_interval: 15s\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess({
    name: 'prometheus',
    binary: requireTool('prometheus'),
    url,
    timeoutMs: 120_000,
    args: [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      '--storage.tsdb.retention.time=30d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
  });
  return { url, stop: running.stop };
}

/** Prometheus' own counters, read from its /metrics page (nothing scrapes it here). */
export async function selfMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line ? Number(line.split(' ').pop()) : NaN;
}

/**
 * Prometheus merges overlapping blocks (the rule blocks overlap the raw ones in time)
 * and compacts small blocks in its background loop, which first runs a minute after start.
 * Queries timed during that would measure the compaction, so wait until it has run and
 * settled: blocks loaded and compactions unchanged over 6 s, at least `minWaitMs` after start.
 */
export async function waitForCompaction(url: string, startedAt: number, minWaitMs = 65_000, maxWaitMs = 300_000): Promise<{ waitedMs: number; compactions: number; blocks: number }> {
  const read = async () => ({
    compactions: (await selfMetric(url, 'prometheus_tsdb_compactions_total')) + (await selfMetric(url, 'prometheus_tsdb_vertical_compactions_total')),
    blocks: await selfMetric(url, 'prometheus_tsdb_blocks_loaded'),
  });
  const before = await read();
  let last = before;
  let stableSince = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await read();
    if (now.compactions !== last.compactions || now.blocks !== last.blocks) stableSince = Date.now();
    last = now;
    const waited = Date.now() - startedAt;
    if ((waited >= minWaitMs && Date.now() - stableSince >= 6000) || waited >= maxWaitMs) {
      return { waitedMs: waited, compactions: now.compactions - before.compactions, blocks: now.blocks };
    }
  }
}

export interface BlockStats {
  readonly blocks: number;
  readonly samples: number;
  /** Sum over blocks of each block's series (a series in several blocks counts in each). */
  readonly seriesBlockSum: number;
  readonly maxSeries: number;
  readonly chunkBytes: number;
  readonly indexBytes: number;
  readonly minTime: number;
  readonly maxTime: number;
}

function dirBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((a, n) => a + dirBytes(join(path, n)), 0);
}

/** Block statistics from each block's meta.json and file sizes; `filter` picks blocks by their ulid. */
export function blockStats(dataDir: string, filter: (ulid: string) => boolean = () => true): BlockStats {
  let blocks = 0;
  let samples = 0;
  let seriesBlockSum = 0;
  let maxSeries = 0;
  let chunkBytes = 0;
  let indexBytes = 0;
  let minTime = Infinity;
  let maxTime = -Infinity;
  for (const name of readdirSync(dataDir)) {
    const metaPath = join(dataDir, name, 'meta.json');
    if (!existsSync(metaPath) || !filter(name)) continue;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { minTime: number; maxTime: number; stats: { numSamples: number; numSeries: number } };
    blocks++;
    samples += meta.stats.numSamples;
    seriesBlockSum += meta.stats.numSeries;
    maxSeries = Math.max(maxSeries, meta.stats.numSeries);
    chunkBytes += dirBytes(join(dataDir, name, 'chunks'));
    indexBytes += dirBytes(join(dataDir, name, 'index'));
    minTime = Math.min(minTime, meta.minTime);
    maxTime = Math.max(maxTime, meta.maxTime);
  }
  return { blocks, samples, seriesBlockSum, maxSeries, chunkBytes, indexBytes, minTime, maxTime };
}

export function blockIds(dataDir: string): Set<string> {
  return new Set(readdirSync(dataDir).filter((n) => existsSync(join(dataDir, n, 'meta.json'))));
}
