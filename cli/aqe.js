#!/usr/bin/env node
// The `aqe` bin: runs cli/main.ts through ts-node (swc, no type check) from any working directory.
const { join } = require('node:path');
require('ts-node').register({ swc: true, transpileOnly: true, project: join(__dirname, '..', 'tsconfig.json') });
require('./main.ts').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`error: ${(error && error.message) || String(error)}\n`); process.exitCode = 1; },
);
