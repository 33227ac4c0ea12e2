import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderAll } from '../../generators/generate';
import { readSources } from '../../generators/sources';
import { stats, type Stats } from '../harness';

/**
 * Case 4: how long `npm run generate` takes. In process, renderAll(sources) (schema and
 * rules -> models -> every file's text, no disk I/O) is timed as a median. Then whole processes,
 * as a developer or CI runs them, interleaved with `node -e ""` (a bare Node start, the
 * baseline of the ratios):
 * - `npm run generate` and `npm run generate -- --check` with nothing changed since the last run
 *   (the usual case: tools/generate.cjs finds it so and loads no generator);
 * - `node tools/generate.cjs --check`, the process npm starts, alone: the difference is npm's;
 * - `npm run generate -- --check` with the generators run (the last-run record removed, the
 *   compiled files and the type check cached), as after an edit of out/ or of a file the type
 *   check does not cover;
 * - once, the first run of a fresh clone (an empty cache: every file compiled, the type check).
 */

const ROOT = resolve(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'aqe-telemetry');

export interface GenerateResults {
  readonly files: number;
  readonly renderMs: Stats;
  readonly nodeStartMs: Stats;
  /** `npm run generate`, nothing changed; undefined when out/ was stale (then it is not run). */
  readonly writeUnchangedMs: Stats | undefined;
  /** `npm run generate -- --check`, nothing changed. */
  readonly checkUnchangedMs: Stats;
  /** `node tools/generate.cjs --check`, nothing changed: what npm starts. */
  readonly launcherCheckMs: Stats;
  /** `npm run generate -- --check` running the generators on cached compiled files. */
  readonly checkGeneratorsMs: Stats;
  /** `npm run generate -- --check` with an empty cache, once. */
  readonly checkColdMs: number;
  /** Exit code of the last --check run (1 when out/ is stale: that is reported, not an error here). */
  readonly checkExitCode: number | null;
}

function renderOnceMs(): { ms: number; files: number } {
  const sources = readSources(ROOT);
  const start = process.hrtime.bigint();
  const files = renderAll(sources);
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, files: files.length };
}

function processMs(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): { ms: number; status: number | null } {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'ignore', env });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { ms, status: result.status };
}

/** Makes the next run find no record of a last run, so it runs the generators. */
function forgetLastRun(): void {
  if (!existsSync(CACHE)) return;
  for (const f of readdirSync(CACHE)) if (/^generate-last-run-.*\.json$/.test(f)) rmSync(join(CACHE, f));
}

export function runGenerate(options: { renders: number; warmupRenders: number; processRuns: number }): GenerateResults {
  let files = 0;
  for (let i = 0; i < options.warmupRenders; i++) files = renderOnceMs().files;
  const render: number[] = [];
  for (let i = 0; i < options.renders; i++) render.push(renderOnceMs().ms);

  const node: number[] = [];
  const write: number[] = [];
  const check: number[] = [];
  const launcher: number[] = [];
  const generators: number[] = [];
  let checkExitCode: number | null = null;
  // Warm the file cache, and leave a record of a good run (or none, if out/ is stale).
  processMs(process.execPath, ['-e', '']);
  processMs('npm', ['run', 'generate', '--', '--check']);
  // Interleaved, like the other cases: node, then each command, round after round.
  for (let i = 0; i < options.processRuns; i++) {
    node.push(processMs(process.execPath, ['-e', '']).ms);
    const run = processMs('npm', ['run', 'generate', '--', '--check']);
    check.push(run.ms);
    checkExitCode = run.status;
    // Writing is timed only on a current out/, where it writes nothing: the bench must not regenerate it.
    if (run.status === 0) write.push(processMs('npm', ['run', 'generate']).ms);
    launcher.push(processMs(process.execPath, ['tools/generate.cjs', '--check']).ms);
    forgetLastRun();
    generators.push(processMs('npm', ['run', 'generate', '--', '--check']).ms);
  }
  const empty = mkdtempSync(join(tmpdir(), 'aqe-generate-cache-'));
  const cold = processMs('npm', ['run', 'generate', '--', '--check'], { ...process.env, AQE_GENERATE_CACHE: empty });
  rmSync(empty, { recursive: true, force: true });
  return {
    files,
    renderMs: stats(render),
    nodeStartMs: stats(node),
    writeUnchangedMs: write.length > 0 ? stats(write) : undefined,
    checkUnchangedMs: stats(check),
    launcherCheckMs: stats(launcher),
    checkGeneratorsMs: stats(generators),
    checkColdMs: cold.ms,
    checkExitCode,
  };
}
