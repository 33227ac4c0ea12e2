import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's "Instrument an agent" snippet, as an agent with the package in its node_modules has
 * it: it compiles as CommonJS under strict settings and runs to the end. Against the sources (the
 * aqe-telemetry-source condition, see tsconfig.json), so no build is needed; the built tarball is
 * tested by test/package/pack-install.test.ts.
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
    const agent = join(dir, 'agent');
    mkdirSync(join(agent, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(agent, 'node_modules', 'aqe-telemetry'));
    writeFileSync(join(agent, 'agent.ts'), code);
    writeFileSync(
      join(agent, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', customConditions: ['aqe-telemetry-source'], strict: true, skipLibCheck: true, noEmit: true, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: ['agent.ts'] }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', agent], { encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
    const run = spawnSync(join(ROOT, 'node_modules/.bin/ts-node'), ['--swc', '--skipProject', '-r', join(ROOT, 'tools/source-self-reference.cjs'), 'agent.ts'], { cwd: agent, encoding: 'utf8', env: { ...process.env, OTEL_SDK_DISABLED: 'true' } });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('generated tests');
  }, 120_000);
});
