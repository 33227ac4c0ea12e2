import { join, resolve } from 'node:path';
import { DiagnosticError } from './diagnostics';
import { generate, renderAll } from './generate';
import { readSources } from './sources';

/**
 * `npm run generate`: regenerate out/. `npm run generate -- --check`: exit 1 listing
 * the stale files, writing nothing. `npm run generate -- --print <path>`: print what
 * out/<path> would contain, writing nothing.
 */
function main(argv: readonly string[]): number {
  const check = argv.includes('--check');
  const root = resolve(__dirname, '..');
  const outDir = join(root, 'out');
  const started = process.hrtime.bigint();
  try {
    const printIndex = argv.indexOf('--print');
    if (printIndex >= 0) {
      const path = argv[printIndex + 1] ?? '';
      const file = renderAll(readSources(root)).find((f) => f.path === path);
      if (!file) {
        console.error(`no generated file out/${path}`);
        return 1;
      }
      process.stdout.write(file.content);
      return 0;
    }
    const result = generate(readSources(root), outDir, check ? 'check' : 'write');
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (check) {
      if (result.stale.length > 0) {
        console.error(`out/ is stale (${result.stale.length} of ${result.files} files); run npm run generate and commit out/:`);
        for (const s of result.stale) console.error(`  ${s.reason.padEnd(7)} out/${s.path}`);
        return 1;
      }
      console.log(`out/ is current (${result.files} files, checked in ${ms.toFixed(0)} ms)`);
      return 0;
    }
    console.log(`generated ${result.files} files into out/ in ${ms.toFixed(0)} ms, ${result.stale.length} changed`);
    for (const s of result.stale) console.log(`  ${s.reason === 'orphan' ? 'removed' : s.reason === 'missing' ? 'added' : 'changed'} out/${s.path}`);
    return 0;
  } catch (error) {
    if (error instanceof DiagnosticError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
