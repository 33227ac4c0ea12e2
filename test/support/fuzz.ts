import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';

/**
 * Shared pieces of the property-based fuzz of the runtime and the generated helpers
 * (issue 13: nothing a caller does can hurt the agent): hostile values, the callable
 * surface enumerated from the modules themselves, and the environment variables read.
 */

/** Fixed, so a failure is reproducible; fast-check prints it with the failing path. */
export const FUZZ_SEED = 13_2026;

export const ROOT = resolve(__dirname, '../..');

/** What every hostile value throws: one reaching the test means a helper let it through. */
export class HostileError extends Error {
  override name = 'HostileError';
}
const throwing = (): never => {
  throw new HostileError('hostile value');
};

/** A Proxy whose every trap throws, over an object or (callable) a function. */
const allTrapsThrow: ProxyHandler<object> = Object.fromEntries(
  ['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible', 'preventExtensions', 'apply', 'construct'].map(
    (trap) => [trap, throwing],
  ),
);

const revoked = Proxy.revocable({}, {});
revoked.revoke();

/** Over a million characters: what an unbounded open label would let into a series key. */
export const HUGE_STRING = 'x'.repeat(1_000_004);

/**
 * Values no typed caller can pass and any untyped one can: each picked to break a
 * different assumption (coercion, property access, iteration, arithmetic).
 */
export const HOSTILE_VALUES: readonly unknown[] = [
  undefined,
  null,
  Symbol('hostile'),
  Object.create(null),
  { valueOf: throwing },
  { toString: throwing },
  { [Symbol.toPrimitive]: throwing },
  Object.defineProperty({}, 'agent_type', { get: throwing, enumerable: true }),
  new Proxy({}, allTrapsThrow),
  new Proxy(() => undefined, allTrapsThrow),
  new Proxy([], allTrapsThrow), // Array.isArray says yes, then every access throws
  new Proxy({}, { get: () => Symbol('from a getter') }),
  revoked.proxy,
  { then: throwing },
  HUGE_STRING,
  '',
  'other',
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e308,
  -1e308,
  Number.MAX_VALUE,
  -0,
  2 ** 53 + 2,
  -1,
  10n,
  throwing,
  () => undefined,
  [],
  [HUGE_STRING],
  new Date(Number.NaN),
];

/**
 * A hostile value by its index in {@link HOSTILE_VALUES}. fast-check looks into the values it
 * generates (for a clone method, to print them), and the Proxies above throw when it does: the
 * arbitraries hold these markers, and {@link resolveHostile} swaps the values in just before the call.
 */
export class HostileRef {
  constructor(readonly index: number) {}
  toString(): string {
    return `HOSTILE_VALUES[${this.index}]`;
  }
}

const HOSTILE_SET = new Set<unknown>(HOSTILE_VALUES);

/** A plain object, with Object.prototype or none: what fc.record makes. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The argument with its markers replaced, in it and in the values of plain objects in it (labels, options). */
export function resolveHostile(value: unknown): unknown {
  if (value instanceof HostileRef) return HOSTILE_VALUES[value.index];
  if (!isRecord(value) || HOSTILE_SET.has(value)) return value;
  const entries = Object.entries(value);
  if (!entries.some(([, v]) => v instanceof HostileRef || isRecord(v))) return value;
  // fast-check makes some records without a prototype: the copy keeps that too.
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object | null) as object, Object.fromEntries(entries.map(([k, v]) => [k, resolveHostile(v)])));
}

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: HOSTILE_VALUES.length - 1 }).map((i) => new HostileRef(i)) },
  { weight: 2, arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withTypedArray: true, withSparseArray: true }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);

/** A metric's labels as a plain object: its own names with hostile or valid values, maybe stray keys. */
export function labelRecordFor(specs: readonly { name: string; values?: readonly string[] }[]): fc.Arbitrary<Record<string, unknown>> {
  const value = (spec: { values?: readonly string[] }) =>
    fc.oneof(hostile, spec.values && spec.values.length > 0 ? fc.constantFrom(...spec.values) : fc.string({ maxLength: 40 }), fc.constant(new HostileRef(HOSTILE_VALUES.indexOf(HUGE_STRING))));
  const record = fc.record(Object.fromEntries(specs.map((s) => [s.name, value(s)])), { requiredKeys: [] });
  const stray = fc.dictionary(fc.string({ maxLength: 12 }), hostile, { maxKeys: 3 });
  return fc.oneof({ weight: 4, arbitrary: record }, { weight: 1, arbitrary: fc.tuple(record, stray).map(([own, extra]) => ({ ...extra, ...own })) });
}

/** Labels as any caller may pass them: mostly plain objects, sometimes anything at all. */
export function labelsFor(specs: readonly { name: string; values?: readonly string[] }[]): fc.Arbitrary<unknown> {
  return specs.length === 0 ? hostile : fc.oneof({ weight: 5, arbitrary: labelRecordFor(specs) }, { weight: 1, arbitrary: hostile });
}

