import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './process';
import { requireTool } from './tools';

/** Jaeger v2 built from its Go module, with the generated config (loopback ports, Badger in `dataDir`). */
export interface RunningJaeger extends RunningProcess {
  /** Base URL of the query API (`/api/traces`, `/api/services`): what Grafana and the CLI read. */
  readonly queryUrl: string;
}

export async function startJaeger(configYaml: string, urls: { readonly query: string; readonly health: string }, cleanup?: () => void): Promise<RunningJaeger> {
  const binary = requireTool('jaeger');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-jaeger-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, configYaml);
  const running = await startProcess({
    name: 'jaeger',
    binary,
    url: urls.query,
    readyUrl: urls.health,
    args: [`--config=${file}`],
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      cleanup?.();
    },
  });
  return { ...running, queryUrl: urls.query };
}
