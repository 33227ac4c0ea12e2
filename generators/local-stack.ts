import { collectorConfig, productionCollectorAddresses, type CollectorAddresses } from '../deploy/collector';
import { jaegerConfig, PRODUCTION_JAEGER_ADDRESSES, type JaegerAddresses } from '../deploy/jaeger';
import type { DeployConfig } from '../deploy/config';
import type { AlertingSettings } from '../rules/define';
import type { Sources } from './generate';
import { resolveAlerting } from './alerting-model';
import { buildModel } from './model';
import { generateAlertmanager } from './targets/alertmanager';
import { generatePrometheusConfig, type LocalTargets } from './targets/prometheus-config';
import { generatePrometheusRules } from './targets/prometheus-rules';
import { toYaml } from './yaml';

/**
 * The one way a local stack (`npm run stack`, the end-to-end tests, the bench) differs from
 * a deployment: the generators of out/ run again with only
 * - addresses and ports (loopback instead of Service names and DNS discovery),
 * - file paths (receiver secrets, Jaeger's store),
 * - the time scale (every window, `for`, interval and Alertmanager timing divided by it),
 * changed. Nothing else is written here; `test/generators/local-stack.test.ts` proves that with
 * the production values these render byte for byte the files of out/.
 */
export interface LocalOverrides {
  /** One real second stands for this many seconds of rule time (1: production). */
  readonly timeScale: number;
  /** Scrape and evaluation interval of the local Prometheus, when time is compressed. */
  readonly interval?: string;
  /** Static loopback targets for each scrape job; absent: the cluster's DNS discovery. */
  readonly prometheus?: LocalTargets;
  readonly alertmanager: Pick<AlertingSettings, 'secretsDir' | 'pagerdutyEventsUrl'> & { readonly smtpSmarthost: string };
  readonly collector: CollectorAddresses;
  /** The collector's batch timeout and series expiration, when time is compressed. */
  readonly collectorTiming?: Pick<DeployConfig['collector'], 'batchTimeout' | 'metricExpiration'>;
  readonly jaeger: JaegerAddresses;
}

/** Files as out/ holds them, by the same paths (`prometheus/prometheus.yaml`, ...). */
export type LocalStackFiles = Readonly<Record<string, string>>;

export function renderLocalStack(sources: Sources, overrides: LocalOverrides): LocalStackFiles {
  const model = buildModel(sources.schema);
  const { settings } = sources.rules;
  const rules = {
    ...sources.rules,
    settings: {
      ...settings,
      secretsDir: overrides.alertmanager.secretsDir,
      pagerdutyEventsUrl: overrides.alertmanager.pagerdutyEventsUrl,
      smtp: { ...settings.smtp, smarthost: overrides.alertmanager.smtpSmarthost },
      prometheus: {
        ...settings.prometheus,
        ...(overrides.interval ? { scrapeInterval: overrides.interval, evaluationInterval: overrides.interval } : {}),
      },
    },
  };
  const { alerting } = resolveAlerting(model, rules, sources.runbooks, { timeScale: overrides.timeScale });
  const files: Record<string, string> = {};
  for (const file of [...generatePrometheusRules(alerting), ...generatePrometheusConfig(alerting, sources.deploy, overrides.prometheus), ...generateAlertmanager(alerting)]) {
    files[file.path] = file.content;
  }
  const deploy = { ...sources.deploy, collector: { ...sources.deploy.collector, ...overrides.collectorTiming } };
  files['otel-collector/config.yaml'] = toYaml(collectorConfig(deploy, overrides.collector));
  files['jaeger/config.yaml'] = toYaml(jaegerConfig(overrides.jaeger, sources.deploy.jaeger.store));
  return files;
}

/** The overrides that change nothing: what a deployment gets (for the proof above). */
export function productionOverrides(sources: Sources): LocalOverrides {
  const { settings } = sources.rules;
  return {
    timeScale: 1,
    alertmanager: { secretsDir: settings.secretsDir, pagerdutyEventsUrl: settings.pagerdutyEventsUrl, smtpSmarthost: settings.smtp.smarthost },
    collector: productionCollectorAddresses(sources.deploy),
    jaeger: PRODUCTION_JAEGER_ADDRESSES,
  };
}
