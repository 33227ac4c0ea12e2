import { agentType, coverageType, gateDecision, gateName, outcome, project, severity, testOutcome } from '../../schema/labels';
import type { ResolvedConfig } from '../config';
import { instant, range, sumWhere, type Value } from './fetch';
import type { LineSeries, Report, Section } from './model';
import { DAILY_INSTANT, DAILY_POINTS, dailyRange } from './queries';

/**
 * The daily quality summary (spec 8.3, DailyQualitySummary): the last 24 hours of tests,
 * coverage, flaky tests, quality gates, security findings and agent runs.
 */

const DAY_SECONDS = 86_400;
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'];
/** Test outcomes in the colours people expect of them. */
const OUTCOME_COLOURS: Readonly<Record<string, string>> = { passed: '#16a34a', failed: '#dc2626', flaky: '#d97706', skipped: '#9ca3af' };
/** The agent types with the highest failure ratio shown; the rest are fine or idle. */
const TOP_FAILING = 10;

/** Counts from `increase()` are extrapolated (12.03 tests): a report shows whole events. */
const whole = (v: number) => (Number.isFinite(v) ? Math.round(v) : v);
const by = (values: readonly Value[], label: string) => values.map((v) => v.labels[label] ?? '');

export async function buildDaily(config: ResolvedConfig, end: number): Promise<Report> {
  const start = end - DAY_SECONDS;
  const step = DAY_SECONDS / DAILY_POINTS;
  // The first point of a range is the step ending at start + step: each point covers a step of this day.
  const first = start + step;
  const q = DAILY_INSTANT;
  const r = dailyRange(step);
  const [tests, coverageNow, coverageHigh, flakyNow, flakyDayAgo, gates, findings, runs, testsOverDay, coverageOverDay, flakyOverDay, failureOverDay] = await Promise.all([
    instant(config, q.testsByOutcome, end),
    instant(config, q.coverageNow, end),
    instant(config, q.coverageHigh, end),
    instant(config, q.flakyNow, end),
    instant(config, q.flakyDayAgo, end),
    instant(config, q.gates, end),
    instant(config, q.securityFindings, end),
    instant(config, q.agentRuns, end),
    range(config, r.testsOverDay, first, end, step, testOutcome.name),
    range(config, r.lineCoverageOverDay, first, end, step, project.name),
    range(config, r.flakyOverDay, first, end, step, project.name),
    range(config, r.agentFailureRatioOverDay, first, end, step),
  ]);

  const testsRun = whole(sumWhere(tests, testOutcome.name));
  const passed = sumWhere(tests, testOutcome.name, ['passed']);
  const failed = sumWhere(tests, testOutcome.name, ['failed']);
  const runsTotal = sumWhere(runs, outcome.name);
  const runsFailed = runsTotal - sumWhere(runs, outcome.name, ['success']);
  const gateFailures = sumWhere(gates, gateDecision.name, ['fail']);
  const flakyTotal = sumWhere(flakyNow, project.name);

  const sections: Section[] = [
    {
      title: 'Tests run',
      note: `Tests per ${step / 60} minutes, by outcome.`,
      chart: { kind: 'line', unit: 'count', start, end, series: testsOverDay.map((s) => ({ ...s, colour: OUTCOME_COLOURS[s.name] })) },
      table: { columns: ['outcome', 'tests'], units: ['text', 'count'], rows: tests.map((t) => [t.labels[testOutcome.name] ?? '', whole(t.value)] as const).sort((a, b) => b[1] - a[1]) },
    },
    coverageSection(coverageNow, coverageHigh, coverageOverDay, start, end),
    {
      title: 'Flaky tests',
      chart: { kind: 'line', unit: 'count', start, end, series: flakyOverDay },
      table: {
        columns: ['project', 'flaky now', 'a day ago', 'change'],
        units: ['text', 'count', 'count', 'count'],
        rows: flakyNow
          .map((f) => {
            const before = flakyDayAgo.find((b) => b.labels[project.name] === f.labels[project.name])?.value ?? NaN;
            return [f.labels[project.name] ?? '', f.value, before, f.value - before] as const;
          })
          .sort((a, b) => b[1] - a[1]),
      },
    },
    gatesSection(gates),
    {
      title: 'Security findings',
      note: 'New findings in the last 24 hours, by severity.',
      chart: { kind: 'bar', unit: 'count', bars: SEVERITY_ORDER.map((s) => ({ label: s, value: whole(sumWhere(findings, severity.name, [s])) })).filter(() => findings.length > 0) },
    },
    agentsSection(runs),
    {
      title: 'Agent failure ratio over the day',
      note: `Share of agent runs that did not succeed, per ${step / 60} minutes.`,
      chart: { kind: 'line', unit: 'percent', start, end, series: failureOverDay.map((s) => ({ name: 'failed runs', points: s.points.map(([t, v]) => [t, v * 100] as const) })) },
    },
  ];

  return {
    kind: 'daily',
    title: 'AQE daily quality summary',
    start,
    end,
    prometheus: config.prometheus.url,
    figures: [
      { label: 'Tests run', value: testsRun, unit: 'count' },
      { label: 'Test pass rate', value: passed + failed > 0 ? (passed / (passed + failed)) * 100 : NaN, unit: 'percent' },
      { label: 'Flaky tests now', value: flakyNow.length > 0 ? flakyTotal : NaN, unit: 'count' },
      { label: 'Quality gate failures', value: gates.length > 0 ? whole(gateFailures) : NaN, unit: 'count' },
      { label: 'Security findings', value: findings.length > 0 ? whole(sumWhere(findings, severity.name)) : NaN, unit: 'count' },
      { label: 'Agent runs', value: runs.length > 0 ? whole(runsTotal) : NaN, unit: 'count' },
      { label: 'Agent failure ratio', value: runsTotal > 0 ? runsFailed / runsTotal : NaN, unit: 'ratio' },
    ],
    sections,
  };
}

