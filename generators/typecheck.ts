import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type ts from 'typescript';
import type { Diagnostic } from './diagnostics';

/**
 * The type check `npm run generate` runs before it loads any source: ts-node only strips
 * types, so without it a misspelt channel or a deleted import surfaces as a TypeError deep in
 * a generator. Checks what generation loads (the program rooted at `entry`) with the
 * project's tsconfig; remembers a clean result by the list of entries and a hash of every file
 * it read, so an unchanged tree costs one read of those files instead of a compile (and a new
 * file, an entry of its own, is a compile).
 */

/** Beside tools/generate.cjs's caches; AQE_GENERATE_CACHE moves them all (tests start from none). */
function cacheFile(root: string): string {
  const dir = process.env.AQE_GENERATE_CACHE ? resolve(process.env.AQE_GENERATE_CACHE) : join(root, 'node_modules', '.cache', 'aqe-telemetry');
  return join(dir, 'generate-typecheck.json');
}

export function typeCheck(root: string, entries: readonly string[]): Diagnostic[] {
  const cachePath = cacheFile(root);
  const roots = [...entries].sort();
  const cached = readCache(cachePath);
  if (cached && JSON.stringify(cached.entries) === JSON.stringify(roots) && cached.files.every(([file, hash]) => hashOf(join(root, file)) === hash)) return [];

  // Loaded only on a miss: the compiler alone takes a few hundred milliseconds to load.
  const ts = require('typescript') as typeof import('typescript');
  const options = compilerOptions(ts, root);
  const program = ts.createProgram({ rootNames: entries.map((e) => join(root, e)), options: { ...options, noEmit: true } });
  const found = ts.getPreEmitDiagnostics(program).map((d) => located(ts, root, d));
  if (found.length === 0) {
    // Only files of this project: the lockfile stands for node_modules' types.
    const read = program
      .getSourceFiles()
      .map((f) => relative(root, f.fileName))
      .filter((f) => !f.startsWith('..') && !f.startsWith('node_modules'));
    const files = [...read, 'tsconfig.json', 'package-lock.json'].filter((f) => existsSync(join(root, f))).map((f): [string, string] => [f, hashOf(join(root, f))]);
    writeCache(cachePath, { entries: roots, files });
  }
  return found;
}

function compilerOptions(ts: typeof import('typescript'), root: string): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config ?? {}, ts.sys, root, undefined, configPath);
  return parsed.options;
}

/** A TypeScript diagnostic as place, problem and fix; TypeScript's own suggestion becomes the fix. */
function located(ts: typeof import('typescript'), root: string, d: ts.Diagnostic): Diagnostic {
  const text = ts.flattenDiagnosticMessageText(d.messageText, ' ');
  let place = 'TypeScript';
  if (d.file && d.start !== undefined) {
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    place = `${relative(root, d.file.fileName)}:${line + 1}:${character + 1}`;
  }
  const suggestion = /Did you mean (?:to write )?'([^']+)'\?/.exec(text);
  const problem = text.replace(/\s*Did you mean[^?]*\?/, '').trim();
  return { place, problem: `type error TS${d.code}: ${problem}`, fix: suggestion ? `write '${suggestion[1]}'` : FIXES[d.code] ?? 'make the code agree with the type the message names (npm run typecheck shows the same error)' };
}

/** Fixes for the type errors a source edit most often causes. */
const FIXES: Readonly<Record<number, string>> = {
  2307: 'the imported file does not exist: correct the path, or restore the file that was moved or deleted',
  2305: 'import a name the module exports (open it to see what it exports)',
  2304: 'import the name, or correct its spelling',
  2322: 'give it a value of the declared type',
  2345: 'pass a value of the parameter type',
  2741: 'add the missing property',
  2353: 'remove the property, or correct its spelling',
  1005: 'fix the syntax at that place',
};

function hashOf(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return 'missing';
  }
}

interface CleanCheck {
  readonly entries: readonly string[];
  readonly files: readonly [string, string][];
}

function readCache(path: string): CleanCheck | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<CleanCheck>;
    return Array.isArray(parsed.entries) && Array.isArray(parsed.files) ? (parsed as CleanCheck) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(path: string, check: CleanCheck): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify(check));
  } catch {
    // A cache that cannot be written only costs the next run a compile.
  }
}
