import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate, renderAll } from '../../generators/generate';
import { DiagnosticError } from '../../generators/diagnostics';
import { readSources } from '../../generators/sources';
import { DEPLOY } from '../../deploy/config';
import { miniSchema } from '../fixtures/mini-schema';
import { rulesWith } from '../fixtures/mini-rules';

const ROOT = resolve(__dirname, '../..');
const OUT = join(ROOT, 'out');
const sources = readSources(ROOT);
const mini = (budget?: number) => ({ schema: budget ? miniSchema({ seriesBudget: budget }) : miniSchema(), rules: rulesWith(), runbooks: new Set<string>(), dashboards: [], deploy: DEPLOY });

function snapshotDir(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path.slice(dir.length + 1)] = `${readFileSync(path, 'utf8')}@${statSync(path).mtimeMs}`;
  }
  return files;
}

describe('generate', () => {
  it('is deterministic: two renders are byte-identical', () => {
    const first = renderAll(sources);
    const second = renderAll(sources);
    expect(second).toEqual(first);
    expect(first.length).toBeGreaterThan(5);
  });

  it('committed out/ is what the schema generates (CI fails on drift)', () => {
    expect(generate(sources, OUT, 'check').stale).toEqual([]);
  });

  it('a failed generation leaves out/ exactly as it was, contents and times', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aqe-gen-')), 'out');
    cpSync(OUT, out, { recursive: true });
    const before = snapshotDir(out);
    expect(() => generate(mini(1), out, 'write')).toThrow(DiagnosticError);
    expect(snapshotDir(out)).toEqual(before);
  });

  it('writing a different schema replaces out/ whole: files of the old one are gone', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'aqe-gen-')), 'out');
    cpSync(OUT, out, { recursive: true });
    generate(mini(), out, 'write');
    const metrics = readFileSync(join(out, 'instrumentation/metrics.ts'), 'utf8');
    expect(metrics).toContain('export const widgets');
    expect(metrics).not.toContain('agentSpawns');
  });

  it('`npm run generate -- --check` exits 1 and lists a stale file, writing nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'aqe-cli-'));
    for (const dir of ['core', 'tools', 'schema', 'generators', 'runtime', 'rules', 'dashboards-src', 'deploy', 'docs', 'out']) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(root, file));
    execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(root, 'node_modules')]);
    const metricsDoc = join(root, 'out/docs/metrics.md');
    const edited = `${readFileSync(metricsDoc, 'utf8')}\nhand edit\n`;
    require('node:fs').writeFileSync(metricsDoc, edited);

    const run = spawnSync('npx', ['ts-node', '--swc', 'generators/main.ts', '--check'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/changed\s+out\/docs\/metrics\.md/);
    expect(readFileSync(metricsDoc, 'utf8')).toBe(edited);
  });
});
