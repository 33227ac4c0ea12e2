/**
 * A five-field cron expression as Kubernetes CronJobs read it (minute hour day-of-month month
 * day-of-week; `*`, lists, ranges, steps, month and day names). Returns what is wrong, or
 * nothing: `99 99 * * *` has five fields and would still never run.
 */

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  // 7 is Sunday as well as 0.
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

/** The macros Kubernetes accepts in place of five fields. */
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export function cronProblems(cron: string): string[] {
  if (MACROS.has(cron.trim())) return [];
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) return [`it has ${parts.length} field${parts.length === 1 ? '' : 's'}, not five`];
  return parts.flatMap((part, i) => {
    const field = FIELDS[i]!;
    const names: readonly string[] = 'names' in field ? field.names : [];
    const value = (text: string): number | undefined => {
      const byName = names.indexOf(text.toLowerCase());
      if (byName >= 0) return byName + field.min;
      return /^\d+$/.test(text) ? Number(text) : undefined;
    };
    return part.split(',').flatMap((item) => {
      const [range = '', step, extra] = item.split('/');
      if (extra !== undefined || (step !== undefined && !/^[1-9]\d*$/.test(step))) return [`${field.name} "${item}" has a step that is not a positive whole number`];
      if (range === '*') return [];
      const [from = '', to, more] = range.split('-');
      const bounds = [from, ...(to === undefined ? [] : [to])].map(value);
      if (more !== undefined || bounds.some((b) => b === undefined)) return [`${field.name} "${item}" is not a number, a range or *`];
      const outside = bounds.filter((b) => b! < field.min || b! > field.max);
      if (outside.length > 0) return [`${field.name} ${outside.join(', ')} is outside ${field.min}-${field.max}`];
      if (bounds.length === 2 && bounds[0]! > bounds[1]!) return [`${field.name} range ${range} runs backwards`];
      return [];
    });
  });
}
