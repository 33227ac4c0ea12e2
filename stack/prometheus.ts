import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, startProcess } from './process';
import { requireTool } from './tools';

/** A real Prometheus (built from its pinned Go module, tools/) on 127.0.0.1, with a temporary TSDB and the given files. */
export interface RunningPrometheus {
  readonly url: string;
  output(): string;
  /** Runs an instant query; resolves to Prometheus' JSON answer, errors included. */
  query(expr: string, time?: number): Promise<{ status: string; errorType?: string; error?: string; data?: any }>;
  stop(): Promise<void>;
}

/**
 * `files` are written into one directory (the config is `prometheus.yaml`, rule files
 * beside it, as the generated config expects).
 */
export async function startPrometheus(
  files: Readonly<Record<string, string>> = { 'prometheus.yaml': 'global:\n  scrape_interval: 15s\n' },
  port?: number,
  /** More flags, e.g. `--web.enable-remote-write-receiver` for a Prometheus that receives remote write. */
  extraArgs: readonly string[] = [],
): Promise<RunningPrometheus> {
  const binary = requireTool('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-prom-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const running = await startProcess({
    name: 'prometheus',
    binary,
    url,
    args: [`--config.file=${join(dir, 'prometheus.yaml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', ...extraArgs],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
  return {
    url,
    stop: running.stop,
    output: running.output,
    query: async (expr, time) => {
      const body = new URLSearchParams({ query: expr });
      if (time !== undefined) body.set('time', String(time));
      const response = await fetch(`${url}/api/v1/query`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      return (await response.json()) as { status: string; errorType?: string; error?: string; data?: any };
    },
  };
}
