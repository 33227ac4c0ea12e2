import { SCRAPE_JOBS } from '../core/services';
import type { AlertingSettings } from './define';

/** The scrape jobs' names, for rules that watch the targets (rules/meta.ts). */
export { SCRAPE_JOBS };

/**
 * Deployment facts the generated Prometheus and Alertmanager configs need; change the URLs
 * to where your Grafana and your copy of docs/ are reachable from a phone at 3 a.m. Where
 * the collector and Alertmanager replicas are, and the remote write, come from
 * deploy/config.ts (generators/resolve-settings.ts fills them in).
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
    agentsDnsName: 'aqe-agents-metrics.aqe-fleet.svc.cluster.local',
    agentsPort: 9464,
  },
};
