import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { toolPath, type ToolName } from '../tools/cache';

/**
 * The real components the tests and the stack run: built from their pinned Go modules by
 * `npm run tools` into a cache outside the repository (tools/). A missing one fails the test
 * with the command that builds it: these tests never skip, because a skipped check proves nothing.
 */
export function requireTool(name: Exclude<ToolName, 'builder'>): string {
  const path = toolPath(name);
  if (!existsSync(path)) {
    const why = name === 'otelcol' ? ' (the collector is built from out/otel-collector/builder-config.yaml: after a change to it, build again)' : '';
    throw new Error(`${name} is not built${why}: run \`npm run tools\` (.ci/run does this); expected ${path}`);
  }
  return path;
}

/** Runs a tool with `input` on stdin; returns exit code and everything it printed. */
export function runTool(path: string, args: readonly string[], input?: string): { status: number | null; output: string } {
  // Generous: promtool runs day-long cases and 30-day SLO windows, with the other core busy.
  const run = spawnSync(path, args, { input, encoding: 'utf8', timeout: 170_000 });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}
