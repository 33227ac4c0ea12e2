import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeFleetOpenMetrics, type SchemaJson } from '../../bench/openmetrics';
import { backfillOpenMetrics, startPrometheusOnTsdb } from '../../bench/tsdb';

/**
 * A real Prometheus holding weeks of a realistic fleet's data, for the report tests: the
 * bench's generator (bench/openmetrics.ts) writes OpenMetrics for the metrics asked for,
 * `promtool tsdb create-blocks-from openmetrics` turns it into blocks, and Prometheus serves them.
 */

const ROOT = resolve(__dirname, '../..');

export interface BackfilledPrometheus {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBackfilledPrometheus(options: { readonly endSec: number; readonly days: number; readonly stepSec: number; readonly metrics: readonly string[] }): Promise<BackfilledPrometheus> {
  const schema = JSON.parse(readFileSync(join(ROOT, 'out', 'schema.json'), 'utf8')) as SchemaJson;
  const only: SchemaJson = { ...schema, metrics: schema.metrics.filter((m) => options.metrics.includes(m.prometheusName)) };
  const root = mkdtempSync(join(tmpdir(), 'aqe-report-tsdb-'));
  const openMetrics = join(root, 'openmetrics');
  const data = join(root, 'data');
  mkdirSync(openMetrics);
  mkdirSync(data);
  try {
    const fleet = writeFleetOpenMetrics(only, { dir: openMetrics, endSec: options.endSec, days: options.days, stepSec: options.stepSec, targetLabels: { job: 'otel-collector', instance: 'collector:8889' } });
    await backfillOpenMetrics(fleet.files.map((f) => f.path), data);
    const prometheus = await startPrometheusOnTsdb(data, root);
    return {
      url: prometheus.url,
      stop: async () => {
        await prometheus.stop();
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
