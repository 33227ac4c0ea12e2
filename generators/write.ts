import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import type { GeneratedFile } from './generated-file';

/**
 * The one writer that owns out/. It stages every file in a temporary directory next to
 * out/ and swaps it in, so a failure half-way leaves out/ as it was and files no
 * generator produces any more (orphans) disappear. `checkOut` compares instead of
 * writing, for CI.
 */

export interface StaleFile {
  readonly path: string;
  readonly reason: 'missing' | 'changed' | 'orphan';
}

/** Refuses two generators writing one path, and paths that leave out/. */
export function assertWritable(files: readonly GeneratedFile[]): void {
  const seen = new Set<string>();
  for (const file of files) {
    const normal = posix.normalize(file.path);
    if (normal !== file.path || normal.startsWith('../') || posix.isAbsolute(normal)) {
      throw new Error(`generator output path "${file.path}" is not a plain relative path under out/`);
    }
    if (seen.has(file.path)) throw new Error(`two generators write out/${file.path}; give each file one owner`);
    seen.add(file.path);
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Which files of out/ differ from what generation produces. Writes nothing. */
export function checkOut(files: readonly GeneratedFile[], outDir: string): StaleFile[] {
  assertWritable(files);
  const stale: StaleFile[] = [];
  const expected = new Set(files.map((f) => f.path));
  for (const file of files) {
    const onDisk = join(outDir, file.path);
    if (!existsSync(onDisk)) stale.push({ path: file.path, reason: 'missing' });
    else if (readFileSync(onDisk, 'utf8') !== file.content) stale.push({ path: file.path, reason: 'changed' });
  }
  for (const path of listFiles(outDir)) {
    if (!expected.has(path)) stale.push({ path, reason: 'orphan' });
  }
  return stale.sort((a, b) => a.path.localeCompare(b.path));
}

/** Replaces out/ with exactly `files`. Returns what changed (empty: out/ was already current). */
export function writeOut(files: readonly GeneratedFile[], outDir: string): StaleFile[] {
  const changes = checkOut(files, outDir);
  if (changes.length === 0) return changes;

  const staging = `${outDir}.tmp-${process.pid}`;
  const previous = `${outDir}.old-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    for (const file of files) {
      const target = join(staging, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    if (existsSync(outDir)) renameSync(outDir, previous);
    renameSync(staging, outDir);
  } catch (error) {
    // Put the old out/ back if the swap got half-way.
    if (!existsSync(outDir) && existsSync(previous)) renameSync(previous, outDir);
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  rmSync(previous, { recursive: true, force: true });
  return changes;
}
