import { SCRAPE_JOBS } from '../../core/services';
import type { DeployConfig } from '../../deploy/config';
import type { AlertingModel } from '../alerting-types';
import { resolvePrometheusSettings } from '../resolve-settings';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/prometheus/prometheus.yaml: scrape the collector's Prometheus exporter
 * (the fleet's metrics) and its own telemetry, agents' own pull endpoints and Prometheus
 * itself; load the generated rules; send to every Alertmanager replica. The intervals are chosen for alert
 * delivery under 30 s (docs/alerting.md).
 */

/**
 * Where a local stack's servers listen. Only the discovery changes: each job's cluster DNS
 * name becomes static loopback addresses; jobs, rules, intervals and everything else are the
 * ones of out/.
 */
export interface LocalTargets {
  /** The collector replicas' Prometheus exporters and their own telemetry endpoints. */
  readonly collector: readonly string[];
  readonly collectorTelemetry: readonly string[];
  /** Agents' own pull endpoints (none when agents only push OTLP). */
  readonly agents: readonly string[];
  /** Every Alertmanager replica's API address: Prometheus sends each alert to all of them. */
  readonly alertmanager: readonly string[];
  /** Prometheus' own address, so it scrapes itself as in the cluster. */
  readonly prometheus: string;
  /** The long-term store's write URL, when remote write is on. */
  readonly remoteWrite?: string;
}

type Discovery = { dns_sd_configs: { names: string[]; type: 'A'; port: number }[] } | { static_configs: { targets: string[] }[] };

export function generatePrometheusConfig(alerting: AlertingModel, deploy: DeployConfig, local?: LocalTargets): GeneratedFile[] {
  const prometheus = resolvePrometheusSettings(alerting.settings.prometheus, deploy);
  // DNS discovery of headless Services: every pod behind the name is a target, and Prometheus
  // needs no Kubernetes API access (no RBAC) to find them.
  const dns = (name: string, port: number): Discovery => ({ dns_sd_configs: [{ names: [name], type: 'A', port }] });
  const fixed = (targets: readonly string[]): Discovery => ({ static_configs: [{ targets: [...targets] }] });
  const alertmanagers = local ? fixed(local.alertmanager) : dns(prometheus.alertmanagerDnsName, prometheus.alertmanagerPort);
  const config = {
    global: {
      scrape_interval: prometheus.scrapeInterval,
      evaluation_interval: prometheus.evaluationInterval,
      external_labels: { monitor: 'aqe-fleet' },
    },
    rule_files: alerting.files.map((f) => `rules/${f.name}.rules.yaml`),
    alerting: {
      // Every replica gets every alert, so a replica that is down or restarting loses nothing;
      // the replicas gossip which notifications went out and send each once.
      alertmanagers: [alertmanagers],
    },
    scrape_configs: [
      {
        // Agents push OTLP to the collector; each collector replica exposes what it received,
        // so every replica is scraped (a headless Service), and the rules sum across them.
        job_name: SCRAPE_JOBS.collector,
        ...(local ? fixed(local.collector) : dns(prometheus.collectorDnsName, prometheus.collectorPort)),
      },
      {
        // The collector's own metrics: what it accepted, refused, sent and failed to send.
        job_name: SCRAPE_JOBS.collectorTelemetry,
        ...(local ? fixed(local.collectorTelemetry) : dns(prometheus.collectorDnsName, prometheus.collectorTelemetryPort)),
      },
      {
        // Agents started with a Prometheus pull endpoint (initializeTelemetry({ prometheus }))
        // sit behind a headless Service: its DNS name resolves to every agent pod.
        job_name: SCRAPE_JOBS.agents,
        ...(local ? fixed(local.agents) : dns(prometheus.agentsDnsName, prometheus.agentsPort)),
      },
      { job_name: SCRAPE_JOBS.prometheus, ...fixed([local?.prometheus ?? 'localhost:9090']) },
      // What Alertmanager delivered and failed to deliver, and its cluster's health
      // (alertmanager_cluster_members), from every replica: meta-monitoring reads it.
      { job_name: SCRAPE_JOBS.alertmanager, ...alertmanagers },
    ],
    ...(prometheus.remoteWrite
      ? {
          remote_write: [
            {
              url: local?.remoteWrite ?? prometheus.remoteWrite.url,
              ...(prometheus.remoteWrite.tenant ? { headers: { 'X-Scope-OrgID': prometheus.remoteWrite.tenant } } : {}),
            },
          ],
        }
      : {}),
  };
  return [{ path: 'prometheus/prometheus.yaml', content: toYaml(config) }];
}
