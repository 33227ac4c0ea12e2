import type { PerMillion } from '../../core/token-price';
import { header } from '../generated-file';
import type { Model, ResolvedPrice } from '../model-types';
import { docComment, literal } from '../ts-code';

/**
 * Model -> out/instrumentation/prices.ts: the fleet's resolved prices as literals (the price
 * package is read by the generator, never by agents), and `priceOfCall`, the token-usage path's
 * lookup, which also counts a call of a model the table does not price, by its name.
 */
export function pricesFile(model: Model, runtime: string): string {
  const unpriced = model.metrics.find((m) => m.helperName === model.health.unpricedCalls);
  const label = unpriced?.labels[0]?.name ?? '';
  return [
    header.typescript,
    `import type { ModelPrice } from '${runtime}/cost';`,
    `import { ${model.health.unpricedCalls} } from './metrics';`,
    '',
    docComment([
      `Model prices in USD per million tokens, from ${model.prices.source} (the data bundled in the`,
      'package, read by `npm run generate`; never fetched) with the overrides and additions of',
      'schema/prices.ts. A tiered price applies by the call\'s input tokens (costOf, runtime/cost.ts).',
    ]) +
      `export const prices = {\n  source: ${literal(model.prices.source)},\n  currency: ${literal(model.prices.currency)},\n  models: [\n${model.prices.models.map(row).join('\n')}\n  ] as readonly ModelPrice[],\n};`,
    '',
    'export const priceByModel: ReadonlyMap<string, ModelPrice> = new Map(prices.models.map((p) => [p.model, p]));',
    '',
    docComment([
      'The price of one call to `model`, for costOf. A model the table does not price (its cost is',
      'recorded as 0 and its `model` label as `other`) is also counted by the name the agent passed,',
      `so the weekly report can name it: an open label (${label}) with a cap, so a flood of names`,
      'cannot add unbounded series. Never throws.',
      '',
      '@example const usd = costOf(usage, priceOfCall(labels.model));',
    ]) +
      `export function priceOfCall(model: string): ModelPrice | undefined {\n  const price = priceByModel.get(model);\n  if (price) return price;\n  try {\n    ${model.health.unpricedCalls}.add(1, { ${literal(label)}: String(model) });\n  } catch {\n    // The counter never throws; an untyped caller's model is not worth a crash either.\n  }\n  return undefined;\n}`,
    '',
  ].join('\n');
}

function row(p: ResolvedPrice): string {
  const kinds = `inputPerMillion: ${perMillion(p.inputPerMillion)}, outputPerMillion: ${perMillion(p.outputPerMillion)}, cacheReadPerMillion: ${perMillion(p.cacheReadPerMillion)}, cacheWritePerMillion: ${perMillion(p.cacheWritePerMillion)}`;
  return `    // ${p.origin.replace(/\s+/g, ' ')}\n    { model: ${literal(p.model)}, provider: ${literal(p.provider)}, ${kinds} },`;
}

function perMillion(p: PerMillion): string {
  if (typeof p === 'number') return String(p);
  return `{ base: ${p.base}, tiers: [${p.tiers.map((t) => `{ start: ${t.start}, price: ${t.price} }`).join(', ')}] }`;
}
