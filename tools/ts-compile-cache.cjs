// The .ts loader of `npm run generate` (tools/generate.cjs): what ts-node --swc does, without
// ts-node's start-up (it loads TypeScript, ~9 MB, to read tsconfig.json even with swc), and with
// every compiled file kept on disk by a hash of its text, so a run whose sources did not change
// compiles nothing and does not load swc either.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

/**
 * What ts-node --swc passes swc for this tsconfig.json (target ES2022, module nodenext in a
 * "type": "commonjs" package, esModuleInterop, strict): test/tools/ts-compile-cache.test.ts
 * compares it with ts-node's own derivation, so a tsconfig edit that changes it fails there.
 */
const SWC_OPTIONS = {
  sourceMaps: true,
  module: { type: 'commonjs', noInterop: false, strictMode: true, ignoreDynamic: true },
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', tsx: false, dynamicImport: true, importAssertions: true },
    target: 'es2022',
    transform: { legacyDecorator: true, useDefineForClassFields: true, react: { throwIfNamespace: false, useBuiltins: false } },
    keepClassNames: true,
    experimental: { keepImportAttributes: true, emitAssertForImportAttributes: true },
  },
};

/** The compiled text of a file depends on its text, these options and the swc that compiled it (the lockfile pins it). */
function optionsKey() {
  let lock = '';
  try {
    lock = fs.readFileSync(join(ROOT, 'package-lock.json'));
  } catch {
    // no lockfile: the options alone
  }
  return createHash('sha256').update(JSON.stringify(SWC_OPTIONS)).update('\0').update(lock).digest('hex');
}

let swc;
function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, { ...SWC_OPTIONS, filename });
}

/**
 * Compiles .ts files required from now on through the cache in `dir` (`<hash>.js` and its source
 * map `<hash>.js.map`); returns counts of hits and misses.
 */
function registerCompileCache(dir) {
  const stats = { hits: 0, misses: 0 };
  const key = optionsKey();
  const maps = new Map();
  Module._extensions['.ts'] = function compileTs(module, filename) {
    const source = fs.readFileSync(filename, 'utf8');
    const cached = join(dir, `${createHash('sha256').update(key).update('\0').update(source).digest('hex')}.js`);
    let code;
    try {
      code = fs.readFileSync(cached, 'utf8');
      stats.hits++;
    } catch {
      const output = transpile(source, filename);
      code = output.code;
      stats.misses++;
      writeAtomically(`${cached}.map`, output.map);
      writeAtomically(cached, code);
    }
    maps.set(filename, { path: `${cached}.map`, map: undefined });
    module._compile(code, filename);
  };
  mapStackTraces(maps);
  return stats;
}

/**
 * Stack traces name the .ts line, as under ts-node: generators/crash-diagnostic.ts locates a
 * mistake by them. Node's own --enable-source-maps would do it, but it reads the source map of
 * every module at load, node_modules included (~100 ms here); this reads one only when a stack
 * that passes through its file is formatted.
 */
function mapStackTraces(maps) {
  const { SourceMap } = Module;
  const position = (site) => {
    const file = site.getFileName();
    const entry = file && maps.get(file);
    if (!entry || site.getLineNumber() === null) return undefined;
    try {
      entry.map ??= new SourceMap(JSON.parse(fs.readFileSync(entry.path, 'utf8')));
      const found = entry.map.findEntry(site.getLineNumber() - 1, site.getColumnNumber() - 1);
      if (found.originalLine === undefined) return undefined;
      return { file, line: found.originalLine + 1, column: found.originalColumn + 1 };
    } catch {
      return undefined;
    }
  };
  Error.prepareStackTrace = (error, sites) => {
    const frames = sites.map((site) => {
      const text = String(site);
      const at = position(site);
      if (!at) return `    at ${text}`;
      const generated = `${at.file}:${site.getLineNumber()}:${site.getColumnNumber()}`;
      return `    at ${text.replace(generated, `${at.file}:${at.line}:${at.column}`)}`;
    });
    let head;
    try {
      head = String(error);
    } catch {
      head = '(unprintable error)';
    }
    return [head, ...frames].join('\n');
  };
}

/** Written under a temporary name and renamed, so a reader never sees half a file. */
function writeAtomically(path, text) {
  try {
    fs.mkdirSync(join(path, '..'), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, path);
  } catch {
    // A cache that cannot be written only costs the next run a compile.
  }
}

module.exports = { registerCompileCache, writeAtomically, SWC_OPTIONS };
