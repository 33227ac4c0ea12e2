import type { Schema } from '../schema/define';
import type { GeneratedFile } from './generated-file';
import { buildModel } from './model';
import { TARGETS } from './targets';
import { checkOut, writeOut, type StaleFile } from './write';

/** schema -> model -> files -> out/. Throws DiagnosticError before touching out/. */

export function renderAll(schema: Schema): GeneratedFile[] {
  const model = buildModel(schema);
  return TARGETS.flatMap((target) => target.generate(model));
}

export interface GenerateResult {
  readonly files: number;
  /** Write mode: files that changed. Check mode: files that are stale. */
  readonly stale: readonly StaleFile[];
}

export function generate(schema: Schema, outDir: string, mode: 'write' | 'check'): GenerateResult {
  const files = renderAll(schema);
  const stale = mode === 'check' ? checkOut(files, outDir) : writeOut(files, outDir);
  return { files: files.length, stale };
}
