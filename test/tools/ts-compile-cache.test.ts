import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * tools/ts-compile-cache.cjs compiles as ts-node --swc would for this tsconfig.json, keeps each
 * compiled file by a hash of its text, and makes stack traces name the .ts line.
 */

const ROOT = resolve(__dirname, '../..');
const LOADER = join(ROOT, 'tools', 'ts-compile-cache.cjs');
const { SWC_OPTIONS } = require(LOADER) as { SWC_OPTIONS: Record<string, unknown> };

interface SwcModule {
  createSwcOptions(options: ts.CompilerOptions, emitKind: string, swc: unknown, name: string): { nonTsxOptions: unknown };
}

/** Runs `main` (a .ts file) under the loader with `cache`, in a fresh Node. */
function runUnderLoader(cache: string, main: string): { status: number | null; output: string } {
  const script = `require(${JSON.stringify(LOADER)}).registerCompileCache(${JSON.stringify(cache)}); require(${JSON.stringify(main)});`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the compile cache of npm run generate', () => {
  it("passes swc what ts-node --swc derives from tsconfig.json (source maps aside: it keeps them to map stack traces)", () => {
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const { createSwcOptions } = require(join(ROOT, 'node_modules/ts-node/dist/transpilers/swc.js')) as SwcModule // internal: not in its exports;
    const derived = createSwcOptions(options, 'nodecjs', require('@swc/core'), '@swc/core').nonTsxOptions;
    expect(JSON.parse(JSON.stringify(derived))).toEqual({ ...SWC_OPTIONS, sourceMaps: undefined });
  });

  it('compiles a file once, compiles it again when its text changes, and names the .ts line in stack traces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-compile-cache-'));
    const cache = join(dir, 'cache');
    const main = join(dir, 'main.ts');
    // Types and blank lines that the compiled text does not keep: line 6 in .ts is not line 6 in .js.
    const source = (word: string) =>
      `import { join } from 'node:path';\n\ninterface Unused {\n  readonly a: string;\n}\nfunction fail(): never {\n  throw new Error('${word} ' + join('a', 'b'));\n}\ntry {\n  fail();\n} catch (error) {\n  console.log((error as Error).stack);\n}\n`;
    writeFileSync(main, source('first'));
    const first = runUnderLoader(cache, main);
    expect(first.output).toContain('Error: first a/b');
    expect(first.output).toContain(`${main}:7:9`);
    const compiled = () => readdirSync(cache).filter((f) => f.endsWith('.js'));
    expect(compiled()).toHaveLength(1);

    expect(runUnderLoader(cache, main).output).toContain(`${main}:7:9`);
    expect(compiled()).toHaveLength(1);

    writeFileSync(main, source('second'));
    expect(runUnderLoader(cache, main).output).toContain('Error: second a/b');
    expect(compiled()).toHaveLength(2);
  });
});
