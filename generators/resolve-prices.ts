import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { calcPrice, findProvider, type ModelPrice as PackagePrices } from '@pydantic/genai-prices';
import type { PerMillion } from '../core/token-price';
import { genAiProviderName } from '../schema/attributes';
import type { FleetModel, HandPrices, PriceAddition, PriceOverride, Schema } from '../schema/define';
import type { DiagnosticCollector } from './diagnostics';
import type { Model, ResolvedPrice } from './model-types';
import { didYouMean } from './nearest';

/**
 * The fleet's prices: each model of schema/prices.ts priced from the data bundled in the
 * installed @pydantic/genai-prices (never fetched: its update functions are not called), with
 * the schema's overrides applied and its additions for models the package does not know.
 * Every problem is reported at once, with the nearest known name.
 */

const PACKAGE = '@pydantic/genai-prices';
const PLACE = 'schema/prices.ts';
const KINDS = ['inputPerMillion', 'outputPerMillion', 'cacheReadPerMillion', 'cacheWritePerMillion'] as const;
/** The package's price key of each kind. */
const PACKAGE_KEY: Readonly<Record<(typeof KINDS)[number], string>> = {
  inputPerMillion: 'input_mtok',
  outputPerMillion: 'output_mtok',
  cacheReadPerMillion: 'cache_read_mtok',
  cacheWritePerMillion: 'cache_write_mtok',
};
/**
 * calcPrice picks a model's dated prices by a timestamp, today's if none is given: a date past
 * every start date takes the newest prices the package lists, the same on every run.
 */
const NEWEST = new Date('9999-12-31T00:00:00Z');

