import type { Schema } from '../schema/define';
import type { Rules } from '../rules/define';
import type { DeployConfig } from '../deploy/config';
import type { DashboardSource } from '../dashboards-src/common';
import { checkSources, type SourcesToCheck } from './check-sources';
import { diagnosticFromCrash } from './crash-diagnostic';
import { DiagnosticError } from './diagnostics';
import type { GeneratedFile } from './generated-file';
import { TARGETS } from './targets';
import { checkOut, writeOut, type StaleFile } from './write';

/** schema + rules -> models -> files -> out/. Throws DiagnosticError (every problem) before touching out/. */

export interface Sources {
  readonly schema: Schema;
  readonly rules: Rules;
  /** Runbook names present in docs/runbooks/ (the caller reads the disk). */
  readonly runbooks: ReadonlySet<string>;
  readonly dashboards: readonly DashboardSource[];
  readonly deploy: DeployConfig;
}

/** Every generated file; throws a DiagnosticError with every problem of every area instead. */
export function renderAll(sources: SourcesToCheck): GeneratedFile[] {
  const { model, alerting, dashboards, deploy } = checkSources(sources);
  const input = { model, alerting, dashboards, deploy };
  const produced: GeneratedFile[] = [];
  for (const target of TARGETS) {
    try {
      produced.push(...target.generate(input, produced));
    } catch (error) {
      // The checks passed, so this is input they do not know yet: locate it rather than dump a trace.
      if (error instanceof DiagnosticError) throw error;
      throw new DiagnosticError([diagnosticFromCrash(error, `generating ${target.name}`)]);
    }
  }
  return produced;
}

export interface GenerateResult {
  readonly files: number;
  /** Write mode: files that changed. Check mode: files that are stale. */
  readonly stale: readonly StaleFile[];
}

export function generate(sources: SourcesToCheck, outDir: string, mode: 'write' | 'check'): GenerateResult {
  const files = renderAll(sources);
  const stale = mode === 'check' ? checkOut(files, outDir) : writeOut(files, outDir);
  return { files: files.length, stale };
}