function coverageSection(now: readonly Value[], high: readonly Value[], overDay: readonly LineSeries[], start: number, end: number): Section {
  const key = (v: Value) => `${v.labels[project.name]}\u0000${v.labels[coverageType.name]}`;
  const highs = new Map(high.map((h) => [key(h), h.value]));
  const rows = now
    .map((c) => {
      const top = highs.get(key(c)) ?? NaN;
      return [c.labels[project.name] ?? '', c.labels[coverageType.name] ?? '', c.value, top, top - c.value] as const;
    })
    // The biggest drops first: what the reader should look at.
    .sort((a, b) => (Number.isFinite(b[4]) ? b[4] : -1) - (Number.isFinite(a[4]) ? a[4] : -1) || a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  return {
    title: 'Coverage by project',
    note: 'Line coverage over the day; the table has every kind of coverage, now and its highest of the day.',
    chart: { kind: 'line', unit: 'percent', start, end, series: overDay },
    table: { columns: ['project', 'coverage', 'now', "day's high", 'drop (points)'], units: ['text', 'text', 'percent', 'percent', 'count'], rows },
  };
}

function gatesSection(gates: readonly Value[]): Section {
  const names = [...new Set(by(gates, gateName.name))].sort();
  const count = (gate: string, decision: string) => whole(gates.filter((g) => g.labels[gateName.name] === gate && g.labels[gateDecision.name] === decision).reduce((a, g) => a + g.value, 0));
  const rows = names.map((gate) => {
    const [pass, fail, warn] = [count(gate, 'pass'), count(gate, 'fail'), count(gate, 'warn')];
    return [gate, pass, fail, warn, pass + fail + warn > 0 ? (pass / (pass + fail + warn)) * 100 : NaN] as const;
  });
  return {
    title: 'Quality gates',
    note: 'Decisions in the last 24 hours; the chart shows the share of decisions that passed.',
    chart: { kind: 'bar', unit: 'percent', bars: rows.map((r) => ({ label: r[0], value: r[4] })) },
    table: { columns: ['gate', 'pass', 'fail', 'warn', 'pass rate'], units: ['text', 'count', 'count', 'count', 'percent'], rows },
  };
}

function agentsSection(runs: readonly Value[]): Section {
  const types = [...new Set(by(runs, agentType.name))];
  const rows = types
    .map((type) => {
      const mine = runs.filter((r) => r.labels[agentType.name] === type);
      const total = sumWhere(mine, outcome.name);
      const failed = total - sumWhere(mine, outcome.name, ['success']);
      return [type, whole(total), whole(failed), total > 0 ? (failed / total) * 100 : NaN] as const;
    })
    .sort((a, b) => (Number.isFinite(b[3]) ? b[3] : -1) - (Number.isFinite(a[3]) ? a[3] : -1) || a[0].localeCompare(b[0]))
    .slice(0, TOP_FAILING);
  return {
    title: 'Agent runs: top failing agent types',
    note: `The ${TOP_FAILING} agent types with the highest share of runs that did not succeed (failure, timeout or cancelled).`,
    chart: { kind: 'bar', unit: 'percent', bars: rows.map((r) => ({ label: r[0], value: r[3] })) },
    table: { columns: ['agent type', 'runs', 'not successful', 'failure ratio'], units: ['text', 'count', 'count', 'percent'], rows },
  };
}
