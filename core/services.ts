/**
 * Service names and ports inside the observability namespace. The collector config, the
 * Prometheus config (rules/settings.ts), the Grafana data sources (dashboards-src/) and
 * the manifests must agree on them; the tests check that they do.
 */
export const SERVICES = {
  collector: { name: 'otel-collector' },
  prometheus: { name: 'prometheus', port: 9090 },
  /**
   * `port`: the API (Prometheus, the CLI). `clusterPort`: gossip between the replicas, TCP and
   * UDP. `peersService`: the headless Service that gives each replica a DNS name for its peers
   * and resolves to every replica for Prometheus.
   */
  alertmanager: { name: 'alertmanager', port: 9093, clusterPort: 9094, peersService: 'alertmanager-cluster' },
  grafana: { name: 'grafana', port: 3000 },
  jaeger: { name: 'jaeger', otlpGrpcPort: 4317, queryPort: 16686 },
  loki: { name: 'loki', port: 3100 },
  /**
   * The fleet's one feedback controller (feedback/service.ts): `port` serves the adaptation
   * channel agents follow (AQE_FEEDBACK_URL=http://aqe-feedback.<namespace>.svc:<port>) and
   * /healthz. Its name is also the `service.name` of its own telemetry.
   */
  feedback: { name: 'aqe-feedback', port: 8080 },
} as const;

/**
 * Prometheus' scrape job names, which dashboards (`up` by job) and the operator's monitors
 * share with the generated scrape config.
 */
export const SCRAPE_JOBS = {
  /** The collector replicas' Prometheus exporters: the fleet's metrics. */
  collector: 'otel-collector',
  /** The collector replicas' own metrics (`service.telemetry`). */
  collectorTelemetry: 'otel-collector-telemetry',
  /** Agents' own pull endpoints. */
  agents: 'aqe-agents',
  prometheus: 'prometheus',
  /** Alertmanager's own metrics: notifications sent and failed, config reloads. */
  alertmanager: 'alertmanager',
} as const;

/**
 * Where the Grafana container finds the generated dashboards: the provisioning provider
 * (generators/targets/grafana-provisioning.ts) reads there and the manifests
 * (deploy/k8s/grafana.ts) mount them there.
 */
export const DASHBOARDS_PATH = '/var/lib/grafana/dashboards/aqe';
