import type { AlertingModel } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/prometheus/prometheus.yaml: scrape the collector's Prometheus
 * exporter and agents' own pull endpoints, load the generated rules, send to Alertmanager.
 * The intervals are chosen for alert delivery under 30 s (docs/alerting.md).
 */
/** Local stacks replace the cluster's service discovery by static loopback targets. */
export interface LocalTargets {
  readonly fleet: readonly string[];
  readonly alertmanager: string;
  /** Prometheus' own address, so it scrapes itself as in the cluster. */
  readonly prometheus: string;
}

export function generatePrometheusConfig(alerting: AlertingModel, local?: LocalTargets): GeneratedFile[] {
  const { prometheus } = alerting.settings;
  if (local) return [{ path: 'prometheus/prometheus.yaml', content: toYaml(localConfig(alerting, local)) }];
  const config = {
    global: {
      scrape_interval: prometheus.scrapeInterval,
      evaluation_interval: prometheus.evaluationInterval,
      external_labels: { monitor: 'aqe-fleet' },
    },
    rule_files: alerting.files.map((f) => `rules/${f.name}.rules.yaml`),
    alerting: {
      alertmanagers: [{ static_configs: [{ targets: [prometheus.alertmanagerTarget] }] }],
    },
    scrape_configs: [
      {
        // Agents push OTLP to the collector; each collector replica exposes what it received,
        // so every replica is scraped (a headless Service), and the rules sum across them.
        job_name: 'otel-collector',
        dns_sd_configs: [{ names: [prometheus.collectorDnsName], type: 'A', port: prometheus.collectorPort }],
      },
      {
        // Agents started with a Prometheus pull endpoint (initializeTelemetry({ prometheus }))
        // sit behind a headless Service: its DNS name resolves to every agent pod. (DNS
        // discovery rather than Kubernetes discovery, which Debian's Prometheus build lacks.)
        job_name: 'aqe-agents',
        dns_sd_configs: [{ names: [prometheus.agentsDnsName], type: 'A', port: prometheus.agentsPort }],
      },
      { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] },
    ],
  };
  return [{ path: 'prometheus/prometheus.yaml', content: toYaml(config) }];
}

/** The same rules and intervals, scraping the simulated fleet and sending to a local Alertmanager. */
function localConfig(alerting: AlertingModel, local: LocalTargets) {
  const { prometheus } = alerting.settings;
  return {
    global: { scrape_interval: prometheus.scrapeInterval, evaluation_interval: prometheus.evaluationInterval },
    rule_files: alerting.files.map((f) => `rules/${f.name}.rules.yaml`),
    alerting: { alertmanagers: [{ static_configs: [{ targets: [local.alertmanager] }] }] },
    scrape_configs: [
      { job_name: 'aqe-agents', static_configs: [{ targets: [...local.fleet] }] },
      { job_name: 'prometheus', static_configs: [{ targets: [local.prometheus] }] },
    ],
  };
}
