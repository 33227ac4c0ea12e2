import { spawnSync } from 'node:child_process';

/**
 * The real Prometheus tools the tests run. A missing tool fails the test with the
 * command that installs it: these tests never skip, because a skipped check proves nothing.
 */
export function requireTool(name: 'promtool' | 'amtool' | 'prometheus' | 'prometheus-alertmanager'): string {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status !== 0 || path === '') {
    const pkg = name.startsWith('prom') && name !== 'prometheus-alertmanager' ? 'prometheus' : 'prometheus-alertmanager';
    throw new Error(`${name} is not installed: run \`apt-get install -y ${pkg}\` (.ci/run does this)`);
  }
  return path;
}

/** Runs a tool with `input` on stdin; returns exit code and everything it printed. */
export function runTool(path: string, args: readonly string[], input?: string): { status: number | null; output: string } {
  const run = spawnSync(path, args, { input, encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}` };
}
