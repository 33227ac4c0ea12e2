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
    // The longest scrape under which an immediate alert still arrives within 30 s (docs/alerting.md,
    // with the security group evaluated every 3 s), and the storage of spec 11.2 (under 1 GB a
    // day, docs/deployment.md) holds with half to spare; generation checks both.
    scrapeInterval: '15s',
    // Prometheus' default for a group without an interval of its own; every group here has one.
    evaluationInterval: '15s',
    agentsDnsName: 'aqe-agents-metrics.aqe-fleet.svc.cluster.local',
    agentsPort: 9464,
  },
};
