import type { Schema } from '../schema/define';
import type { Rules } from '../rules/define';
import type { DeployConfig } from '../deploy/config';
import { collectorConfig } from '../deploy/collector';
import { DEFAULT_OTLP_HTTP_ENDPOINT } from '../runtime/bootstrap';
import { checkCollectorConfig } from './collector-check';
import { DiagnosticError } from './diagnostics';
import type { DashboardSource } from '../dashboards-src/common';
import { resolveAlerting } from './alerting-model';
import { buildDashboards } from './dashboards-model';

import type { GeneratedFile } from './generated-file';
import { buildModel } from './model';
import { TARGETS } from './targets';
import { checkOut, writeOut, type StaleFile } from './write';

/** schema + rules -> models -> files -> out/. Throws DiagnosticError before touching out/. */

export interface Sources {
  readonly schema: Schema;
  readonly rules: Rules;
  /** Runbook names present in docs/runbooks/ (the caller reads the disk). */
  readonly runbooks: ReadonlySet<string>;
  readonly dashboards: readonly DashboardSource[];
  readonly deploy: DeployConfig;
}

export function renderAll(sources: Sources): GeneratedFile[] {
  const model = buildModel(sources.schema);
  const { alerting, catalog } = resolveAlerting(model, sources.rules, sources.runbooks);
  const dashboards = buildDashboards(sources.dashboards, catalog, alerting);
  const { ports } = sources.deploy.collector;
  const collectorProblems = checkCollectorConfig(collectorConfig(sources.deploy), {
    serviceOtlpGrpc: ports.otlpGrpc,
    serviceOtlpHttp: ports.otlpHttp,
    scrapedPrometheusPort: alerting.settings.prometheus.collectorPort,
    runtimeOtlpHttpEndpoint: DEFAULT_OTLP_HTTP_ENDPOINT,
  });
  if (collectorProblems.length > 0) throw new DiagnosticError(collectorProblems);
  const input = { model, alerting, dashboards, deploy: sources.deploy };
  const produced: GeneratedFile[] = [];
  for (const target of TARGETS) produced.push(...target.generate(input, produced));
  return produced;
}

export interface GenerateResult {
  readonly files: number;
  /** Write mode: files that changed. Check mode: files that are stale. */
  readonly stale: readonly StaleFile[];
}

export function generate(sources: Sources, outDir: string, mode: 'write' | 'check'): GenerateResult {
  const files = renderAll(sources);
  const stale = mode === 'check' ? checkOut(files, outDir) : writeOut(files, outDir);
  return { files: files.length, stale };
}


