import { formatDuration } from '../../core/duration';
import { promql, window, type PromQL } from '../../rules/define';
import { projectCoverage, projectFlakyTests } from '../../rules/quality';
import { agentType, coverageType, gateDecision, gateName, model, outcome, project, severity, testOutcome, unpricedModel } from '../../schema/labels';
import {
  agentSpawns,
  cacheReadTokens,
  cacheWriteTokens,
  costUsd,
  coverage,
  flakyTests,
  gateDecisions,
  inputTokens,
  outputTokens,
  securityFindings,
  testsRun,
  timeSaved,
  unpricedCalls,
} from '../../schema/metrics/all';

/**
 * Every PromQL query of the reports, built with `promql` over schema and recording-rule
 * handles (no metric or label typed as a string), so the generators' checker and a real
 * Prometheus can check them in tests like the dashboards' queries.
 *
 * The reports run over raw series, or over a recording rule's own expression, rather than
 * over recorded series: a report must also work on a Prometheus that has just started or
 * that was backfilled without its rules.
 */

export const DAY = window('1d');
export const WEEK = window('7d');
/** The day's charts have this many points. */
export const DAILY_POINTS = 48;

/** The window of `increase()` in a range query: one step, so the points add up to the day. */
export function stepWindow(stepSeconds: number) {
  return window(formatDuration(stepSeconds * 1000));
}

const RUN_OK = 'success';

/** Instant queries at the end of the day. */
export const DAILY_INSTANT = {
  testsByOutcome: promql`sum by (${testOutcome}) (increase(${testsRun}[${DAY}]))`,
  coverageNow: projectCoverage.expr,
  coverageHigh: promql`max by (${project}, ${coverageType}) (max_over_time(${coverage}[${DAY}]))`,
  flakyNow: projectFlakyTests.expr,
  flakyDayAgo: promql`max by (${project}) (${flakyTests} offset ${DAY})`,
  gates: promql`sum by (${gateName}, ${gateDecision}) (increase(${gateDecisions}[${DAY}]))`,
  securityFindings: promql`sum by (${severity}) (increase(${securityFindings}[${DAY}]))`,
  agentRuns: promql`sum by (${agentType}, ${outcome}) (increase(${agentSpawns}[${DAY}]))`,
} as const satisfies Record<string, PromQL>;

/** Range queries over the day, one point a step. */
export function dailyRange(stepSeconds: number) {
  const step = stepWindow(stepSeconds);
  return {
    testsOverDay: promql`sum by (${testOutcome}) (increase(${testsRun}[${step}]))`,
    lineCoverageOverDay: promql`max by (${project}) (${coverage}{${coverageType}="line"})`,
    flakyOverDay: projectFlakyTests.expr,
    agentFailureRatioOverDay: promql`sum(increase(${agentSpawns}{${outcome}!="${RUN_OK}"}[${step}])) / sum(increase(${agentSpawns}[${step}]))`,
  } as const satisfies Record<string, PromQL>;
}

/** `sum(increase(x[7d]))` this week and the week before (`offset 7d`). */
function weekly(metric: typeof costUsd, by?: typeof agentType | typeof model) {
  return by
    ? promql`sum by (${by}) (increase(${metric}[${WEEK}]))`
    : promql`sum(increase(${metric}[${WEEK}]))`;
}
function weekBefore(metric: typeof costUsd) {
  return promql`sum(increase(${metric}[${WEEK}] offset ${WEEK}))`;
}

/** Instant queries at the end of the week. */
export const WEEKLY_INSTANT = {
  cost: weekly(costUsd),
  costWeekBefore: weekBefore(costUsd),
  costByAgent: weekly(costUsd, agentType),
  costByModel: weekly(costUsd, model),
  inputTokens: weekly(inputTokens),
  inputTokensWeekBefore: weekBefore(inputTokens),
  outputTokens: weekly(outputTokens),
  outputTokensWeekBefore: weekBefore(outputTokens),
  cacheReadTokens: weekly(cacheReadTokens),
  cacheReadTokensWeekBefore: weekBefore(cacheReadTokens),
  cacheWriteTokens: weekly(cacheWriteTokens),
  cacheWriteTokensWeekBefore: weekBefore(cacheWriteTokens),
  timeSaved: weekly(timeSaved),
  timeSavedWeekBefore: weekBefore(timeSaved),
  // Calls whose model the price table lacks (recorded at cost 0), by the name agents passed.
  unpricedCalls: promql`sum by (${unpricedModel}) (increase(${unpricedCalls}[${WEEK}]))`,
} as const satisfies Record<string, PromQL>;

/** Range queries over the week: the spend of each day (a point at each day's end). */
export const WEEKLY_RANGE = {
  costPerDay: promql`sum(increase(${costUsd}[${DAY}]))`,
  costPerDayByModel: promql`sum by (${model}) (increase(${costUsd}[${DAY}]))`,
} as const satisfies Record<string, PromQL>;

/** Every query with a name, for the tests (a daily step of 30 minutes). */
export function allReportQueries(): { readonly name: string; readonly expr: PromQL }[] {
  const named = (prefix: string, queries: Record<string, PromQL>) => Object.entries(queries).map(([name, expr]) => ({ name: `${prefix}.${name}`, expr }));
  return [
    ...named('daily', DAILY_INSTANT),
    ...named('daily', dailyRange(86_400 / DAILY_POINTS)),
    ...named('weekly', WEEKLY_INSTANT),
    ...named('weekly', WEEKLY_RANGE),
  ];
}
