import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { edit, npmRunGenerate, outSnapshot, projectCopy, type ProjectCopy } from '../support/project-copy';

/**
 * tools/generate.cjs, the launcher of `npm run generate`: a run that finds nothing changed since
 * the last good run generates nothing, and any change to what generation reads (a source, a new
 * or deleted file, the lockfile, out/ itself) or a deleted cache makes it run the generators
 * again, which still report every mistake. Each case runs on its own copy of the project, from
 * a cache the first run filled (so each pays a compile only where its edit needs one).
 */

const UNCHANGED = /nothing it reads has changed since the last run/;
const METRIC_DESCRIPTION = "description: 'Agents spawned, by how their run ended'";
let seeded: string;

beforeAll(() => {
  // A cold cache: every file compiled, the type check run. Then the state each case starts from.
  const first = projectCopy('aqe-generate-');
  const run = npmRunGenerate(first, '--check');
  expect(run.output).toMatch(/out\/ is current/);
  expect(run.output).not.toMatch(UNCHANGED);
  expect(run.status).toBe(0);
  seeded = first.cache;
}, 240_000);

/** A copy with the seeded cache, after one good run (what a developer has before an edit). */
function afterGoodRun(): ProjectCopy {
  const copy = projectCopy('aqe-generate-', mkdtempSync(join(tmpdir(), 'aqe-generate-cache-')));
  cpSync(seeded, copy.cache, { recursive: true });
  expect(npmRunGenerate(copy).status).toBe(0);
  const again = npmRunGenerate(copy, '--check');
  expect(again.output).toMatch(UNCHANGED);
  expect(again.status).toBe(0);
  return copy;
}

describe('npm run generate after a good run', { timeout: 240_000 }, () => {
  it('generates nothing, in both modes, when nothing changed', () => {
    const copy = afterGoodRun();
    const before = outSnapshot(copy.root);
    const write = npmRunGenerate(copy);
    expect(write.status).toBe(0);
    expect(write.output).toMatch(/generated \d+ files into out\/ in \d+ ms, 0 changed \(nothing it reads has changed/);
    expect(outSnapshot(copy.root)).toEqual(before);
  });

  it('regenerates what an edited source changes, then finds it current again', () => {
    const copy = afterGoodRun();
    edit(copy.root, 'schema/metrics/agent.ts', METRIC_DESCRIPTION, "description: 'Agents spawned, by how their run ended (edited)'");
    const write = npmRunGenerate(copy);
    expect(write.status).toBe(0);
    expect(write.output).not.toMatch(UNCHANGED);
    expect(write.output).toMatch(/changed out\/docs\/metrics\.md/);
    expect(readFileSync(join(copy.root, 'out/docs/metrics.md'), 'utf8')).toContain('by how their run ended (edited)');
    expect(npmRunGenerate(copy, '--check').output).toMatch(UNCHANGED);
  });

  it('reports a type error in an edited source, all of them at once, and leaves out/ as it was', () => {
    const copy = afterGoodRun();
    edit(copy.root, 'rules/index.ts', 'defaultChannel: slackOps,', 'defaultChannel: slackOpss,');
    edit(copy.root, 'schema/metrics/agent.ts', METRIC_DESCRIPTION, "description: ''");
    const before = outSnapshot(copy.root);
    const run = npmRunGenerate(copy, '--check');
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/rules\/index\.ts:\d+:\d+: type error TS\d+: Cannot find name 'slackOpss'/);
    expect(run.output).toMatch(/metric aqe\.agent\.spawn_total[^\n]*: the description is empty/);
    expect(outSnapshot(copy.root)).toEqual(before);
  });

  it('reports a syntax error in an edited source', () => {
    const copy = afterGoodRun();
    edit(copy.root, 'schema/metrics/agent.ts', METRIC_DESCRIPTION, "description: 'Agents spawned, by how their run ended',,");
    const run = npmRunGenerate(copy);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/schema\/metrics\/agent\.ts:\d+:\d+: type error TS1\d\d\d/);
  });

  it('type checks and loads a new file in a source folder: a type error in it is reported', () => {
    const copy = afterGoodRun();
    writeFileSync(join(copy.root, 'rules/stray.ts'), "export const STRAY: number = 'not a number';\n");
    const run = npmRunGenerate(copy);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/rules\/stray\.ts:1:\d+: type error TS2322/);
  });

  it('reports a deleted file that a source imports', () => {
    const copy = afterGoodRun();
    rmSync(join(copy.root, 'rules/schedules.ts'));
    const run = npmRunGenerate(copy);
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/rules\/index\.ts:\d+:\d+: type error TS2307: Cannot find module '\.\/schedules'/);
  });

  it('finds a hand edit of out/ with --check, and undoes it when writing', () => {
    const copy = afterGoodRun();
    const doc = join(copy.root, 'out/docs/metrics.md');
    const generated = readFileSync(doc, 'utf8');
    appendFileSync(doc, '\nhand edit\n');
    const check = npmRunGenerate(copy, '--check');
    expect(check.status).toBe(1);
    expect(check.output).toMatch(/changed\s+out\/docs\/metrics\.md/);
    writeFileSync(join(copy.root, 'out/stray.txt'), 'not generated\n');
    const write = npmRunGenerate(copy);
    expect(write.status).toBe(0);
    expect(readFileSync(doc, 'utf8')).toBe(generated);
    expect(existsSync(join(copy.root, 'out/stray.txt'))).toBe(false);
  });

  it('runs the generators again when the lockfile changes (it stands for node_modules)', () => {
    const copy = afterGoodRun();
    appendFileSync(join(copy.root, 'package-lock.json'), '\n');
    const run = npmRunGenerate(copy, '--check');
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/out\/ is current/);
    expect(run.output).not.toMatch(UNCHANGED);
  });

  it('compiles everything again when the cache is deleted, and works', () => {
    const copy = afterGoodRun();
    rmSync(copy.cache, { recursive: true, force: true });
    const run = npmRunGenerate(copy, '--check');
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/out\/ is current/);
    expect(run.output).not.toMatch(UNCHANGED);
    expect(readdirSync(join(copy.cache, 'generate-js')).filter((f) => f.endsWith('.js')).length).toBeGreaterThan(50);
    expect(npmRunGenerate(copy, '--check').output).toMatch(UNCHANGED);
  });

  it('always runs the generators for --print, which prints a file of out/', () => {
    const copy = afterGoodRun();
    const run = npmRunGenerate(copy, '--print', 'docs/metrics.md');
    expect(run.status).toBe(0);
    expect(run.output).toBe(readFileSync(join(copy.root, 'out/docs/metrics.md'), 'utf8'));
  });
});
