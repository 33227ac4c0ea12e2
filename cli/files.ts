import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FailedError, UsageError, type CliError } from './errors';

/**
 * Files the CLI writes (`export --out`, `report --out`) or reads (`--trace-file`, `--state`):
 * a path that cannot be used is said with the path, the problem and the fix, never as a bare
 * `ENOENT`. The checks run before any query, so a wrong path costs nothing; an error that only
 * the write itself meets (a full disk) is reported the same way.
 */

/** Why `path` cannot be used, by the errno code Node gives (or the one a check found). */
export function pathProblem(code: string | undefined, path: string, flag: string, purpose: 'write' | 'read'): string {
  const dir = dirname(resolve(path));
  switch (code) {
    case 'ENOENT':
      return purpose === 'write'
        ? `${flag} ${path}: the directory ${dir} does not exist; create it (mkdir -p ${dir}) or give ${flag} a path in an existing directory`
        : `${flag} ${path}: no such file; check the path`;
    case 'ENOTDIR':
      return `${flag} ${path}: a part of ${dir} is a file, not a directory; give ${flag} a path under a directory`;
    case 'EISDIR':
      return `${flag} ${path}: is a directory, not a file; give ${flag} a file name${purpose === 'write' ? ` in it, such as ${resolve(path, 'out.txt')}` : ''}`;
    case 'EACCES':
    case 'EPERM':
      return `${flag} ${path}: permission denied to ${purpose} ${purpose === 'write' ? `in ${dir}` : 'it'}; give ${flag} a path you may ${purpose}, or change the permissions`;
    case 'EROFS':
      return `${flag} ${path}: the file system is read-only; give ${flag} a path on a writable one`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `${flag} ${path}: no space left on the device; free some, or give ${flag} a path on another disk`;
    default:
      return `${flag} ${path}: cannot ${purpose} it (${code ?? 'unknown reason'}); check the path and its permissions`;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as { code?: string })?.code;
}

/**
 * Throws a UsageError unless a file can be written at `path`: not a directory, in a directory
 * that exists (or, with `createDirs`, under an existing one) and that this process may write.
 * With `intoDirectory`, a directory (existing, or a path ending in /) is where files go.
 */
export function checkWritable(path: string, flag: string, options: { readonly createDirs?: boolean; readonly intoDirectory?: boolean } = {}): void {
  const fail = (code: string) => {
    throw new UsageError(pathProblem(code, path, flag, 'write'));
  };
  let target = statOrUndefined(path);
  const isDirectory = path.endsWith('/') || target?.isDirectory() === true;
  if (isDirectory && !options.intoDirectory) fail('EISDIR');
  if (isDirectory) target = undefined;
  let dir = isDirectory ? resolve(path) : dirname(resolve(path));
  let stats = statOrUndefined(dir);
  if (options.createDirs) {
    while (stats === undefined && dirname(dir) !== dir) {
      dir = dirname(dir);
      stats = statOrUndefined(dir);
    }
  }
  if (stats === undefined) fail('ENOENT');
  if (!stats!.isDirectory()) fail('ENOTDIR');
  try {
    accessSync(target ? path : dir, constants.W_OK);
  } catch (error) {
    fail(codeOf(error) ?? 'EACCES');
  }
}

/** Throws a UsageError when `path` exists but is not a readable file (a missing one is left to the reader's own message). */
export function checkReadableIfThere(path: string, flag: string): void {
  const stats = statOrUndefined(path);
  if (stats === undefined) return;
  if (stats.isDirectory()) throw new UsageError(pathProblem('EISDIR', path, flag, 'read'));
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new UsageError(pathProblem(codeOf(error) ?? 'EACCES', path, flag, 'read'));
  }
}

/** A file system error met while writing or reading, as a one-line CliError (exit 1: the arguments were checked). */
export function fileError(error: unknown, path: string, flag: string, purpose: 'write' | 'read'): CliError {
  return new FailedError(pathProblem(codeOf(error), path, flag, purpose));
}

export function writeFile(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw fileError(error, path, flag, 'write');
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
