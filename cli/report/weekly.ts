import { agentType, model, unpricedModel } from '../../schema/labels';
import type { ResolvedConfig } from '../config';
import { instant, range, scalar, type Value } from './fetch';
import { change, formatChange } from './format';
import type { Report, Section } from './model';
import { WEEKLY_INSTANT, WEEKLY_RANGE } from './queries';

/**
 * The weekly cost report (spec 8.3, WeeklyCostReport): the last 7 days of model spend by
 * agent type and model, tokens, spend per day, and the return on it (spec 11.3): hours of
 * engineering time the agents saved per dollar, each against the week before.
 */

const DAY_SECONDS = 86_400;
const WEEK_SECONDS = 7 * DAY_SECONDS;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export async function buildWeekly(config: ResolvedConfig, end: number): Promise<Report> {
  const start = end - WEEK_SECONDS;
  const q = WEEKLY_INSTANT;
  const names = Object.keys(q) as (keyof typeof q)[];
  const answers = await Promise.all(names.map((n) => instant(config, q[n], end)));
  const v = Object.fromEntries(names.map((n, i) => [n, answers[i]!])) as Record<keyof typeof q, Value[]>;
  // A point at t is the day (t - 1d, t]: the first day of the week ends at start + 1d.
  const [perDay, perDayByModel] = await Promise.all([
    range(config, WEEKLY_RANGE.costPerDay, start + DAY_SECONDS, end, DAY_SECONDS),
    range(config, WEEKLY_RANGE.costPerDayByModel, start + DAY_SECONDS, end, DAY_SECONDS, model.name),
  ]);

  const cost = scalar(v.cost);
  const costBefore = scalar(v.costWeekBefore);
  const hours = scalar(v.timeSaved) / 3600;
  const hoursBefore = scalar(v.timeSavedWeekBefore) / 3600;
  const roi = cost > 0 ? hours / cost : NaN;
  const roiBefore = costBefore > 0 ? hoursBefore / costBefore : NaN;
  const tokens = [
    ['input', scalar(v.inputTokens), scalar(v.inputTokensWeekBefore)],
    ['output', scalar(v.outputTokens), scalar(v.outputTokensWeekBefore)],
    ['cache read', scalar(v.cacheReadTokens), scalar(v.cacheReadTokensWeekBefore)],
    ['cache write', scalar(v.cacheWriteTokens), scalar(v.cacheWriteTokensWeekBefore)],
  ] as const;

  const sections: Section[] = [
    {
      title: 'Spend per day',
      note: 'Each bar is 24 hours ending at the time of day the report ends (UTC), labelled with the day it starts.',
      chart: { kind: 'bar', unit: 'usd', bars: (perDay[0]?.points ?? []).map(([t, value]) => ({ label: dayLabel(t - DAY_SECONDS), value })) },
    },
    share('Spend by agent type', 'agent type', v.costByAgent, agentType.name, cost),
    share('Spend by model', 'model', v.costByModel, model.name, cost),
    {
      title: 'Spend per day by model',
      chart: { kind: 'line', unit: 'usd', start: start + DAY_SECONDS, end, series: perDayByModel },
    },
    {
      title: 'Tokens',
      table: { columns: ['tokens', 'this week', 'week before', 'change'], units: ['text', 'tokens', 'tokens', 'text'], rows: tokens.map(([kind, now, before]) => [kind, now, before, formatChange(change(now, before))]) },
    },
    unpriced(v.unpricedCalls),
    {
      title: 'Return on spend',
      note: 'Hours of engineering time the agents saved (aqe.roi.time_saved_seconds) per dollar of model spend.',
      table: {
        columns: ['', 'this week', 'week before', 'change'],
        units: ['text', 'text', 'text', 'text'],
        rows: [
          ['hours saved', fmt(hours, 1, ' h'), fmt(hoursBefore, 1, ' h'), formatChange(change(hours, hoursBefore))],
          ['spend', fmt(cost, 2, '', '$'), fmt(costBefore, 2, '', '$'), formatChange(change(cost, costBefore))],
          ['hours saved per dollar', fmt(roi, 2), fmt(roiBefore, 2), formatChange(change(roi, roiBefore))],
        ],
      },
    },
  ];

  return {
    kind: 'weekly',
    title: 'AQE weekly cost report',
    start,
    end,
    prometheus: config.prometheus.url,
    figures: [
      { label: 'Model spend', value: cost, unit: 'usd', change: change(cost, costBefore), higherIsBetter: false },
      { label: 'Hours saved', value: hours, unit: 'hours', change: change(hours, hoursBefore), higherIsBetter: true },
      { label: 'Hours saved per dollar', value: roi, unit: 'count', change: change(roi, roiBefore), higherIsBetter: true },
      { label: 'Input tokens', value: tokens[0][1], unit: 'tokens', change: change(tokens[0][1], tokens[0][2]), higherIsBetter: false },
      { label: 'Output tokens', value: tokens[1][1], unit: 'tokens', change: change(tokens[1][1], tokens[1][2]), higherIsBetter: false },
    ],
    sections,
  };
}

/** A breakdown of the week's spend by one label, largest first, with each one's share. */
function share(title: string, column: string, values: readonly Value[], label: string, total: number): Section {
  const rows = values
    .map((x) => [x.labels[label] ?? '', x.value, total > 0 ? (x.value / total) * 100 : NaN] as const)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return {
    title,
    chart: { kind: 'bar', unit: 'usd', bars: rows.map((r) => ({ label: r[0], value: r[1] })) },
    table: { columns: [column, 'spend', 'share'], units: ['text', 'usd', 'percent'], rows },
  };
}

/**
 * The models the price table does not price, with their calls: their spend is counted as 0,
 * so the week's spend is short by theirs. `other` stands for names past the label's cap.
 */
function unpriced(values: readonly Value[]): Section {
  const title = 'Unpriced models';
  const rows = values
    .map((x) => [x.labels[unpricedModel.name] ?? '', Math.round(x.value)] as const)
    .filter(([, calls]) => calls > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (rows.length === 0) return { title, note: 'Every model call of the week was priced.' };
  return {
    title,
    note: 'Calls of models the price table does not price: recorded at cost 0, so the spend above leaves them out. List each in schema/prices.ts (and price it in additions if @pydantic/genai-prices does not know it), then regenerate.',
    table: { columns: ['model', 'calls'], units: ['text', 'count'], rows },
  };
}

function dayLabel(t: number): string {
  const d = new Date(t * 1000);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)}`;
}

function fmt(value: number, digits: number, suffix = '', prefix = ''): string {
  return Number.isFinite(value) ? `${prefix}${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}${suffix}` : 'n/a';
}
