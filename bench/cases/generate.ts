import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { renderAll } from '../../generators/generate';
import { readSources } from '../../generators/sources';
import { stats, type Stats } from '../harness';

/**
 * Case 4: how long `npm run generate` takes. In process, renderAll(sources) (schema and
 * rules -> models -> every file's text, no disk I/O) is timed as a median. Then whole processes, the
 * way a developer or CI runs it: `npx ts-node --swc generators/main.ts --check` (npx,
 * ts-node + swc start-up, compiling schema/ and generators/, rendering, comparing with
 * out/), next to `node -e ""` (a bare Node start) measured in the same run as its baseline.
 */

const ROOT = resolve(__dirname, '..', '..');

export interface GenerateResults {
  readonly files: number;
  readonly renderMs: Stats;
  readonly nodeStartMs: Stats;
  readonly checkProcessMs: Stats;
  /** Exit code of the last --check run (1 when out/ is stale: that is reported, not an error here). */
  readonly checkExitCode: number | null;
}

function renderOnceMs(): { ms: number; files: number } {
  const sources = readSources(ROOT);
  const start = process.hrtime.bigint();
  const files = renderAll(sources);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, files: files.length };
}

function processMs(command: string, args: readonly string[]): { ms: number; status: number | null } {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore', env: process.env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { ms, status: result.status };
}

export function runGenerate(options: { renders: number; warmupRenders: number; processRuns: number }): GenerateResults {
  let files = 0;
  for (let i = 0; i < options.warmupRenders; i++) files = renderOnceMs().files;
  const render: number[] = [];
  for (let i = 0; i < options.renders; i++) render.push(renderOnceMs().ms);

  // Interleaved, like the other cases: node, check, node, check, ...
  const node: number[] = [];
  const check: number[] = [];
  let checkExitCode: number | null = null;
  processMs(process.execPath, ['-e', '']); // warm the file cache
  for (let i = 0; i < options.processRuns; i++) {
    node.push(processMs(process.execPath, ['-e', '']).ms);
    const run = processMs('npx', ['ts-node', '--swc', 'generators/main.ts', '--check']);
    check.push(run.ms);
    checkExitCode = run.status;
  }
  return { files, renderMs: stats(render), nodeStartMs: stats(node), checkProcessMs: stats(check), checkExitCode };
}