/** The installed package's version (package.json's exact pin), written into the generated table. */
export function pricePackageVersion(): string {
  // The package's exports do not include its package.json; it sits beside dist/.
  const main = require.resolve(PACKAGE);
  return (JSON.parse(readFileSync(join(dirname(main), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

export function resolvePrices(schema: Schema, diagnostics: DiagnosticCollector): Model['prices'] {
  const { models, overrides, additions } = schema.prices;
  const source = `${PACKAGE}@${pricePackageVersion()}`;
  const fleet = new Map<string, FleetModel>();
  for (const m of models) {
    const where = `${PLACE}, model ${m.model}`;
    if (fleet.has(m.model)) diagnostics.add(where, 'the model is listed twice', 'keep one entry');
    fleet.set(m.model, m);
    const providers = genAiProviderName.values ?? [];
    if (!providers.includes(m.provider)) {
      diagnostics.add(where, `provider "${m.provider}" is not a gen_ai.provider.name value of schema/attributes.ts${didYouMean(m.provider, providers)}`, `use one of ${providers.join(', ')}`);
    }
  }
  const fleetNames = [...fleet.keys()];
  const notListed = (kind: string, model: string) =>
    diagnostics.add(`${PLACE}, ${kind} ${model}`, `model ${model} is not one of the fleet's models${didYouMean(model, fleetNames)}`, `list it in models, or remove the ${kind}`);

  const overrideOf = new Map<string, PriceOverride>();
  for (const o of overrides) {
    const where = `${PLACE}, override ${o.model}`;
    if (overrideOf.has(o.model)) diagnostics.add(where, 'the model is overridden twice', 'keep one override');
    overrideOf.set(o.model, o);
    if (!fleet.has(o.model)) notListed('override', o.model);
    if (!o.reason?.trim()) diagnostics.add(where, 'the override gives no reason', 'say why the price differs (the contract, the date it applies from)');
    if (!KINDS.some((k) => o[k] !== undefined)) diagnostics.add(where, 'the override changes no price', `give one or more of ${KINDS.join(', ')}, or remove it`);
    for (const k of KINDS) if (o[k] !== undefined) checkPrice(o[k], `${where}: ${k}`, diagnostics);
  }
  const additionOf = new Map<string, PriceAddition>();
  for (const a of additions) {
    const where = `${PLACE}, addition ${a.model}`;
    if (additionOf.has(a.model)) diagnostics.add(where, 'the model is added twice', 'keep one addition');
    additionOf.set(a.model, a);
    if (!fleet.has(a.model)) notListed('addition', a.model);
    if (overrideOf.has(a.model)) diagnostics.add(where, 'the model is both added and overridden', 'put its prices in the addition only');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(a.takenOn) || Number.isNaN(Date.parse(a.takenOn))) {
      diagnostics.add(where, `takenOn "${a.takenOn}" is not an ISO date`, 'write the date the prices were read, as YYYY-MM-DD');
    }
    if (!a.source?.trim()) diagnostics.add(where, 'the addition names no source', "give the provider's price page the prices were read from");
    for (const k of KINDS) checkPrice(a[k], `${where}: ${k}`, diagnostics);
  }

  const resolved: ResolvedPrice[] = [];
  for (const m of fleet.values()) {
    const where = `${PLACE}, model ${m.model}`;
    const addition = additionOf.get(m.model);
    const found = fromPackage(m, source, where, addition === undefined, diagnostics);
    if (addition) {
      if (found) diagnostics.add(`${PLACE}, addition ${m.model}`, `${source} prices ${m.model} (${found.origin})`, 'remove the addition, or make it an override if your price differs');
      const { takenOn, source: page } = addition;
      resolved.push({ model: m.model, provider: m.provider, ...pick(addition), origin: `addition: ${takenOn}, ${page}` });
      continue;
    }
    if (!found) continue;
    const override = overrideOf.get(m.model);
    if (!override) {
      resolved.push(found);
      continue;
    }
    const changed = Object.fromEntries(KINDS.filter((k) => override[k] !== undefined).map((k) => [k, override[k]]));
    resolved.push({ ...found, ...changed, origin: `override of ${found.origin}: ${override.reason}` });
  }
  return { source, currency: schema.prices.currency, models: resolved.sort((a, b) => a.model.localeCompare(b.model)) };
}

/** The package's prices of one fleet model, or undefined (reported unless an addition prices it). */
function fromPackage(m: FleetModel, source: string, where: string, report: boolean, diagnostics: DiagnosticCollector): ResolvedPrice | undefined {
  const provider = findProvider({ providerId: m.provider });
  const result = provider ? calcPrice({ input_tokens: 0, output_tokens: 0 }, m.model, { provider, timestamp: NEWEST }) : null;
  if (!provider || !result) {
    if (report) {
      const known = provider ? provider.models.map((x) => x.id) : [];
      const problem = provider ? `${source} does not price model ${m.model} of ${provider.name}${didYouMean(m.model, known)}` : `${source} knows no provider "${m.provider}"`;
      diagnostics.add(where, problem, `use the model name the package knows, or price it by hand in additions (with takenOn and source)`);
    }
    return undefined;
  }
  if (Array.isArray(result.model.prices) && result.model.prices.some((p) => p.constraint?.type === 'time_of_date')) {
    if (report) diagnostics.add(where, `${source} prices ${m.model} by the time of day, which a table by model cannot carry`, 'price it by hand in additions (with takenOn and source)');
    return undefined;
  }
  const origin = `${source} ${result.provider.id}/${result.model.id}`;
  const prices = result.model_price;
  const input = packagePrice(prices, PACKAGE_KEY.inputPerMillion);
  if (input === undefined) {
    diagnostics.add(where, `${origin} has no input token price`, 'price it by hand in overrides (all four kinds)');
    return undefined;
  }
  // calcPrice bills cache tokens the model has no cache price for as uncached input (it
  // subtracts only priced kinds from the input): the same here, so costs agree.
  const price = {
    inputPerMillion: input,
    outputPerMillion: packagePrice(prices, PACKAGE_KEY.outputPerMillion) ?? 0,
    cacheReadPerMillion: packagePrice(prices, PACKAGE_KEY.cacheReadPerMillion) ?? input,
    cacheWritePerMillion: packagePrice(prices, PACKAGE_KEY.cacheWritePerMillion) ?? input,
  };
  for (const k of KINDS) checkPrice(price[k], `${where} (${origin}): ${k}`, diagnostics);
  return { model: m.model, provider: m.provider, ...price, origin };
}

/** A package price as plain data (its TieredPrices is a class instance). */
function packagePrice(prices: PackagePrices, key: string): PerMillion | undefined {
  const p = prices[key];
  if (p === undefined || typeof p === 'number') return p;
  return { base: p.base, tiers: p.tiers.map((t) => ({ start: t.start, price: t.price })) };
}

function pick(p: HandPrices): HandPrices {
  return { inputPerMillion: p.inputPerMillion, outputPerMillion: p.outputPerMillion, cacheReadPerMillion: p.cacheReadPerMillion, cacheWritePerMillion: p.cacheWritePerMillion };
}

const isPrice = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;

/** A number of USD per million, 0 or more, or a base with tiers starting at whole token counts, in rising order. */
function checkPrice(p: PerMillion | undefined, where: string, diagnostics: DiagnosticCollector): void {
  const fix = 'use USD per million tokens, 0 or more, or { base, tiers: [{ start, price }] } with whole, rising starts';
  if (isPrice(p)) return;
  if (typeof p !== 'object' || p === null || !Array.isArray(p.tiers)) {
    diagnostics.add(where, `the price is ${String(p)}`, fix);
    return;
  }
  if (!isPrice(p.base)) diagnostics.add(where, `the base price is ${String(p.base)}`, fix);
  p.tiers.forEach((t, i) => {
    if (!isPrice(t?.price)) diagnostics.add(where, `tier ${i + 1}'s price is ${String(t?.price)}`, fix);
    if (!Number.isSafeInteger(t?.start) || t.start < 0) diagnostics.add(where, `tier ${i + 1}'s start is ${String(t?.start)}`, fix);
    else if (i > 0 && t.start <= (p.tiers[i - 1]?.start ?? -1)) diagnostics.add(where, `tier ${i + 1} starts at ${t.start}, not above the tier before`, fix);
  });
}
