import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../../cli/main';
import type { Io } from '../../cli/output';

/** Running `aqe telemetry ...` from tests: in-process through main(), or as the real process. */

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const ROOT = resolve(__dirname, '../..');

/** main() in-process, stdout not a terminal (unless `color`), with only the environment given. */
export async function cli(args: readonly string[], env: Record<string, string> = {}, color = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), color, env };
  const code = await main(['telemetry', ...args], io);
  return { code, stdout, stderr };
}

/**
 * The real entry point as a child process, asynchronously: a test whose simulated fleet runs
 * in this process must not block its event loop, or Prometheus has nothing to scrape. `env`
 * is laid over this process's environment (set a variable to '' to clear it).
 */
export function childCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((done, reject) => {
    const run = spawn('npx', ['ts-node', '--swc', 'cli/main.ts', 'telemetry', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    run.stdout.on('data', (d) => (stdout += d));
    run.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => run.kill('SIGKILL'), 30_000);
    run.once('error', reject);
    run.once('close', (code) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr });
    });
  });
}
