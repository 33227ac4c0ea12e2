import type { Diagnostic } from './diagnostics';
import { shown } from './tool-syntax';

/**
 * Checks on the fields of one hand-written config object (deploy/config.ts, rules/settings.ts),
 * read by dotted path so that a missing object or a wrong type in an untyped copy is a
 * diagnostic, never a TypeError. Places read `<file> <path>`.
 */
export class FieldChecks {
  private readonly found: Diagnostic[] = [];

  constructor(
    private readonly file: string,
    private readonly root: unknown,
  ) {}

  get diagnostics(): Diagnostic[] {
    return [...this.found];
  }

  /** The value at `path` (`collector.ports.otlpGrpc`), or undefined when anything on the way is missing. */
  value(path: string): unknown {
    return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), this.root);
  }

  add(path: string, problem: string, fix: string): void {
    this.found.push({ place: `${this.file} ${path}`, problem, fix });
  }

  /**
   * Runs `problemOf` on the value at `path`; a problem becomes `<value> <problem>: <consequence>`.
   * A missing value is a problem of its own unless `optional`. Returns whether the value passed.
   */
  check(path: string, problemOf: (value: unknown) => string | undefined, fix: string, options: { readonly consequence?: string; readonly optional?: boolean } = {}): boolean {
    const value = this.value(path);
    if (value === undefined && options.optional) return true;
    const problem = value === undefined ? 'is missing' : problemOf(value);
    if (problem === undefined) return true;
    const subject = value === undefined ? '' : `${shown(value)} `;
    this.add(path, `${subject}${problem}${options.consequence ? `: ${options.consequence}` : ''}`, fix);
    return false;
  }
}
