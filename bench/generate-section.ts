/**
 * Bench section 4: `npm run generate` as users run it, against `node -e ""` in the same run
 * (bench/cases/generate.ts says what each row runs). See docs/benchmarks.md.
 *
 * Run alone: `npx ts-node --swc bench/generate-section.ts [--quick]`.
 */
import { runGenerate } from './cases/generate';
import { ratio, type Stats } from './harness';
import { fmt, formatTable } from './table';

export function runGenerateSection(quick: boolean): void {
  const gen = runGenerate({ renders: quick ? 5 : 25, warmupRenders: quick ? 2 : 5, processRuns: quick ? 2 : 9 });
  const vsNode = (s: Stats) => fmt.x(ratio(s, gen.nodeStartMs));
  const row = (what: string, s: Stats) => [what, fmt.ms(s.median), fmt.spread(s.spreadPct), vsNode(s)];
  console.log(
    formatTable(
      ['what', 'ms', 'spread', 'vs node -e ""'],
      [
        [`renderAll(sources) in process (${gen.files} files, no I/O)`, fmt.ms(gen.renderMs.median), fmt.spread(gen.renderMs.spreadPct), ''],
        row('node -e "" (process start baseline)', gen.nodeStartMs),
        ...(gen.writeUnchangedMs ? [row('npm run generate, nothing changed', gen.writeUnchangedMs)] : []),
        row('npm run generate -- --check, nothing changed', gen.checkUnchangedMs),
        row('  node tools/generate.cjs --check (what npm starts), nothing changed', gen.launcherCheckMs),
        row('npm run generate -- --check, generators run (compiled files cached)', gen.checkGeneratorsMs),
        ['npm run generate -- --check, empty cache (first run of a clone), once', fmt.ms(gen.checkColdMs), '', fmt.x(gen.checkColdMs / gen.nodeStartMs.median)],
      ],
    ),
  );
  if (gen.checkExitCode !== 0) console.log(`\n(--check exited ${gen.checkExitCode}: out/ is stale against the sources right now, so every run ran the generators; the timings still hold.)`);
}

if (require.main === module) runGenerateSection(process.argv.includes('--quick'));
