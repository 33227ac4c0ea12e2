import type { Schedule } from './define';
import { emailLeadership, emailQaTeam } from './channels';

/**
 * Reports of spec 8.3 that run on a clock rather than on a condition: not Prometheus
 * alerts. The Kubernetes work runs each as a CronJob calling the CLI's report command.
 */
export const SCHEDULES: readonly Schedule[] = [
  {
    name: 'DailyQualitySummary',
    cron: '0 9 * * *',
    severity: 'info',
    summary: 'Daily quality metrics summary',
    channel: emailQaTeam,
    report: 'daily',
  },
  {
    name: 'WeeklyCostReport',
    cron: '0 8 * * 1',
    severity: 'info',
    summary: 'Weekly token cost report',
    channel: emailLeadership,
    report: 'weekly',
  },
];
