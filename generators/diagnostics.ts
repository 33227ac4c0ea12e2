/**
 * Problems found in user input (schema, rules, dashboards, deploy). Validation collects every
 * problem before failing, so a user fixes them all in one round instead of one per run.
 */
export interface Diagnostic {
  /** Where: `metric aqe.agent.spawn_total, label le`. */
  readonly place: string;
  /** What is wrong, in terms of the input. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

/** A check that did not run because what it reads has problems of its own. */
export interface SkippedCheck {
  /** What was not checked: `dashboards-src/`. */
  readonly check: string;
  /** Why: `it is checked against the rules, which have problems above`. */
  readonly reason: string;
}

export class DiagnosticError extends Error {
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    readonly skipped: readonly SkippedCheck[] = [],
  ) {
    super(formatDiagnostics(diagnostics, skipped));
    this.name = 'DiagnosticError';
  }
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[], skipped: readonly SkippedCheck[] = []): string {
  const n = diagnostics.length;
  const lines = diagnostics.map((d, i) => `  ${i + 1}. ${d.place}: ${d.problem}\n     fix: ${d.fix}`);
  const notChecked = skipped.map((s) => `  - ${s.check} was not checked: ${s.reason}`);
  return [
    `${n} problem${n === 1 ? '' : 's'} found, out/ left unchanged:`,
    ...lines,
    ...(notChecked.length > 0 ? ['Not checked yet (run again once the problems above are fixed):', ...notChecked] : []),
  ].join('\n');
}

/** Collects diagnostics; `throwIfAny` ends a validation stage. */
export class DiagnosticCollector {
  private readonly found: Diagnostic[] = [];

  add(place: string, problem: string, fix: string): void {
    this.found.push({ place, problem, fix });
  }

  get diagnostics(): readonly Diagnostic[] {
    return this.found;
  }

  throwIfAny(): void {
    if (this.found.length > 0) throw new DiagnosticError(this.found);
  }
}
