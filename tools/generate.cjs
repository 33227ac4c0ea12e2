// `npm run generate [-- --check | -- --print <path>]`: runs generators/main.ts, which does the
// work, after two shortcuts that make the usual run (nothing changed) cost little more than
// starting Node:
//
// 1. Sources unchanged and out/ as the last good run left it: nothing to generate. The last run
//    that ended well (out/ written, or found current) recorded every file of the project it
//    read (sources, generators, tsconfig.json, the docs/runbooks listing, ...) with a hash of
//    its text, each folder it listed or loaded a file from with its listing, the lockfile (for
//    node_modules) and the hash of every file of out/. When all of these are still equal, the
//    output would be equal too, and the run says so without loading anything.
// 2. Otherwise main.ts runs as under ts-node --swc, but each .ts file is compiled once and kept
//    by a hash of its text (tools/ts-compile-cache.cjs). Its type check keeps its own cache
//    (generators/typecheck.ts), so bad input is still reported in full and out/ left as it was.
//
// Everything lives in node_modules/.cache/aqe-telemetry/ (AQE_GENERATE_CACHE overrides it, for
// tests): deleting it only makes the next run compile again.
'use strict';
const started = process.hrtime.bigint();
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { join, relative, resolve, sep } = require('node:path');

const ROOT = resolve(__dirname, '..');
const CACHE = process.env.AQE_GENERATE_CACHE ? resolve(process.env.AQE_GENERATE_CACHE) : join(ROOT, 'node_modules', '.cache', 'aqe-telemetry');
// One record per checkout: the tests' copies of the project share node_modules, and must not evict it.
const LAST_RUN = join(CACHE, `generate-last-run-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.json`);
const OUT = join(ROOT, 'out');
/** Read by every run but not through fs calls the record sees (module resolution, this file). */
const ALWAYS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tools/generate.cjs', 'tools/ts-compile-cache.cjs'];

const argv = process.argv.slice(2);
const mode = argv.length === 0 ? 'write' : argv.length === 1 && argv[0] === '--check' ? 'check' : undefined;

const hash = (data) => createHash('sha256').update(data).digest('hex');
const posixPath = (path) => path.split(sep).join('/');

/** A project file the record keeps: inside the repository, not node_modules/, out/ or .git/. */
function recordable(path) {
  const rel = relative(ROOT, resolve(path));
  if (rel.startsWith('..') || rel === '') return undefined;
  const top = rel.split(sep)[0];
  return top === 'node_modules' || top === 'out' || top === '.git' ? undefined : posixPath(rel);
}

/** Every file under out/ with the hash of its text, sorted by path. */
function outFiles() {
  if (!fs.existsSync(OUT)) return [];
  return fs
    .readdirSync(OUT, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .map((p) => [posixPath(relative(OUT, p)), hash(fs.readFileSync(p))])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

const { readdirSync } = fs; // before recordReads() wraps it: a listing is not a read of the run
function listing(dir, recursive) {
  return hash(JSON.stringify(readdirSync(join(ROOT, dir), { recursive }).map(String).sort()));
}

function fileHash(file) {
  try {
    return hash(fs.readFileSync(join(ROOT, file)));
  } catch {
    return 'missing';
  }
}

/** Whether the last good run saw exactly what is on disk now; its file count if so. */
function unchangedSinceLastRun() {
  let last;
  try {
    last = JSON.parse(fs.readFileSync(LAST_RUN, 'utf8'));
  } catch {
    return undefined;
  }
  try {
    if (last.node !== process.version) return undefined;
    if (!last.files.every(([file, h]) => fileHash(file) === h)) return undefined;
    if (!last.exists.every(([path, there]) => fs.existsSync(join(ROOT, path)) === there)) return undefined;
    if (!last.dirs.every(([dir, recursive, h]) => listing(dir, recursive) === h)) return undefined;
    const out = outFiles();
    if (out.length !== last.out.length || out.some(([path, h], i) => last.out[i][0] !== path || last.out[i][1] !== h)) return undefined;
    return out.length;
  } catch {
    return undefined;
  }
}

/**
 * Watches the fs calls main.ts makes and keeps what it saw of the project: each file's hash
 * as read, each listing as returned, each existence probe's answer.
 */
function recordReads() {
  const files = new Map();
  const dirs = new Map();
  const exists = new Map();
  const { readFileSync, existsSync } = fs;
  fs.readFileSync = function recordedReadFileSync(path, ...rest) {
    const rel = typeof path === 'string' ? recordable(path) : undefined;
    try {
      const content = readFileSync.call(fs, path, ...rest);
      if (rel !== undefined) files.set(rel, hash(content));
      return content;
    } catch (error) {
      if (rel !== undefined) files.set(rel, 'missing');
      throw error;
    }
  };
  fs.readdirSync = function recordedReaddirSync(path, options) {
    const entries = readdirSync.call(fs, path, options);
    const rel = typeof path === 'string' ? recordable(path) : undefined;
    if (rel !== undefined) {
      const recursive = Boolean(options && options.recursive);
      // The listing as of now, not of the end of the run: a file added meanwhile was not seen.
      if (!dirs.has(rel) || (recursive && !dirs.get(rel).recursive)) dirs.set(rel, { recursive, listing: listing(rel, recursive) });
    }
    return entries;
  };
  fs.existsSync = function recordedExistsSync(path) {
    const there = existsSync.call(fs, path);
    const rel = typeof path === 'string' ? recordable(path) : undefined;
    if (rel !== undefined) exists.set(rel, there);
    return there;
  };
  return () => {
    Object.assign(fs, { readFileSync, readdirSync, existsSync });
    // A module's folder too: a new file there can change what its imports resolve to.
    for (const loaded of Object.keys(require.cache)) {
      const rel = recordable(loaded);
      if (rel === undefined) continue;
      if (!files.has(rel)) files.set(rel, fileHash(rel));
      const dir = posixPath(relative(ROOT, join(ROOT, rel, '..')));
      if (!dirs.has(dir)) dirs.set(dir, { recursive: false, listing: listing(dir, false) });
    }
    for (const file of ALWAYS) if (!files.has(file)) files.set(file, fileHash(file));
    return {
      files: [...files].sort(),
      dirs: [...dirs].sort().map(([dir, { recursive, listing: h }]) => [dir, recursive, h]),
      exists: [...exists].sort(),
    };
  };
}

function elapsedMs() {
  return (Number(process.hrtime.bigint() - started) / 1e6).toFixed(0);
}

const unchanged = mode ? unchangedSinceLastRun() : undefined;
if (unchanged !== undefined) {
  // main.ts's words for these outcomes, and why nothing was generated.
  const why = 'nothing it reads has changed since the last run';
  if (mode === 'check') console.log(`out/ is current (${unchanged} files, checked in ${elapsedMs()} ms: ${why})`);
  else console.log(`generated ${unchanged} files into out/ in ${elapsedMs()} ms, 0 changed (${why})`);
} else {
  const stopRecording = mode ? recordReads() : undefined;
  require('./source-self-reference.cjs');
  require('./ts-compile-cache.cjs').registerCompileCache(join(CACHE, 'generate-js'));
  require('../generators/main.ts');
  if (stopRecording) {
    const seen = stopRecording();
    if (!process.exitCode) {
      const { writeAtomically } = require('./ts-compile-cache.cjs');
      writeAtomically(LAST_RUN, JSON.stringify({ node: process.version, ...seen, out: outFiles() }));
    }
  }
}
