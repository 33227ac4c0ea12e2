/**
 * Section 5, storage: bytes per sample measured on the backfilled blocks, and what a day of
 * scraping costs at that rate for the simulated fleet and for the model's worst case.
 */
import type { BlockStats } from '../tsdb';

export interface StorageEstimate {
  readonly series: number;
  readonly chunkBytesPerSample: number;
  /** Index bytes per series per day of blocks (the index is per block: it grows with series x blocks, not samples). */
  readonly indexBytesPerSeriesDay: number;
  readonly perDay: readonly { readonly what: string; readonly series: number; readonly scrapeSec: number; readonly gbPerDay: number }[];
}

export function estimateStorage(raw: BlockStats, options: { series: number; worstCaseSeries: number; recordedSeries: number; days: number }): StorageEstimate {
  const chunkBytesPerSample = raw.chunkBytes / raw.samples;
  const indexBytesPerSeriesDay = raw.indexBytes / options.series / options.days;
  const perDayGb = (series: number, scrapeSec: number) => (series * (86400 / scrapeSec) * chunkBytesPerSample + series * indexBytesPerSeriesDay) / 1e9;
  const rows = [
    { what: 'simulated fleet', series: options.series, scrapeSec: 15 },
    { what: 'simulated fleet + recorded series', series: options.series + options.recordedSeries, scrapeSec: 15 },
    { what: 'model worst case (totalWorstCaseSeries)', series: options.worstCaseSeries, scrapeSec: 15 },
    { what: 'model worst case, at the generated config\'s 5 s scrape', series: options.worstCaseSeries, scrapeSec: 5 },
  ];
  return {
    series: options.series,
    chunkBytesPerSample,
    indexBytesPerSeriesDay,
    perDay: rows.map((r) => ({ ...r, gbPerDay: perDayGb(r.series, r.scrapeSec) })),
  };
}
