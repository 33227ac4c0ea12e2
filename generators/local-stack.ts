import type { Sources } from './generate';
import { resolveAlerting } from './alerting-model';
import { buildModel } from './model';
import { generateAlertmanager } from './targets/alertmanager';
import { generatePrometheusConfig } from './targets/prometheus-config';
import { generatePrometheusRules } from './targets/prometheus-rules';

/**
 * The Prometheus and Alertmanager configs of a local stack, from the same generators as
 * out/: the same rules, routes and inhibitions, with time compressed by `timeScale` (60: a
 * minute of rule time lasts a second), scrape and evaluation every second, loopback
 * targets, and every channel delivered to a local webhook.
 */
export interface LocalStackOptions {
  readonly timeScale: number;
  /** `host:port` of each simulated agent's metrics endpoint. */
  readonly fleetTargets: readonly string[];
  /** `host:port` of the local Alertmanager and Prometheus. */
  readonly alertmanager: string;
  readonly prometheus: string;
  /** Alerts for channel `c` are posted to `${webhookBaseUrl}/c`. */
  readonly webhookBaseUrl: string;
}

export interface LocalStackFiles {
  /** Files of the Prometheus directory: `prometheus.yaml` and `rules/*.rules.yaml`. */
  readonly prometheus: Record<string, string>;
  readonly alertmanagerYaml: string;
}

export function renderLocalStack(sources: Sources, options: LocalStackOptions): LocalStackFiles {
  const model = buildModel(sources.schema);
  const rules = {
    ...sources.rules,
    settings: {
      ...sources.rules.settings,
      prometheus: { ...sources.rules.settings.prometheus, scrapeInterval: '1s', evaluationInterval: '1s' },
    },
  };
  const { alerting } = resolveAlerting(model, rules, sources.runbooks, { timeScale: options.timeScale });
  const prometheus: Record<string, string> = {};
  for (const file of [...generatePrometheusRules(alerting), ...generatePrometheusConfig(alerting, { fleet: options.fleetTargets, alertmanager: options.alertmanager, prometheus: options.prometheus })]) {
    prometheus[file.path.replace(/^prometheus\//, '')] = file.content;
  }
  const alertmanagerYaml = generateAlertmanager(alerting, options.webhookBaseUrl).find((f) => f.path === 'alertmanager/alertmanager.yaml')!.content;
  return { prometheus, alertmanagerYaml };
}
