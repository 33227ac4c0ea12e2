import type { Schema } from '../schema/define';
import type { Rules } from '../rules/define';
import type { DeployConfig } from '../deploy/config';
import type { DashboardSource } from '../dashboards-src/common';
import { collectorConfig } from '../deploy/collector';
import { DEFAULT_OTLP_HTTP_ENDPOINT } from '../runtime/defaults';
import { resolveAlertingInto } from './alerting-model';
import type { AlertingModel } from './alerting-types';
import { checkCollectorConfig } from './collector-check';
import { diagnosticFromCrash } from './crash-diagnostic';
import { buildDashboards, type DashboardsModel } from './dashboards-model';
import { DiagnosticCollector, DiagnosticError, type Diagnostic, type SkippedCheck } from './diagnostics';
import { resolveModel } from './model';
import { checkDeploy } from './resolve-deploy';
import { checkAlertingSettings, resolvePrometheusSettings } from './resolve-settings';
import type { Model } from './model-types';
import type { SeriesCatalog } from './series-catalog';
import { checkStorage, recordedWorstCase, worstCaseStreams } from './storage-budget';
import { prometheusDurationMs } from './tool-syntax';
import { checkRuleWindows } from './window-check';

/**
 * Every check of every area in one run: schema/ and deploy/, rules/ against the schema's
 * model, dashboards against the model and the recording rules, the collector config against
 * deploy/ and the rules settings. A check whose input could not be built (an area that did
 * not load, a crash) is reported as not checked, with the reason.
 */

/** The sources as loaded; an area that could not be loaded is absent, its problem already reported. */
export interface SourcesToCheck {
  readonly schema?: Schema;
  readonly rules?: Rules;
  readonly runbooks: ReadonlySet<string>;
  readonly dashboards?: readonly DashboardSource[];
  readonly deploy?: DeployConfig;
  /** Problems found while loading (a type error, a module that threw, a file listed nowhere). */
  readonly loadProblems?: readonly Diagnostic[];
  /** Why an absent area was not loaded, by folder (`rules/`): default, it threw while loading. */
  readonly notLoaded?: Readonly<Record<string, string>>;
}

/** What the generators receive once everything checked out. */
export interface CheckedSources {
  readonly model: Model;
  readonly alerting: AlertingModel;
  readonly catalog: SeriesCatalog;
  readonly dashboards: DashboardsModel;
  readonly deploy: DeployConfig;
}

