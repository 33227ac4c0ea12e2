import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll, type Sources } from '../../generators/generate';
import { readSources } from '../../generators/sources';
import { requireTool, runTool } from '../../stack/tools';
import { MUTATION_RULES, mutationDashboard, mutationScore } from '../fixtures/custom-metric-example';

/**
 * docs/custom-metrics.md walks through adding a metric, a rule and a panel. Its code is
 * test/fixtures/custom-metric-example.ts; here the guide is held to it, and the project is
 * generated with the additions to show the walk-through works as written.
 */

const ROOT = resolve(__dirname, '../..');
const guide = readFileSync(resolve(ROOT, 'docs/custom-metrics.md'), 'utf8');
const example = readFileSync(resolve(ROOT, 'test/fixtures/custom-metric-example.ts'), 'utf8');
const base = readSources(ROOT);

/**
 * The sources with the example added. A project that already holds it (a user who followed
 * the guide to the letter) has it replaced, not added twice.
 */
function withExample(runbooks: ReadonlySet<string>): Sources {
  return {
    ...base,
    schema: { ...base.schema, metrics: { ...base.schema.metrics, mutationScore } },
    rules: { ...base.rules, files: [...base.rules.files.filter((f) => f.name !== MUTATION_RULES.name), MUTATION_RULES] },
    runbooks,
    dashboards: [...base.dashboards.filter((d) => d.dashboard.uid !== mutationDashboard.dashboard.uid), mutationDashboard],
  };
}
const RUNBOOK = 'mutation-score-low';
const runbooksWithout = new Set([...base.runbooks].filter((r) => r !== RUNBOOK));

describe('docs/custom-metrics.md', () => {
  it('shows only code that is in the example, verbatim', () => {
    const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const missing = blocks.filter((b) => !b.includes('import') && !example.includes(b.trimEnd()));
    expect(missing).toEqual([]);
  });

  it('generates the helper, the rules, their promtool tests and the panel, and promtool passes them', () => {
    const files = renderAll(withExample(new Set([...runbooksWithout, RUNBOOK])));
    const file = (path: string) => files.find((f) => f.path === path)?.content ?? '';

    expect(file('instrumentation/metrics.ts')).toMatch(/export const mutationScore\b/);
    expect(file('docs/metrics.md')).toContain('aqe_quality_mutation_score_percent');
    expect(file('prometheus/rules/mutation.rules.yaml')).toContain('alert: MutationScoreLow');
    expect(file('prometheus/prometheus.yaml')).toContain('mutation.rules.yaml');
    const dashboard = files.find((f) => f.content.includes('"uid": "aqe-custom-mutation"'));
    expect(dashboard?.content).toContain('project:aqe_quality_mutation_score_percent:min');

    const dir = mkdtempSync(join(tmpdir(), 'aqe-guide-'));
    for (const f of files.filter((f) => f.path.startsWith('prometheus/'))) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.content);
    }
    const promtool = requireTool('promtool');
    const checked = runTool(promtool, ['check', 'rules', join(dir, 'prometheus/rules/mutation.rules.yaml')]);
    expect(checked.output).toContain(`SUCCESS: ${MUTATION_RULES.groups.flatMap((g) => g.rules).length} rules found`);
    const tested = runTool(promtool, ['test', 'rules', join(dir, 'prometheus/tests/mutation.test.yaml')]);
    expect(tested.output).toContain('SUCCESS');
    expect(tested.status).toBe(0);
  });

  it('without its runbook, generation refuses the alert with the message the guide quotes', () => {
    let message = '';
    try {
      renderAll(withExample(runbooksWithout));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(RUNBOOK);
    const quoted = guide.match(/```text\n([\s\S]*?)```/)?.[1]?.trim() ?? '<no text block in the guide>';
    expect(message).toContain(quoted);
  });
});
