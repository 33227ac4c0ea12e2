/**
 * Service names and ports inside the observability namespace. The collector config, the
 * Prometheus config (rules/settings.ts), the Grafana data sources (dashboards-src/) and
 * the manifests must agree on them; the tests check that they do.
 */
export const SERVICES = {
  collector: { name: 'otel-collector' },
  prometheus: { name: 'prometheus', port: 9090 },
  alertmanager: { name: 'alertmanager', port: 9093 },
  grafana: { name: 'grafana', port: 3000 },
  jaeger: { name: 'jaeger', otlpGrpcPort: 4317, queryPort: 16686 },
  loki: { name: 'loki', port: 3100 },
} as const;
