import type { Schema } from '../schema/define';
import type { Rules } from '../rules/define';
import { buildAlerting } from './alerting-model';

import type { GeneratedFile } from './generated-file';
import { buildModel } from './model';
import { TARGETS } from './targets';
import { checkOut, writeOut, type StaleFile } from './write';

/** schema + rules -> models -> files -> out/. Throws DiagnosticError before touching out/. */

export interface Sources {
  readonly schema: Schema;
  readonly rules: Rules;
  /** Runbook names present in docs/runbooks/ (the caller reads the disk). */
  readonly runbooks: ReadonlySet<string>;
}

export function renderAll(sources: Sources): GeneratedFile[] {
  const model = buildModel(sources.schema);
  const alerting = buildAlerting(model, sources.rules, sources.runbooks);
  return TARGETS.flatMap((target) => target.generate({ model, alerting }));
}

export interface GenerateResult {
  readonly files: number;
  /** Write mode: files that changed. Check mode: files that are stale. */
  readonly stale: readonly StaleFile[];
}

export function generate(sources: Sources, outDir: string, mode: 'write' | 'check'): GenerateResult {
  const files = renderAll(sources);
  const stale = mode === 'check' ? checkOut(files, outDir) : writeOut(files, outDir);
  return { files: files.length, stale };
}


