import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The layer check (`npm run lint`: tools/check-layers.mjs with .dependency-cruiser.cjs) fails on
 * a violation: run on small fixture trees, each with one import that breaks one rule, it exits
 * 1 naming that rule and the import; the same tree without the import passes. Without this a
 * config whose paths matched nothing would pass every tree, the real one included.
 */

const ROOT = resolve(__dirname, '../..');
const CHECK = join(ROOT, 'tools', 'check-layers.mjs');
const TSCONFIG = JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } });

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'aqe-layers-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries({ 'tsconfig.json': TSCONFIG, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function check(dir: string): { code: number; output: string } {
  try {
    return { code: 0, output: execFileSync(process.execPath, [CHECK, dir], { encoding: 'utf8', stdio: 'pipe' }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: e.stdout + e.stderr };
  }
}

/** A legal tree: each layer uses the one below, and a main imports the top so nothing is an orphan. */
const LEGAL: Record<string, string> = {
  'core/names.ts': 'export const NAME = "aqe";\n',
  'schema/metrics.ts': 'import { NAME } from "../core/names";\nexport const METRIC = NAME;\n',
  'rules/agents.ts': 'import { METRIC } from "../schema/metrics";\nexport const RULE = METRIC;\n',
  'dashboards-src/qa.ts': 'import { METRIC } from "../schema/metrics";\nexport const PANEL = METRIC;\n',
  'generators/main.ts': 'import { RULE } from "../rules/agents";\nimport { PANEL } from "../dashboards-src/qa";\nconsole.log(RULE, PANEL);\n',
};

describe('the layer check', () => {
  it('passes a tree whose imports point down', () => {
    expect(check(tree(LEGAL))).toMatchObject({ code: 0 });
  });

  it.each([
    ['core-imports-nothing-of-ours', 'core/names.ts', 'import "../schema/metrics";\nexport const NAME = "aqe";\n', 'core/names.ts → schema/metrics.ts'],
    ['dashboards-not-beside-or-above', 'dashboards-src/qa.ts', 'import { RULE } from "../rules/agents";\nexport const PANEL = RULE;\n', 'dashboards-src/qa.ts → rules/agents.ts'],
    ['rules-not-beside-or-above', 'rules/agents.ts', 'import { PANEL } from "../dashboards-src/qa";\nexport const RULE = PANEL;\n', 'rules/agents.ts → dashboards-src/qa.ts'],
    ['schema-imports-only-core', 'schema/metrics.ts', 'import type { RULE } from "../rules/agents";\nexport const METRIC: typeof RULE = "aqe";\n', 'schema/metrics.ts → rules/agents.ts'],
  ])('fails with %s when %s imports up or sideways', (rule, path, text, edge) => {
    const result = check(tree({ ...LEGAL, [path]: text }));
    expect(result.code).toBe(1);
    expect(result.output).toContain(`${rule}: ${edge}`);
  });

  it('fails with runtime-imports-only-core when the runtime imports the schema', () => {
    const result = check(tree({ ...LEGAL, 'runtime/bootstrap.ts': 'import { METRIC } from "../schema/metrics";\nexport const X = METRIC;\n', 'generators/run.ts': 'import { X } from "../runtime/bootstrap";\nconsole.log(X);\n', 'generators/main.ts': LEGAL['generators/main.ts']! + 'import "./run";\n' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('runtime-imports-only-core: runtime/bootstrap.ts → schema/metrics.ts');
  });

  it('fails with core-loads-no-package when core/ imports an npm package', () => {
    const dir = tree({ ...LEGAL, 'package.json': '{"name":"fixture","dependencies":{"js-yaml":"*"}}', 'core/names.ts': 'import { dump } from "js-yaml";\nexport const NAME = dump("aqe");\n' });
    // The project's own packages, so the import resolves to a real package, as in the repo.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const result = check(dir);
    expect(result.code).toBe(1);
    expect(result.output).toContain('core-loads-no-package: core/names.ts → ');
  });

  it('reports a violation its tree lists in .dependency-cruiser-known-violations.json without failing, and fails on it once the list is gone', () => {
    const files = { ...LEGAL, 'dashboards-src/qa.ts': 'import { RULE } from "../rules/agents";\nexport const PANEL = RULE;\n' };
    const listed = execFileSync(process.execPath, [CHECK, tree(files), '--baseline'], { encoding: 'utf8' });
    expect(JSON.parse(listed)).toMatchObject([{ from: 'dashboards-src/qa.ts', to: 'rules/agents.ts', rule: { name: 'dashboards-not-beside-or-above' } }]);
    expect(check(tree({ ...files, '.dependency-cruiser-known-violations.json': listed }))).toMatchObject({ code: 0 });
    expect(check(tree(files))).toMatchObject({ code: 1 });
  });

  it('fails with no-cycles on two modules that import each other', () => {
    const result = check(tree({ ...LEGAL, 'generators/a.ts': 'import { B } from "./b";\nexport const A = 1 + B;\n', 'generators/b.ts': 'import { A } from "./a";\nexport const B = 1;\nexport const C = A;\n', 'generators/main.ts': LEGAL['generators/main.ts']! + 'import "./a";\n' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('no-cycles');
  });

  it('fails with no-orphans on a module nothing imports', () => {
    const result = check(tree({ ...LEGAL, 'rules/forgotten.ts': 'export const F = 1;\n' }));
    expect(result.code).toBe(1);
    expect(result.output).toContain('no-orphans: rules/forgotten.ts');
  });
});
