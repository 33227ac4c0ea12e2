import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startProcess, type RunningProcess } from './process';
import { requireTool } from './tools';

export { freePort } from './process';

/** A real Alertmanager (built from its pinned Go module, tools/) on 127.0.0.1, with a temporary store. */
export type RunningAlertmanager = RunningProcess;

/**
 * Starts it with a config file path, or with config text (written to a temporary file).
 * `env`: e.g. `SSL_CERT_FILE`, so it trusts a loopback SMTP relay's certificate.
 */
export async function startAlertmanager(config: { readonly file: string } | { readonly text: string }, port?: number, env?: Readonly<Record<string, string>>): Promise<RunningAlertmanager> {
  const binary = requireTool('alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-am-'));
  const file = 'file' in config ? config.file : join(dir, 'alertmanager.yaml');
  if ('text' in config) writeFileSync(file, config.text);
  port ??= await freePort();
  return startProcess({
    name: 'alertmanager',
    binary,
    url: `http://127.0.0.1:${port}`,
    ...(env ? { env } : {}),
    args: [`--config.file=${file}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
}