/** The names of a function's parameters, read from its source (kept by the TypeScript transform). */
export function parameterNames(fn: (...args: never[]) => unknown): string[] {
  const source = Function.prototype.toString.call(fn);
  const open = source.indexOf('(');
  if (open < 0) return [];
  let depth = 0;
  let end = open;
  for (; end < source.length; end++) {
    if ('([{'.includes(source[end] as string)) depth++;
    else if (')]}'.includes(source[end] as string) && --depth === 0) break;
  }
  const params: string[] = [];
  let part = '';
  depth = 0;
  for (const char of source.slice(open + 1, end)) {
    if ('([{'.includes(char)) depth++;
    if (')]}'.includes(char)) depth--;
    if (char === ',' && depth === 0) {
      params.push(part);
      part = '';
    } else part += char;
  }
  params.push(part);
  return params.map((p) => /^\s*(?:\.\.\.)?([A-Za-z_$][\w$]*)/.exec(p)?.[1] ?? '').filter((p) => p !== '');
}

export interface Target {
  /** `module.export` or `module.export.method`. */
  readonly name: string;
  readonly call: (...args: unknown[]) => unknown;
  readonly params: readonly string[];
  /** The metric's label specs when the target is a method of a generated metric helper. */
  readonly labels?: readonly { name: string; values?: readonly string[]; cap?: number }[];
}

const BUILTIN_PROTOTYPES = new Set<object>([Object.prototype, Array.prototype, Map.prototype, Set.prototype, Function.prototype]);
const isClass = (value: unknown) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));

/**
 * Every callable a module exports: its functions, and the methods of the objects it exports
 * (the generated metric helpers). Built from the module at run time, so a metric or span
 * added to the schema is fuzzed with no change here. Classes are left to their instances:
 * constructors take specs from generated code, not from agents.
 */
export function targetsOf(moduleName: string, module: Record<string, unknown>, skip: ReadonlySet<string> = new Set()): Target[] {
  const targets: Target[] = [];
  for (const [exportName, value] of Object.entries(module)) {
    if (skip.has(exportName)) continue;
    const name = `${moduleName}.${exportName}`;
    if (typeof value === 'function' && !isClass(value)) {
      targets.push({ name, call: value as Target['call'], params: parameterNames(value as Target['call']) });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const spec = (value as { spec?: { labels?: Target['labels'] } }).spec;
    for (let proto = Object.getPrototypeOf(value) as object | null; proto && !BUILTIN_PROTOTYPES.has(proto); proto = Object.getPrototypeOf(proto) as object | null) {
      for (const method of Object.getOwnPropertyNames(proto)) {
        const fn = (proto as Record<string, unknown>)[method];
        if (method === 'constructor' || typeof fn !== 'function' || targets.some((t) => t.name === `${name}.${method}`)) continue;
        targets.push({
          name: `${name}.${method}`,
          call: (...args) => (fn as Target['call']).apply(value, args),
          params: parameterNames(fn as Target['call']),
          ...(spec?.labels ? { labels: spec.labels } : {}),
        });
      }
    }
  }
  return targets;
}

/**
 * Every OTEL_* and AQE_* variable the runtime names in its own sources, and those the SDK
 * packages it wires read. The exporters build the per-signal names (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT...)
 * from the generic ones at run time, so those are derived here the way the specification does.
 */
export function environmentVariablesRead(): string[] {
  const names = new Set<string>();
  const pattern = /\b(?:OTEL|AQE)_[A-Z0-9_]*[A-Z0-9]\b/g;
  const scan = (dir: string, ext: RegExp) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path, ext);
      else if (ext.test(entry.name)) for (const match of readFileSync(path, 'utf8').matchAll(pattern)) names.add(match[0]);
    }
  };
  for (const file of readdirSync(join(ROOT, 'runtime'))) {
    if (file.endsWith('.ts')) for (const match of readFileSync(join(ROOT, 'runtime', file), 'utf8').matchAll(pattern)) names.add(match[0]);
  }
  const sdk = join(ROOT, 'node_modules/@opentelemetry');
  for (const pkg of readdirSync(sdk)) {
    try {
      scan(join(sdk, pkg, 'build/src'), /\.js$/);
    } catch {
      // A package without build/src (types only) reads nothing.
    }
  }
  for (const name of [...names]) {
    const generic = /^OTEL_EXPORTER_OTLP_(ENDPOINT|HEADERS|TIMEOUT|COMPRESSION|CERTIFICATE|CLIENT_KEY|CLIENT_CERTIFICATE|PROTOCOL|INSECURE)$/.exec(name);
    if (generic) for (const signal of ['TRACES', 'METRICS', 'LOGS']) names.add(`OTEL_EXPORTER_OTLP_${signal}_${generic[1]}`);
  }
  // Names of constants, not of variables.
  return [...names].filter((n) => !n.startsWith('OTEL_COMPONENT_TYPE_VALUE_')).sort();
}
