import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = resolve(ROOT, 'test/fixtures/consumer');

/** Compiles files with the project's tsconfig; `override` replaces a file's text in memory. */
function compile(files: string[], override?: { file: string; text: string }): readonly ts.Diagnostic[] {
  const config = ts.getParsedCommandLineOfConfigFile(resolve(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (override && resolve(name) === override.file ? override.text : readFile(name));
  const program = ts.createProgram(files, { ...config.options, noEmit: true }, host);
  return ts.getPreEmitDiagnostics(program);
}

const describeDiagnostic = (d: ts.Diagnostic) =>
  `${d.file?.fileName}:${d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : '?'} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;

describe('an agent using the generated helpers', () => {
  it('compiles when every metric, label and span attribute is used correctly', () => {
    const diagnostics = compile([resolve(FIXTURES, 'uses-helpers.ts'), resolve(FIXTURES, 'wrong-labels.ts')]);
    expect(diagnostics.map(describeDiagnostic)).toEqual([]);
  });

  it('fails to compile on each wrong label value, key or attribute, timer end or bound handle call once the @ts-expect-error is gone', () => {
    const file = resolve(FIXTURES, 'wrong-labels.ts');
    const lines = readFileSync(file, 'utf8').split('\n');
    const expectedLines = lines.flatMap((line, i) => (line.trim().startsWith('// @ts-expect-error') ? [i + 2] : []));
    expect(expectedLines.length).toBeGreaterThanOrEqual(7);

    const text = lines.map((line) => line.replace('// @ts-expect-error', '// (was an expected error)')).join('\n');
    const diagnostics = compile([file], { file, text }).filter((d) => d.file && resolve(d.file.fileName) === file);
    const errorLines = [...new Set(diagnostics.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1))];
    expect(errorLines.sort((a, b) => a - b)).toEqual(expectedLines);
    const messages = diagnostics.map(describeDiagnostic).join('\n');
    expect(messages).toMatch(/qe-test-generater/);
    // Timers and bound handles fail for the reason their line states, not for another one.
    expect(messages).toMatch(/statsu/);
    expect(messages).toMatch(/agent_typ\b/);
    expect(messages).toMatch(/Expected 1 arguments?, but got 0/);
  });
});
