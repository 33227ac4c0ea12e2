import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diagnosticFromCrash } from './crash-diagnostic';
import { DiagnosticError, formatDiagnostics, type Diagnostic } from './diagnostics';
import { AREAS, loadSources } from './load-sources';
import { typeCheck } from './typecheck';

/**
 * `npm run generate`: regenerate out/. `npm run generate -- --check`: exit 1 listing
 * the stale files, writing nothing. `npm run generate -- --print <path>`: print what
 * out/<path> would contain, writing nothing.
 *
 * Order: type check, then load each area, then check every area, then render. No source
 * and no generator is imported at the top of this file, so a source that does not compile
 * or throws while loading is reported like any other mistake, with the rest.
 *
 * The npm script runs this through tools/generate.cjs, which skips it when nothing it read has
 * changed since its last good run, and otherwise loads it with a cache of compiled files.
 */

const ROOT = resolve(__dirname, '..');
/** What generation loads, for the type check: the generator and every file a user edits. */
const TYPE_CHECK_ROOTS = ['generators/generate.ts', 'generators/load-sources.ts'];
const USAGE = 'usage: npm run generate [-- --check | -- --print <path under out/>]';

function main(argv: readonly string[]): number {
  const unknown = argv.filter((a, i) => !['--check', '--print'].includes(a) && argv[i - 1] !== '--print');
  if (unknown.length > 0 || (argv.includes('--print') && argv[argv.indexOf('--print') + 1] === undefined)) {
    console.error(`${unknown.length > 0 ? `unknown argument ${unknown.join(' ')}` : '--print needs a path'}\n${USAGE}`);
    return 2;
  }
  const check = argv.includes('--check');
  const outDir = join(ROOT, 'out');
  const started = process.hrtime.bigint();
  try {
    const typeErrors = typeCheck(ROOT, [...TYPE_CHECK_ROOTS, ...userSourceFiles()]);
    const outside = typeErrors.filter((d) => !AREAS.some((area) => d.place.startsWith(area)));
    if (outside.length > 0) {
      console.error(formatDiagnostics(typeErrors, [{ check: 'any source', reason: 'the generators themselves do not compile' }]));
      return 1;
    }
    const { generate, renderAll } = require('./generate') as typeof import('./generate');
    const sources = loadSources(ROOT, typeErrors);
    const printIndex = argv.indexOf('--print');
    if (printIndex >= 0) {
      const path = argv[printIndex + 1] ?? '';
      const file = renderAll(sources).find((f) => f.path === path);
      if (!file) {
        console.error(`no generated file out/${path}`);
        return 1;
      }
      process.stdout.write(file.content);
      return 0;
    }
    const result = generate(sources, outDir, check ? 'check' : 'write');
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
    const diagnostics: Diagnostic[] = error instanceof DiagnosticError ? [...error.diagnostics] : [diagnosticFromCrash(error, 'npm run generate')];
    console.error(error instanceof DiagnosticError ? error.message : formatDiagnostics(diagnostics));
    return 1;
  }
}

/** Every file of the folders a user edits, listed or not: an unlisted file is type checked too. */
function userSourceFiles(): string[] {
  return AREAS.flatMap((dir) => (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f)));
}

process.exitCode = main(process.argv.slice(2));
