import { securityFindings } from '../schema/metrics/security';
import { cweCategory } from '../schema/labels';
import { alert, panelLink, promql, type RuleFile } from './define';
import { FIVE_MINUTES, ONE_HOUR } from './windows';
import { pagerduty, slackSecurity } from './channels';

/** Security findings (spec 8.1). Evaluated every 5 s: this alert must reach people within 30 s. */

const critical = promql`${securityFindings}{severity="critical"}`;

export const securityCriticalFinding = alert({
  name: 'SecurityCriticalFinding',
  // A counter first appears with its first increment, which increase() cannot see (it needs
  // two samples); the second branch catches a kind seen now and nowhere in the hour before the
  // last five minutes, increase() the rest. Summed by kind, so a series that moves to another
  // collector replica (a new `instance`) is not a new finding; over an hour rather than at one
  // instant, so the scrape or two a collector restart leaves empty is not one either; `> 0`
  // keeps a counter created at 0 quiet.
  expr: promql`sum by (${cweCategory}) (increase(${critical}[${FIVE_MINUTES}])) > 0 or sum by (${cweCategory}) (${critical}) > 0 unless sum by (${cweCategory}) (max_over_time(${critical}[${ONE_HOUR}] offset ${FIVE_MINUTES}))`,
  for: '0s',
  severity: 'critical',
  summary: 'Critical security finding: {{ $labels.cwe_category }}',
  description: 'A security scan found a new critical {{ $labels.cwe_category }} vulnerability. Triage it now: it blocks every release.',
  runbook: 'security-critical',
  dashboard: panelLink('qa', 'securityFindings'),
  channels: [pagerduty, slackSecurity],
  firing: [
    {
      name: 'the first critical finding of a kind pages at once',
      series: [{ metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-89' }, values: '_x5 1x10' }],
      firesAt: '5m',
      expected: [
        {
          labels: { cwe_category: 'CWE-89' },
          summary: 'Critical security finding: CWE-89',
          description: 'A security scan found a new critical CWE-89 vulnerability. Triage it now: it blocks every release.',
        },
      ],
    },
    {
      name: 'another critical finding of a kind already seen pages at once',
      series: [{ metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-79' }, values: '1x10 2x10' }],
      firesAt: '11m',
      expected: [
        {
          labels: { cwe_category: 'CWE-79' },
          summary: 'Critical security finding: CWE-79',
          description: 'A security scan found a new critical CWE-79 vulnerability. Triage it now: it blocks every release.',
        },
      ],
    },
  ],
  quiet: [
    {
      name: 'a finding counted by another collector replica (its instance changed) does not page again',
      series: [
        { metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-89', instance: 'collector-a:8889' }, values: '1x10' },
        { metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-89', instance: 'collector-b:8889' }, values: '_x10 1x10' },
      ],
      quietAt: ['11m', '12m', '15m'],
    },
    {
      // A failed scrape marks the series stale, as a collector replica that went away does.
      name: 'a gap of a few scrapes (a collector replica restarting) does not page again',
      series: [{ metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-89' }, values: '1x5 stale _ 1x15' }],
      quietAt: ['8m', '10m', '11m', '12m', '15m'],
    },
    {
      name: 'a counter created at 0 does not page',
      series: [{ metric: securityFindings, labels: { severity: 'critical', cwe_category: 'CWE-22' }, values: '_x5 0x10' }],
      quietAt: ['5m', '6m', '10m'],
    },
    {
      name: 'high-severity findings do not page',
      series: [{ metric: securityFindings, labels: { severity: 'high', cwe_category: 'CWE-79' }, values: '_x5 1+1x10' }],
      quietAt: ['5m', '10m'],
    },
  ],
});

export const SECURITY_RULES: RuleFile = {
  name: 'security',
  groups: [{ name: 'aqe-security-alerts', interval: '5s', rules: [securityCriticalFinding] }],
};
