import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's "Instrument an agent" snippet, as an agent in a sibling folder would have it:
 * it compiles as CommonJS under strict settings and runs to the end.
 */

const ROOT = resolve(__dirname, '../..');

function snippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.indexOf('## Instrument an agent');
  const start = readme.indexOf('```ts\n', section) + '```ts\n'.length;
  return readme.slice(start, readme.indexOf('```', start));
}

describe('README instrumentation snippet', () => {
  it('compiles as strict CommonJS and runs', () => {
    const code = snippet();
    expect(code).toContain('initializeTelemetry');
    const dir = mkdtempSync(join(tmpdir(), 'aqe-readme-'));
    // The snippet imports from ../aqe-telemetry: a sibling clone.
    symlinkSync(ROOT, join(dir, 'aqe-telemetry'));
    const agent = join(dir, 'agent');
    mkdirSync(agent);
    writeFileSync(join(agent, 'agent.ts'), code);
    writeFileSync(
      join(agent, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, skipLibCheck: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: ['agent.ts'] }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', agent], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
    const run = spawnSync(join(ROOT, 'node_modules/.bin/ts-node'), ['--swc', '--skipProject', 'agent.ts'], { cwd: agent, encoding: 'utf8', env: { ...process.env, OTEL_SDK_DISABLED: 'true' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('generated tests');
  }, 120_000);
});
