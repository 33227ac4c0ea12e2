import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningProcess } from './process';
import { requireTool } from './tools';

/**
 * The OpenTelemetry Collector distribution built from out/otel-collector/builder-config.yaml,
 * on loopback with a config rendered by generators/local-stack.ts (the generated one with
 * loopback addresses). Ready when its health_check extension answers.
 */
export async function startCollector(configYaml: string, healthUrl: string, name = 'otel-collector'): Promise<RunningProcess> {
  const binary = requireTool('otelcol');
  const dir = mkdtempSync(join(tmpdir(), 'aqe-otelcol-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, configYaml);
  return startProcess({
    name,
    binary,
    url: healthUrl,
    readyUrl: healthUrl,
    args: [`--config=${file}`],
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });
}
