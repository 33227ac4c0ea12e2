import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, type RunningProcess } from './process';
import { requireTool } from './tools';

export { freePort } from './process';

/** A real Alertmanager (Debian's prometheus-alertmanager) on 127.0.0.1, with a temporary store. */
export type RunningAlertmanager = RunningProcess;

/** Starts it with a config file path, or with config text (written to a temporary file). */
export async function startAlertmanager(config: { readonly file: string } | { readonly text: string }, port?: number): Promise<RunningAlertmanager> {
  const binary = requireTool('prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-am-'));
  const file = 'file' in config ? config.file : join(dir, 'alertmanager.yaml');
  if ('text' in config) writeFileSync(file, config.text);
  port ??= await freePort();
  return startProcess({
    name: 'alertmanager',
    binary,
    url: `http://127.0.0.1:${port}`,
    args: [`--config.file=${file}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
}
