import { securityFindings } from '../schema/metrics/security';
import { cweCategory } from '../schema/labels';
import { alert, panelLink, promql, type RuleFile } from './define';
import { countedIncrease, perProcessCounter } from './counting';
import { atProductionTiming, collectorScrape, series } from './timeline';
import { FIVE_MINUTES } from '../core/windows';
import { pagerdutySecurity, slackSecurity } from './channels';

/**
 * Security findings (spec 8.1). This alert must reach people within 30 s of the finding
 * (docs/alerting.md): its group is evaluated more often than the fleet is scraped, so the
 * sum of the hops stays under the budget with the scrape interval storage needs.
 */
const SECURITY_EVALUATION_INTERVAL = '3s';

/** Findings, one series per agent process (rules/counting.ts): what new findings are counted from. */
export const processFindings = perProcessCounter(securityFindings);

const CRITICAL = { severity: 'critical' };
const SQL_INJECTION = { ...CRITICAL, cwe_category: 'CWE-89' };
const finding = (cwe: string) => ({
  labels: { cwe_category: cwe },
  summary: `Critical security finding: ${cwe}`,
  description: `A security scan found a new critical ${cwe} vulnerability. Triage it now: it blocks every release.`,
});

export const securityCriticalFinding = alert({
  name: 'SecurityCriticalFinding',
  // Counted, not extrapolated (rules/counting.ts): a kind's first finding counts from 0; a
  // series moving to another collector replica, a gap of any length (a Prometheus restart, a
  // collector outage), a fresh TSDB full of old counters and a counter created at 0 count
  // nothing. The alert lasts the 5-minute window; its page goes to a PagerDuty channel that
  // is not told when it resolves, so the incident stays open until someone closes it.
  expr: promql`${countedIncrease(processFindings, '{severity="critical"}', FIVE_MINUTES, [cweCategory])} > 0`,
  for: '0s',
  severity: 'critical',
  withinDeliveryBudget: true,
  summary: 'Critical security finding: {{ $labels.cwe_category }}',
  description: 'A security scan found a new critical {{ $labels.cwe_category }} vulnerability. Triage it now: it blocks every release.',
  runbook: 'security-critical',
  dashboard: panelLink('qa', 'securityFindings'),
  channels: [pagerdutySecurity, slackSecurity],
  firing: [
    atProductionTiming({
      // Scraped at 20m02s, recorded and alerted on at the 20m03s evaluation.
      name: 'the first critical finding of a kind pages at once',
      series: [collectorScrape(), { metric: securityFindings, labels: SQL_INJECTION, timeline: series().appears('20m', 1) }],
      firesAt: '20m3s',
      expected: [finding('CWE-89')],
    }),
    atProductionTiming({
      name: 'another critical finding of a kind already seen pages at once',
      series: [collectorScrape(), { metric: securityFindings, labels: { ...CRITICAL, cwe_category: 'CWE-79' }, timeline: series().appears('10m', 1).add('20m') }],
      firesAt: '20m3s',
      expected: [finding('CWE-79')],
    }),
  ],
  quiet: [
    atProductionTiming({
      name: 'a finding counted by another collector replica (its instance changed) does not page again',
      series: [
        collectorScrape(),
        { metric: securityFindings, labels: { ...SQL_INJECTION, instance: 'otel-collector-0:8889' }, timeline: series().appears('10m', 1).disappears('30m') },
        { metric: securityFindings, labels: { ...SQL_INJECTION, instance: 'otel-collector-1:8889' }, timeline: series().appears('25m', 1) },
      ],
      quietAt: ['25m3s', '26m', '30m3s', '40m'],
    }),
    atProductionTiming({
      // A failed scrape marks the series stale, as a collector replica that went away does.
      name: 'a gap of a few scrapes (a collector replica restarting) does not page again',
      series: [collectorScrape(), { metric: securityFindings, labels: SQL_INJECTION, timeline: series().appears('10m', 1).disappears('20m').appears('21m', 1) }],
      quietAt: ['21m3s', '22m', '26m'],
    }),
    atProductionTiming({
      name: 'a gap longer than every look-back (Prometheus down for 80 minutes) does not page when data returns',
      series: [
        collectorScrape(series().appears('0s', 1).gap('70m', '150m')),
        { metric: securityFindings, labels: SQL_INJECTION, timeline: series().appears('10m', 1).gap('70m', '150m') },
      ],
      quietAt: ['150m3s', '151m', '156m'],
    }),
    atProductionTiming({
      name: 'a fresh Prometheus finding an old counter does not page',
      series: [collectorScrape(), { metric: securityFindings, labels: SQL_INJECTION, timeline: series().appears('0s', 3) }],
      quietAt: ['3s', '1m', '5m3s', '10m'],
    }),
    atProductionTiming({
      name: 'a counter reset (the scanner restarting) does not page',
      series: [collectorScrape(), { metric: securityFindings, labels: SQL_INJECTION, timeline: series().appears('10m', 3).reset('20m') }],
      quietAt: ['20m3s', '21m', '25m'],
    }),
    atProductionTiming({
      name: 'a counter created at 0 does not page',
      series: [collectorScrape(), { metric: securityFindings, labels: { ...CRITICAL, cwe_category: 'CWE-22' }, timeline: series().appears('10m', 0) }],
      quietAt: ['10m3s', '11m', '15m'],
    }),
    atProductionTiming({
      name: 'high-severity findings do not page',
      series: [collectorScrape(), { metric: securityFindings, labels: { severity: 'high', cwe_category: 'CWE-79' }, timeline: series().appears('10m', 1).addEvery('1m', 1, { from: '10m', until: '20m' }) }],
      quietAt: ['10m3s', '15m'],
    }),
  ],
});

export const SECURITY_RULES: RuleFile = {
  name: 'security',
  groups: [{ name: 'aqe-security-alerts', interval: SECURITY_EVALUATION_INTERVAL, rules: [processFindings, securityCriticalFinding] }],
};
