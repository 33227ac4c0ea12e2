import { DEPLOY } from '../deploy/config';
import { SCRAPE_JOBS, SERVICES } from '../core/services';
import type { AlertingSettings } from './define';

/**
 * The scrape jobs' names, for rules that watch the targets (rules/meta.ts): rules/ reaches
 * deploy/ through this file only.
 */
export { SCRAPE_JOBS };

/**
 * Deployment facts the generated Prometheus and Alertmanager configs need. The defaults
 * match the Kubernetes manifests (namespace `aqe-observability`); change the URLs to
 * where your Grafana and your copy of docs/ are reachable from a phone at 3 a.m.
 */
export const SETTINGS: AlertingSettings = {
  runbookBaseUrl: 'https://aqe-telemetry.example.com/docs/runbooks',
  grafanaBaseUrl: 'https://grafana.example.com',
  secretsDir: '/etc/alertmanager/secrets',
  smtp: { smarthost: 'smtp.example.com:587', from: 'aqe-alerts@example.com', username: 'aqe-alerts@example.com' },
  pagerdutyEventsUrl: 'https://events.pagerduty.com/v2/enqueue',
  prometheus: {
    // See docs/alerting.md for why these numbers keep an immediate alert under 30 s.
    scrapeInterval: '5s',
    evaluationInterval: '5s',
    collectorDnsName: `${SERVICES.collector.name}-metrics.${DEPLOY.namespace}.svc`,
    collectorPort: DEPLOY.collector.ports.prometheus,
    collectorTelemetryPort: DEPLOY.collector.ports.telemetry,
    // Every Alertmanager replica, each sent every alert: the cluster sends one notification.
    alertmanagerDnsName: `${SERVICES.alertmanager.peersService}.${DEPLOY.namespace}.svc`,
    alertmanagerPort: SERVICES.alertmanager.port,
    agentsDnsName: 'aqe-agents-metrics.aqe-fleet.svc.cluster.local',
    agentsPort: 9464,
    ...(DEPLOY.prometheus.remoteWrite ? { remoteWrite: DEPLOY.prometheus.remoteWrite } : {}),
  },
};
