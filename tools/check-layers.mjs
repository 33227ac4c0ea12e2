// The layer check of `npm run lint`: dependency-cruiser with .dependency-cruiser.cjs.
//
// Called through dependency-cruiser's API, not its `depcruise` bin: the bin refuses Node 20
// (its engines say ^22), while the API it wraps runs here, and this project is pinned to
// Node 20 (docs/TOOLCHAIN: vitest 4, the OpenTelemetry 2.12 SDK). Exit 1 on any violation.
//
// Usage: node tools/check-layers.mjs [root] [--baseline]
//   root: the folder to check, default this repo (test/architecture/layers.test.ts points it at
//   fixtures that break a rule). Violations listed in root's
//   .dependency-cruiser-known-violations.json are debt being paid off, reported but not failed
//   on; --baseline prints the current violations in that file's format.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';

const require = createRequire(import.meta.url);
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const baseline = args.includes('--baseline');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? repo);
const KNOWN = '.dependency-cruiser-known-violations.json';
const config = require(join(repo, '.dependency-cruiser.cjs'));
const ts = require('typescript');

// The folders the layers name; a fixture holds only some of them.
const FOLDERS = ['core', 'schema', 'rules', 'dashboards-src', 'deploy', 'generators', 'runtime', 'out/instrumentation', 'cli', 'stack', 'bench', 'sim', 'feedback', 'tools'];
process.chdir(root);
const present = FOLDERS.filter((f) => existsSync(f));
const tsConfigFile = existsSync('tsconfig.json') ? 'tsconfig.json' : join(repo, 'tsconfig.json');
const tsConfig = ts.readConfigFile(tsConfigFile, ts.sys.readFile).config;

const result = await cruise(
  present,
  {
    ...config.options,
    tsConfig: { fileName: tsConfigFile },
    validate: true,
    ruleSet: { forbidden: config.forbidden },
    outputType: baseline ? 'baseline' : 'err',
    ...(existsSync(KNOWN) && !baseline ? { knownViolations: JSON.parse(readFileSync(KNOWN, 'utf8')) } : {}),
  },
  undefined,
  { tsConfig: ts.parseJsonConfigFileContent(tsConfig, ts.sys, dirname(tsConfigFile)) },
);
process.stdout.write(String(result.output));
process.exit(result.exitCode > 0 ? 1 : 0);
