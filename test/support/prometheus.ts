import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './alertmanager';
import { requireTool } from './tools';

/** A real Prometheus (Debian's package) on 127.0.0.1, with a temporary TSDB and the given config. */
export interface RunningPrometheus {
  readonly url: string;
  /** Runs an instant query; resolves to Prometheus' JSON answer, errors included. */
  query(expr: string): Promise<{ status: string; errorType?: string; error?: string; data?: unknown }>;
  stop(): Promise<void>;
}

export async function startPrometheus(config = 'global:\n  scrape_interval: 15s\n'): Promise<RunningPrometheus> {
  const binary = requireTool('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-prom-'));
  const configFile = join(dir, 'prometheus.yaml');
  writeFileSync(configFile, config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [
    `--config.file=${configFile}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ]);
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`prometheus did not become ready within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    query: async (expr) => {
      const response = await fetch(`${url}/api/v1/query`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: expr }),
      });
      return (await response.json()) as { status: string; errorType?: string; error?: string };
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
