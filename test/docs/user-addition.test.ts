import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A user's addition breaks none of the project's tests. On a copy of the project, the worked
 * example of docs/custom-metrics.md is added the way the guide says (the metric in
 * schema/metrics/quality.ts, rules/mutation.ts listed in rules/index.ts, its runbook,
 * dashboards-src/custom/mutation.ts listed in custom/index.ts), `npm run generate` runs, and
 * the layer check and the tests that read the sources and out/ run there. A test that
 * enumerates the project's own rule files, alerts, dashboards or counts fails here, and so does
 * a guide whose code imports against the layers.
 *
 * The slower checks of the same addition (promtool, the simulator's live check) are the
 * command of docs/custom-metrics.md run in such a copy; this keeps to the fast ones.
 */

const ROOT = resolve(__dirname, '../..');
const COPIED = ['core', 'tools', 'schema', 'generators', 'runtime', 'rules', 'dashboards-src', 'deploy', 'docs', 'out', 'test', 'stack', 'cli'];
const CHECKED = [
  'test/grafana/dashboards.test.ts',
  'test/generators/alerting-model.test.ts',
  'test/generators/dashboards-model.test.ts',
  'test/generators/model.test.ts',
  'test/generators/targets',
  'test/deploy/k8s-manifests.test.ts',
  'test/deploy/k8s-network-and-operator.test.ts',
  'test/docs/custom-metrics-guide.test.ts',
  'test/rules',
];

const holdsExample = ['rules/mutation.ts', 'dashboards-src/custom/mutation.ts'].some((f) => existsSync(join(ROOT, f)))
  || readFileSync(join(ROOT, 'schema/metrics/quality.ts'), 'utf8').includes('export const mutationScore ');
const example = readFileSync(join(ROOT, 'test/fixtures/custom-metric-example.ts'), 'utf8');
/** The code of one step of the fixture: from its `// Step n` comment to the next one. */
const step = (n: number): string => example.split(/^\/\/ Step \d.*$/m)[n === 1 ? 1 : n === 3 ? 2 : 3]!.trim();

function edit(root: string, file: string, from: string, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  expect(text, `${file} no longer contains the text this test edits`).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

/** A new source file: its imports (which the guide's code blocks leave out), then the guide's code. */
function writeModule(root: string, file: string, code: string, imports: readonly string[]): void {
  writeFileSync(join(root, file), `${imports.join('\n')}\n\n${code}\n`);
}

/** The guide's steps 1, 3 and 4 in the copy, where the guide puts them. */
function addExample(root: string): void {
  appendFileSync(join(root, 'schema/metrics/quality.ts'), `\n${step(1)}\n`);
  writeModule(root, 'rules/mutation.ts', step(3), [
    "import { mutationScore } from '../schema/metrics/quality';",
    "import { project } from '../schema/labels';",
    "import { alert, panelLink, promql, recording, type RuleFile } from './define';",
    "import { spokenDuration } from '../core/threshold-prose';",
    "import { slackQa } from './channels';",
  ]);
  edit(root, 'rules/index.ts', "import { QUALITY_RULES } from './quality';", "import { QUALITY_RULES } from './quality';\nimport { MUTATION_RULES } from './mutation';");
  edit(root, 'rules/index.ts', 'files: [', 'files: [MUTATION_RULES, ');
  writeFileSync(join(root, 'docs/runbooks/mutation-score-low.md'), '# MutationScoreLow\n\nThe lowest mutation score of a project has been under 60 % for an hour.\n');
  // The fixture sits as deep as dashboards-src/custom/: its imports of the SDK, labels and helpers serve as they are.
  const fixtureImports = example.split('\n').filter((l) => /^import .*(timeseries|schema\/labels|dashboards-src\/common|core\/promql)';$/.test(l));
  expect(fixtureImports).toHaveLength(4);
  writeModule(root, 'dashboards-src/custom/mutation.ts', step(4), [...fixtureImports, "import { mutationScore } from '../../schema/metrics/quality';"]);
  edit(root, 'dashboards-src/custom/index.ts', "import { agentDeepDive } from './agent-deep-dive';", "import { agentDeepDive } from './agent-deep-dive';\nimport { mutationDashboard } from './mutation';");
  edit(root, 'dashboards-src/custom/index.ts', '[agentDeepDive', '[agentDeepDive, mutationDashboard');
}

const root = mkdtempSync(join(tmpdir(), 'aqe-user-addition-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the worked example of docs/custom-metrics.md, added to a copy of the project', () => {
  it('generates, and the tests that read the sources and out/ all pass there', { timeout: 180_000 }, () => {
    for (const dir of COPIED) cpSync(join(ROOT, dir), join(root, dir), { recursive: true });
    for (const file of ['package.json', 'tsconfig.json', 'package-lock.json', 'vitest.config.mts', '.dependency-cruiser.cjs']) cpSync(join(ROOT, file), join(root, file));
    execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(root, 'node_modules')]);

    // A project that already holds the example (a user who followed the guide) is tested as it is.
    if (!holdsExample) addExample(root);

    const generate = spawnSync('npx', ['ts-node', '--swc', 'generators/main.ts'], { cwd: root, encoding: 'utf8' });
    expect(generate.status, `${generate.stdout}${generate.stderr}`).toBe(0);
    if (!holdsExample) expect(`${generate.stdout}${generate.stderr}`).toContain('added out/prometheus/rules/mutation.rules.yaml');

    // The layer check of `npm run lint`: the guide's files import only downwards.
    const layers = spawnSync(process.execPath, ['tools/check-layers.mjs'], { cwd: root, encoding: 'utf8' });
    expect(layers.status, `${layers.stdout}${layers.stderr}`).toBe(0);
    if (!holdsExample) expect(layers.stdout).toMatch(/no dependency violations found/);

    const tests = spawnSync('npx', ['vitest', 'run', ...CHECKED], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const output = `${tests.stdout}${tests.stderr}`;
    expect(output.split('\n').filter((l) => /FAIL|×/.test(l)), output.slice(-4000)).toEqual([]);
    expect(output).toMatch(/Test Files\s+\d+ passed/);
    expect(tests.status).toBe(0);
  });
});
