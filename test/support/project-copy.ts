import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'vitest';

/**
 * A copy of the project in a temporary folder, for running `npm run generate` on sources a
 * test edits: what generation reads, with node_modules linked, and a cache folder of its own
 * outside the copy (AQE_GENERATE_CACHE) unless `cache` names one.
 */

const ROOT = resolve(__dirname, '../..');
const COPIED = ['core', 'tools', 'schema', 'generators', 'runtime', 'rules', 'dashboards-src', 'deploy', 'docs', 'out'];

export interface ProjectCopy {
  readonly root: string;
  readonly cache: string;
}

export function projectCopy(prefix: string, cache = mkdtempSync(join(tmpdir(), `${prefix}cache-`))): ProjectCopy {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const dir of COPIED) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json', 'package-lock.json']) cpSync(join(ROOT, file), join(root, file));
  execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(root, 'node_modules')]);
  return { root, cache };
}

/** `npm run generate -- <args>` in the copy; stdout and stderr together. */
export function npmRunGenerate(copy: ProjectCopy, ...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('npm', ['run', '-s', 'generate', ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: copy.root,
    encoding: 'utf8',
    env: { ...process.env, AQE_GENERATE_CACHE: copy.cache },
  });
  return { status: run.status, output: `${run.stderr}${run.stdout}` };
}

export function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  expect(text, `${file} no longer contains the text this test edits`).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** Every file of out/ with its modification time: equal before and after means nothing was written. */
export function outSnapshot(root: string): Record<string, number> {
  const dir = join(root, 'out');
  const files: Record<string, number> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) files[join(e.parentPath, e.name)] = statSync(join(e.parentPath, e.name)).mtimeMs;
  return files;
}
