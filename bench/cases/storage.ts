/**
 * Section 5, storage: bytes per sample measured on backfilled blocks, and what a day of
 * scraping costs at that rate for the simulated fleet and for the model's worst case, with the
 * arithmetic of generators/storage-budget.ts (the one generation checks against spec 11.2).
 */
import { bytesPerDay, MEASURED_TSDB_COST, type SeriesStream, type TsdbCost } from '../../generators/storage-budget';
import type { BlockStats } from '../tsdb';

export interface StorageEstimate {
  /** What the blocks cost: chunks from the blocks at the production scrape interval, the index from the week's. */
  readonly measured: TsdbCost;
  /** Bytes per sample of the week's sparse blocks (one sample per step), for comparison. */
  readonly sparseChunkBytesPerSample: number;
  /** Whether generators/storage-budget.ts' constants are at least what was measured (the check stays on the safe side). */
  readonly constantsCover: boolean;
  readonly perDay: readonly { readonly what: string; readonly series: number; readonly streams: readonly SeriesStream[]; readonly gbPerDay: number; readonly gbPerDayAtConstants: number }[];
}

export function estimateStorage(
  week: BlockStats,
  dense: BlockStats,
  options: { readonly series: number; readonly days: number; readonly rows: readonly { readonly what: string; readonly streams: readonly SeriesStream[] }[] },
): StorageEstimate {
  const measured: TsdbCost = { chunkBytesPerSample: dense.chunkBytes / dense.samples, indexBytesPerSeriesDay: week.indexBytes / options.series / options.days };
  return {
    measured,
    sparseChunkBytesPerSample: week.chunkBytes / week.samples,
    constantsCover: MEASURED_TSDB_COST.chunkBytesPerSample >= measured.chunkBytesPerSample && MEASURED_TSDB_COST.indexBytesPerSeriesDay >= measured.indexBytesPerSeriesDay,
    perDay: options.rows.map((r) => ({
      what: r.what,
      series: r.streams.reduce((n, s) => n + s.series, 0),
      streams: r.streams,
      gbPerDay: bytesPerDay(r.streams, measured) / 1e9,
      gbPerDayAtConstants: bytesPerDay(r.streams) / 1e9,
    })),
  };
}
