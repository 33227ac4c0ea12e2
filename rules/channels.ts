import { channel } from './define';

/**
 * The delivery channels of spec section 8, as Alertmanager receivers. Each one's secret
 * (webhook URL, routing key, SMTP password) is read from a file under the settings'
 * `secretsDir`, mounted from a Kubernetes Secret: no secret is ever in out/.
 */

export const pagerduty = channel({ name: 'pagerduty', kind: 'pagerduty', description: 'Pages the on-call engineer' });
export const pagerdutySecurity = channel({
  name: 'pagerduty-security',
  kind: 'pagerduty',
  sendResolved: false,
  description: 'Pages the on-call for a new critical finding; the incident stays open until someone resolves it',
});
export const slackCritical = channel({ name: 'slack-critical', kind: 'slack', destination: '#aqe-critical', description: 'Everything that pages, for the people around the on-call' });
export const slackQa = channel({ name: 'slack-qa', kind: 'slack', destination: '#aqe-qa', description: 'Quality gates, coverage and flaky tests' });
export const slackSecurity = channel({ name: 'slack-security', kind: 'slack', destination: '#aqe-security', description: 'Security findings' });
export const slackOps = channel({ name: 'slack-ops', kind: 'slack', destination: '#aqe-ops', description: 'Fleet operations: cost, deployments, and anything unrouted' });
export const slackDev = channel({ name: 'slack-dev', kind: 'slack', destination: '#aqe-dev', description: 'Agent performance, for the developers of the agents' });
/**
 * A dead man's switch (healthchecks.io, Dead Man's Snitch, PagerDuty's heartbeat...): it
 * hears the Watchdog every heartbeat interval and pages when it stops. Resolved is
 * meaningless for an alert that never resolves.
 */
export const deadMansSwitch = channel({ name: 'dead-mans-switch', kind: 'webhook', sendResolved: false, description: 'Hears the Watchdog heartbeat; pages from outside when it stops' });
export const emailQaTeam = channel({ name: 'email-qa-team', kind: 'email', destination: 'qa-team@example.com', description: 'Daily quality summary' });
export const emailLeadership = channel({ name: 'email-leadership', kind: 'email', destination: 'leadership@example.com', description: 'Weekly cost report' });

export const CHANNELS = [pagerduty, pagerdutySecurity, slackCritical, slackQa, slackSecurity, slackOps, slackDev, deadMansSwitch, emailQaTeam, emailLeadership];
