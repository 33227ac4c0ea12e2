import type { AlertingModel } from '../alerting-types';
import { header, type GeneratedFile } from '../generated-file';

/** AlertingModel -> out/schedules.json: the scheduled reports, for the CronJobs and the CLI. */
export function generateSchedules(alerting: AlertingModel): GeneratedFile[] {
  const document = { $comment: header.json, schedules: alerting.schedules };
  return [{ path: 'schedules.json', content: `${JSON.stringify(document, null, 2)}\n` }];
}
