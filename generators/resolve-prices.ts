import type { Schema } from '../schema/define';
import type { DiagnosticCollector } from './diagnostics';
import type { Model } from './model-types';

/** The price table: one row per model, non-negative prices, a real date. */
export function checkPrices(schema: Schema, diagnostics: DiagnosticCollector): Model['prices'] {
  const { prices } = schema;
  const place = 'schema/prices.ts';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(prices.takenOn) || Number.isNaN(Date.parse(prices.takenOn))) {
    diagnostics.add(place, `takenOn "${prices.takenOn}" is not an ISO date`, 'write the date the prices were read, as YYYY-MM-DD');
  }
  const seen = new Set<string>();
  for (const row of prices.models) {
    const where = `${place}, model ${row.model}`;
    if (seen.has(row.model)) diagnostics.add(where, 'the model is priced twice', 'keep one row');
    seen.add(row.model);
    for (const key of ['inputPerMillion', 'outputPerMillion', 'cacheReadPerMillion', 'cacheWritePerMillion'] as const) {
      if (!Number.isFinite(row[key]) || row[key] < 0) diagnostics.add(where, `${key} is ${row[key]}`, 'use a price in USD per million tokens, 0 or more');
    }
  }
  return { takenOn: prices.takenOn, currency: prices.currency, models: [...prices.models].sort((a, b) => a.model.localeCompare(b.model)) };
}
