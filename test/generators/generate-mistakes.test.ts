import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edit, npmRunGenerate, outSnapshot, projectCopy, type ProjectCopy } from '../support/project-copy';

/**
 * `npm run generate` as a user runs it, on a copy of the project with mistakes that only the
 * whole command can see: type errors, a deleted file, a module that throws while loading, a
 * rule file nothing lists. One run reports them all, located, with no stack trace, and out/
 * is left as it was.
 */

function generate(copy: ProjectCopy): { status: number | null; stderr: string } {
  const { status, output } = npmRunGenerate(copy);
  return { status, stderr: output };
}

const NO_STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

describe('npm run generate reports every mistake of the sources at once', () => {
  it('type errors, located with the fix TypeScript suggests, beside the schema problem; rules/ not run', () => {
    const copy = projectCopy('aqe-mistakes-');
    const { root } = copy;
    edit(root, 'rules/index.ts', 'defaultChannel: slackOps,', 'defaultChannel: slackOpss,');
    rmSync(join(root, 'rules/schedules.ts'));
    edit(root, 'schema/metrics/agent.ts', "description: 'Agents spawned, by how their run ended'", "description: ''");
    const before = outSnapshot(root);

    const { status, stderr } = generate(copy);
    expect(status).toBe(1);
    expect(stderr).toMatch(/rules\/index\.ts:\d+:\d+: type error TS\d+: Cannot find name 'slackOpss'\.?\s*\n\s*fix: write 'slackOps'/);
    expect(stderr).toMatch(/rules\/index\.ts:\d+:\d+: type error TS2307: Cannot find module '\.\/schedules'[^\n]*\n\s*fix: the imported file does not exist/);
    expect(stderr).toMatch(/metric aqe\.agent\.spawn_total[^\n]*: the description is empty/);
    expect(stderr).toMatch(/rules\/ was not checked: it has type errors/);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(outSnapshot(root)).toEqual(before);
  });

  it('price mistakes (a model the price package does not know, an override of a model not used, a bad number) together, out/ untouched', () => {
    const copy = projectCopy('aqe-mistakes-');
    const { root } = copy;
    edit(root, 'schema/prices.ts', "{ model: 'gpt-5-mini', provider: 'openai' },", "{ model: 'gpt-5-mimi', provider: 'openai' },");
    edit(root, 'schema/prices.ts', 'overrides: [],', "overrides: [{ model: 'gpt-5-mini', reason: 'contract', inputPerMillion: -0.2 }],");
    const before = outSnapshot(root);

    const { status, stderr } = generate(copy);
    expect(status).toBe(1);
    expect(stderr).toMatch(/schema\/prices\.ts, model gpt-5-mimi[^\n]*does not price model gpt-5-mimi of OpenAI \(did you mean gpt-5-mini\?\)/);
    expect(stderr).toMatch(/schema\/prices\.ts, override gpt-5-mini[^\n]*not one of the fleet's models \(did you mean gpt-5-mimi\?\)/);
    expect(stderr).toMatch(/schema\/prices\.ts, override gpt-5-mini: inputPerMillion[^\n]*the price is -0\.2/);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(outSnapshot(root)).toEqual(before);
  });

  it('a module that throws while loading is located at its line; a rule file nothing lists is named', () => {
    const copy = projectCopy('aqe-mistakes-');
    const { root } = copy;
    const file = 'dashboards-src/custom/agent-deep-dive.ts';
    const lines = readFileSync(join(root, file), 'utf8').split('\n').length;
    appendFileSync(join(root, file), "import { window as brokenWindow } from '../../rules/define';\nbrokenWindow('5 minutes');\n");
    writeFileSync(
      join(root, 'rules/stray.ts'),
      "import type { RuleFile } from './define';\n\nexport const STRAY_RULES: RuleFile = { name: 'stray', groups: [{ name: 'stray', interval: '30s', rules: [] }] };\n",
    );
    const before = outSnapshot(root);

    const { status, stderr } = generate(copy);
    expect(status).toBe(1);
    // The import is hoisted, the call stays on the last line the test appended.
    expect(stderr).toContain(`${file}:${lines + 1}:`);
    expect(stderr).toMatch(/loading dashboards-src\/ stopped with Error: window "5 minutes" is not a Prometheus duration/);
    expect(stderr).toMatch(/rule file stray \(rules\/stray\.ts, export STRAY_RULES\): it is not in rules\.files/);
    expect(stderr).toMatch(/dashboards-src\/ was not checked: it did not load/);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(outSnapshot(root)).toEqual(before);
  });

  it('a recording rule a dashboard names that no rule records is named with its dashboard, panel and the nearest record, beside the other mistakes', () => {
    const copy = projectCopy('aqe-mistakes-');
    const { root } = copy;
    // A misspelt reference, and a rule renamed under a dashboard that still reads the old name.
    edit(root, 'dashboards-src/recordings.ts', "'agent_type:aqe_cost_usd:rate1h'", "'agent_type:aqe_costs_usd:rate1h'");
    edit(root, 'rules/quality.ts', "record: 'project:aqe_quality_flaky_tests:max'", "record: 'project:aqe_quality_flaky_test_count:max'");
    const before = outSnapshot(root);

    const { status, stderr } = generate(copy);
    expect(status).toBe(1);
    expect(stderr).toMatch(/dashboard aqe-executive \(dashboards-src\/executive\.ts\), panel \d+ "[^"]+", target A: reads recording rule agent_type:aqe_costs_usd:rate1h, which no rule of rules\/ records\s*\n\s*fix: [^\n]*\(did you mean agent_type:aqe_cost_usd:rate1h\?\)/);
    expect(stderr).toMatch(/dashboard aqe-custom-agent-deep-dive \(dashboards-src\/custom\/agent-deep-dive\.ts\), panel 5 "Cost per hour", target A: reads recording rule agent_type:aqe_costs_usd:rate1h/);
    expect(stderr).toMatch(/dashboard aqe-qa \(dashboards-src\/qa\.ts\), panel \d+ "[^"]+", target B: reads recording rule project:aqe_quality_flaky_tests:max, which no rule of rules\/ records\s*\n\s*fix: [^\n]*\(did you mean project:aqe_quality_flaky_test_count:max\?\)/);
    expect(stderr).not.toMatch(/unknown metric agent_type:aqe_costs_usd:rate1h/);
    expect(stderr).not.toMatch(NO_STACK_TRACE);
    expect(outSnapshot(root)).toEqual(before);
  });
});
