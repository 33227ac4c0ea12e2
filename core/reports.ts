/**
 * The reports `aqe telemetry report` renders and the variables it reads its delivery from:
 * rules/ schedules name a report, the CLI renders and sends it, and the CronJobs of
 * deploy/k8s/reports.ts set those variables from Secrets, so all three take them from here.
 */
export const REPORT_NAMES = ['daily', 'weekly'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];
/** The variable `aqe telemetry report` reads its webhook URL from; the report CronJobs set it from a Secret. */
export const REPORT_WEBHOOK_ENV = 'AQE_REPORT_WEBHOOK_URL';
/** The variables `aqe telemetry report --email` reads its SMTP account from; the CronJobs of e-mail channels set them. */
export const REPORT_SMTP_ENV = {
  smarthost: 'SMTP_SMARTHOST',
  from: 'SMTP_FROM',
  username: 'SMTP_USERNAME',
  password: 'SMTP_PASSWORD',
  requireTls: 'SMTP_REQUIRE_TLS',
} as const;