type Stage<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Checks everything, then returns the checked models or throws one DiagnosticError with all of it. */
export function checkSources(sources: SourcesToCheck): CheckedSources {
  const diagnostics: Diagnostic[] = [...(sources.loadProblems ?? [])];
  const skipped: SkippedCheck[] = [];

  /** Runs one check; its problems join the rest, and a crash becomes a located problem. */
  const run = <T>(what: string, check: (found: DiagnosticCollector) => T): Stage<T> => {
    const found = new DiagnosticCollector();
    try {
      return { ok: true, value: check(found) };
    } catch (error) {
      if (error instanceof DiagnosticError) diagnostics.push(...error.diagnostics);
      else diagnostics.push(diagnosticFromCrash(error, what));
      return { ok: false };
    } finally {
      diagnostics.push(...found.diagnostics);
    }
  };
  /** A check that needs `input`; when it is missing, says why the check did not run. */
  const after = <I, T>(input: Stage<I>, check: string, reason: string, body: (value: I, found: DiagnosticCollector) => T): Stage<T> => {
    if (input.ok) return run(`checking ${check}`, (found) => body(input.value, found));
    skipped.push({ check, reason });
    return { ok: false };
  };
  const notLoaded = (area: string) => sources.notLoaded?.[area] ?? 'it did not load (see above)';
  const loaded = <T>(value: T | undefined): Stage<T> => (value === undefined ? { ok: false } : { ok: true, value });
  const both = <A, B>(a: Stage<A>, b: Stage<B>): Stage<[A, B]> => (a.ok && b.ok ? { ok: true, value: [a.value, b.value] } : { ok: false });

  // Each check runs on what the one before resolved, problems and all, so that one run
  // reports every area; only a check whose input could not be built at all is skipped.
  const model = after(loaded(sources.schema), 'schema/', notLoaded('schema/'), (schema, found) => resolveModel(schema, found));
  const deployBefore = diagnostics.length;
  const deploy = after(loaded(sources.deploy), 'deploy/', notLoaded('deploy/'), (config) => {
    diagnostics.push(...checkDeploy(config));
    return config;
  });
  const deployOk = deploy.ok && diagnostics.length === deployBefore;
  const alerting = after(
    both(model, loaded(sources.rules)),
    'rules/',
    sources.rules === undefined ? notLoaded('rules/') : 'the schema could not be resolved (see above)',
    ([m, r], found) => {
      // Settings and timing are checked against deploy/ too (ports, the 30 s budget).
      if (sources.deploy) diagnostics.push(...checkAlertingSettings(r.settings, r.timing, sources.deploy, r.files));
      return resolveAlertingInto(found, m, r, sources.runbooks);
    },
  );
  after(
    both(model, alerting),
    'the storage budget',
    'it is computed from the model and the recording rules, which have problems above',
    ([m, resolved]) => {
      const scrape = prometheusDurationMs(resolved.alerting.settings.prometheus.scrapeInterval);
      // A scrape interval that does not parse is reported by the settings' own check.
      if (scrape === undefined || scrape <= 0) return;
      const prometheus = sources.deploy?.prometheus;
      const claim = /^(\d+)(Mi|Gi|Ti)$/.exec(typeof prometheus?.storageSize === 'string' ? prometheus.storageSize : '');
      const retention = prometheusDurationMs(prometheus?.retention);
      const problems = checkStorage(worstCaseStreams(m, scrape, recordedWorstCase(resolved.alerting, resolved.catalog, m)), {
        scrapeSetting: `rules/settings.ts prometheus.scrapeInterval "${resolved.alerting.settings.prometheus.scrapeInterval}"`,
        ...(retention ? { retentionMs: retention } : {}),
        retentionSetting: 'deploy/config.ts prometheus.retention',
        ...(claim ? { claimBytes: Number(claim[1]) * 2 ** ({ Mi: 20, Gi: 30, Ti: 40 }[claim[2] as 'Mi' | 'Gi' | 'Ti']) } : {}),
        claimSetting: 'deploy/config.ts prometheus.storageSize',
      });
      if (problems.length > 0) throw new DiagnosticError(problems);
    },
  );
  after(alerting, 'the rules\' windows', 'the rules could not be resolved (see above)', (resolved) => {
    const interval = resolved.alerting.settings.prometheus.scrapeInterval;
    const scrape = prometheusDurationMs(interval);
    if (scrape === undefined || scrape <= 0) return;
    const problems = checkRuleWindows(resolved.alerting, scrape, `rules/settings.ts prometheus.scrapeInterval "${interval}"`);
    if (problems.length > 0) throw new DiagnosticError(problems);
  });
  const dashboards = after(
    both(alerting, loaded(sources.dashboards)),
    'dashboards-src/',
    sources.dashboards === undefined ? notLoaded('dashboards-src/') : 'the rules could not be resolved (see above)',
    ([resolved, list]) => buildDashboards(list, resolved.catalog, resolved.alerting),
  );
  after(
    deployOk ? both(deploy, alerting) : { ok: false },
    'the collector config',
    'it is built from deploy/config.ts, which has problems above',
    ([config, resolved]) => {
      const { ports } = config.collector;
      const problems = checkCollectorConfig(collectorConfig(config), {
        serviceOtlpGrpc: ports.otlpGrpc,
        serviceOtlpHttp: ports.otlpHttp,
        scrapedPrometheusPort: resolvePrometheusSettings(resolved.alerting.settings.prometheus, config).collectorPort,
        runtimeOtlpHttpEndpoint: DEFAULT_OTLP_HTTP_ENDPOINT,
      });
      if (problems.length > 0) throw new DiagnosticError(problems);
    },
  );

  if (diagnostics.length > 0 || !model.ok || !alerting.ok || !dashboards.ok || !deploy.ok) throw new DiagnosticError(diagnostics, skipped);
  return { model: model.value, alerting: alerting.value.alerting, catalog: alerting.value.catalog, dashboards: dashboards.value, deploy: deploy.value };
}
