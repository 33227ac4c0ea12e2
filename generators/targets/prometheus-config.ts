import type { AlertingModel } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/prometheus/prometheus.yaml: scrape the collector's Prometheus
 * exporter and agents' own pull endpoints, load the generated rules, send to Alertmanager.
 * The intervals are chosen for alert delivery under 30 s (docs/alerting.md).
 */
export function generatePrometheusConfig(alerting: AlertingModel): GeneratedFile[] {
  const { prometheus } = alerting.settings;
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
