#!/usr/bin/env node
// The `aqe` bin. In the package (dist/cli/) main.js sits beside it, compiled: a consumer needs no
// ts-node. In the repo (cli/) it runs cli/main.ts through ts-node (swc, no type check) from any
// working directory, so `npm run aqe` needs no build.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
if (!existsSync(join(__dirname, 'main.js'))) {
  require('ts-node').register({ swc: true, transpileOnly: true, project: join(__dirname, '..', 'tsconfig.json') });
}
require('./main').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`error: ${(error && error.message) || String(error)}\n`); process.exitCode = 1; },
);
