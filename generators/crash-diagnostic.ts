import { relative, resolve, sep } from 'node:path';
import type { Diagnostic } from './diagnostics';

/**
 * An exception from loading or checking the sources, as a diagnostic instead of a stack trace:
 * the place is the user's line that led to it (the first frame in schema/, rules/,
 * dashboards-src/ or deploy/), else the first frame of this project at all.
 */

const ROOT = resolve(__dirname, '..');
/** The folders a user edits; a frame there is where the mistake is. */
const SOURCE_FOLDERS = ['schema', 'rules', 'dashboards-src', 'deploy'];
/**
 * Their vocabulary files, whose functions throw on a bad argument (`window('5 minutes')`):
 * the mistake is in the caller, the next frame out.
 */
const VOCABULARY = new Set(['schema/define.ts', 'rules/define.ts', 'dashboards-src/common.ts']);
const FRAME = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/;

export function diagnosticFromCrash(error: unknown, what: string): Diagnostic {
  const { name, message, stack } = describe(error);
  const frames = stack
    .split('\n')
    .map((line) => FRAME.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: relative(ROOT, m[1] ?? ''), line: m[2], column: m[3] }))
    .filter((f) => !f.file.startsWith('..') && !f.file.split(sep).includes('node_modules'));
  const sourceFrames = frames.filter((f) => SOURCE_FOLDERS.includes(f.file.split(sep)[0] ?? ''));
  const inSources = sourceFrames.find((f) => !VOCABULARY.has(f.file.split(sep).join('/'))) ?? sourceFrames[0];
  const frame = inSources ?? frames[0];
  const at = (f: { file: string; line?: string; column?: string }) => `${f.file}:${f.line}:${f.column}`;
  const place = frame ? at(frame) : what;
  const thrower = frames[0] && frames[0] !== frame ? ` (thrown in ${at(frames[0])})` : '';
  return {
    place,
    problem: `${what} stopped with ${name}: ${message.split('\n')[0]}${thrower}`,
    fix: inSources
      ? 'correct the code at that line (the message says what it expected)'
      : `a mistake in the sources reached a check that does not handle it yet; run npm run typecheck, and if that is clean report this message as a bug`,
  };
}

function describe(error: unknown): { name: string; message: string; stack: string } {
  try {
    if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack ?? '' };
    return { name: 'a thrown value', message: String(error), stack: '' };
  } catch {
    return { name: 'a thrown value', message: '(unprintable)', stack: '' };
  }
}
