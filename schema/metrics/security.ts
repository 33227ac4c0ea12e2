import { counter, gauge, histogram } from '../define';
import { cweCategory, scanType, severity, vulnerabilityCategory } from '../labels';

/** Security findings (spec 6.5). */

export const vulnerabilities = gauge({
  name: 'aqe.security.vulnerabilities',
  unit: '{vulnerability}',
  description: 'Open vulnerabilities found by the last scans',
  labels: [severity, vulnerabilityCategory],
});

export const scanDuration = histogram({
  name: 'aqe.security.scan_duration_seconds',
  unit: 's',
  description: 'Wall time of one security scan',
  labels: [scanType],
  buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
});

export const securityFindings = counter({
  name: 'aqe.security.findings_total',
  unit: '{finding}',
  description: 'Security findings discovered',
  labels: [severity, cweCategory],
});
