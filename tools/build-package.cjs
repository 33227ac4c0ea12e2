// `npm run build` (and prepack): compile what package.json's exports and bin name into dist/, plus the
// two files tsc does not emit: the bin launcher and the resolved model the CLI reads at run time.
'use strict';
const { execFileSync } = require('node:child_process');
const { copyFileSync, mkdirSync, rmSync } = require('node:fs');
const { dirname, join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
// A stale file from an earlier build (a removed module) must not reach the tarball.
rmSync(DIST, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
for (const file of ['cli/aqe.js', 'out/schema.json']) {
  mkdirSync(dirname(join(DIST, file)), { recursive: true });
  copyFileSync(join(ROOT, file), join(DIST, file));
}
