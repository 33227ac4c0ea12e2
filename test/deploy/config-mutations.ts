import { expect } from 'vitest';
import type { Diagnostic } from '../../generators/diagnostics';

/**
 * One change to a copy of a hand-written config (DEPLOY, SETTINGS, TIMING), for the tests of
 * generators/resolve-deploy.ts and resolve-settings.ts: each case breaks one value and expects
 * one diagnostic naming it.
 */

/** A deep copy of `base` with the value at the dotted `path` replaced (`undefined` deletes it). */
export function withChange<T>(base: T, path: string, value: unknown): T {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy as T;
}

/** Every leaf of a plain object, as dotted paths with their values (array items by index). */
export function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}

/** Values an untyped copy might hold anywhere: none may make a check throw. */
export const JUNK: readonly unknown[] = [undefined, null, Number.NaN, -1, 0, '', ' ', [], {}, 'x'.repeat(300), true];

/** A value of another type than `value`: what an untyped JavaScript copy might hold instead. */
export function wrongType(value: unknown): unknown {
  return typeof value === 'number' ? 'ten' : 42;
}

/** One of `found` is at `place`, its problem names `mention`, and it has a fix. */
export function expectReported(found: readonly Diagnostic[], place: string, mention: string): void {
  expect(found.map((d) => d.place)).toContain(place);
  const diagnostic = found.find((d) => d.place === place)!;
  expect(diagnostic.problem).toContain(mention);
  expect(diagnostic.fix.length).toBeGreaterThan(10);
}
