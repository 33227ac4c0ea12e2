// Loaded by ts-node before any source (tsconfig.json "ts-node".require). Inside the repo the generated
// helpers import the runtime by package name (`aqe-telemetry/runtime/...`), as the installed package
// does; Node resolves that self-reference through package.json exports, which point at dist/ unless
// the `aqe-telemetry-source` condition is set, and ts-node cannot pass conditions to Node. So requests
// for this package are resolved here with that condition, from the exports map itself (one mapping).
'use strict';
const Module = require('node:module');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const PACKAGE = require(join(ROOT, 'package.json'));
const CONDITION = 'aqe-telemetry-source';

/** `aqe-telemetry/runtime/cost` -> `<root>/runtime/cost.ts` by the exports entry's source condition, else undefined. */
function sourceOf(request) {
  if (request !== PACKAGE.name && !request.startsWith(`${PACKAGE.name}/`)) return undefined;
  const subpath = `.${request.slice(PACKAGE.name.length)}`;
  for (const [key, target] of Object.entries(PACKAGE.exports)) {
    const source = typeof target === 'object' ? target[CONDITION] : target;
    if (source === undefined) continue;
    if (key === subpath) return join(ROOT, source);
    const star = key.indexOf('*');
    if (star >= 0 && subpath.startsWith(key.slice(0, star)) && subpath.endsWith(key.slice(star + 1))) {
      const matched = subpath.slice(star, subpath.length - (key.length - star - 1));
      return join(ROOT, source.replace('*', matched));
    }
  }
  return undefined;
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveSelfReference(request, ...rest) {
  return resolveFilename.call(this, sourceOf(request) ?? request, ...rest);
};

module.exports = { sourceOf, CONDITION };
