import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The `aqe` bin runs where only production dependencies are installed (`npm ci --omit=dev`
 * in the report CronJobs' image, or the package installed as a dependency). Every package
 * it loads, ts-node and swc included, must therefore not be dev-only in the lock file.
 */

const ROOT = resolve(__dirname, '../..');
const lock = JSON.parse(readFileSync(resolve(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };

/** cli/main.ts imports every command statically: `--help` loads what any command needs at start. */
function packagesLoadedBy(args: readonly string[]): Set<string> {
  const dir = mkdtempSync(join(tmpdir(), 'aqe-bin-'));
  const tracker = join(dir, 'track.js');
  const out = join(dir, 'loaded.json');
  writeFileSync(
    tracker,
    `const Module = require('module'); const seen = new Set(); const load = Module._load;
Module._load = function (request, parent) { try { const m = Module._resolveFilename(request, parent).match(/node_modules\\/((@[^/]+\\/)?[^/]+)/); if (m) seen.add(m[1]); } catch {} return load.apply(this, arguments); };
process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));`,
  );
  const run = spawnSync(process.execPath, ['-r', tracker, resolve(ROOT, 'cli/aqe.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return new Set(JSON.parse(readFileSync(out, 'utf8')) as string[]);
}

describe('the aqe bin needs only production dependencies', () => {
  it('loads no package that is dev-only in package-lock.json', () => {
    const loaded = packagesLoadedBy(['telemetry', '--help']);
    expect(loaded.has('ts-node')).toBe(true); // the tracker sees what the bin loads
    const devOnly = [...loaded].filter((p) => lock.packages[`node_modules/${p}`]?.dev === true);
    expect(devOnly).toEqual([]);
  });
});
