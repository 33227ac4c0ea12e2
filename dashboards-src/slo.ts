import { BarGaugeDisplayMode, TableCellDisplayMode, TableSortByFieldStateBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { RowBuilder, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as BarGauge } from '@grafana/grafana-foundation-sdk/bargauge';
import { PanelBuilder as Table } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeSeries } from '@grafana/grafana-foundation-sdk/timeseries';
import type { Label } from '../schema/define';
import { formatDuration } from '../core/duration';
import { promql, recordedSeries, type Window } from '../core/promql';
import { BURN_RATE_CONDITIONS, burnRateFactor, SLO_PERIOD, SLO_WINDOWS } from '../schema/slo-policy';
import { errorBudget, SLO_SPECS, sloRecordNames, type SloSpec } from '../schema/slos';
import { at, baseDashboard, labelVariable, lastValue, matchVariable, prom, promInstant, thresholdLine, thresholds, type DashboardSource } from './common';
import { DASHBOARD_UIDS, PANELS } from '../core/dashboard-uids';

/**
 * SLOs (docs/slo.md): for each SLO of schema/slos.ts, a section with its burn rates by window
 * (what its alerts open), the error budget left per agent type, compliance over the period,
 * and both over time. Derived from the SLO list: a new SLO gets its section by itself. The
 * series are the SLO's recording rules (rules/slo-define.ts), named by schema/slos.ts and
 * resolved against the rules by `npm run generate`.
 */

const period = formatDuration(SLO_PERIOD.ms);
const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))}%`;
const ALERT_CONDITIONS = Object.entries(BURN_RATE_CONDITIONS).flatMap(([kind, conditions]) => conditions.map((c) => ({ kind, condition: c, factor: burnRateFactor(c) })));
/** The burn rates at which an alert fires, lowest first, coloured from a ticket's yellow to a page's red. */
const COLOURS = ['yellow', 'orange', 'red'];
const FACTOR_STEPS = [...new Set(ALERT_CONDITIONS.map((c) => c.factor))]
  .sort((a, b) => a - b)
  .map((factor, i): [number, string] => [factor, COLOURS[Math.min(i, COLOURS.length - 1)]!]);
const burnThresholds = () => thresholds('green', ...FACTOR_STEPS);
const whenAlerts = ALERT_CONDITIONS.map(({ kind, condition, factor }) => `${kind} above ${factor}x over ${formatDuration(condition.long.ms)} and ${formatDuration(condition.short.ms)}`).join('; ');

/** Each SLO's section: PANELS.slo gives its first id, the others follow; its row comes last. */
const SECTION_HEIGHT = 18;
const ROW_OFFSET = 9;

const refId = (i: number) => String.fromCharCode('A'.charCodeAt(0) + i);
const windowName = (w: Window) => formatDuration(w.ms);

/** `agent_type` -> `Agent type`, for variable labels and column headers. */
const titleOf = (label: Label) => label.name.charAt(0).toUpperCase() + label.name.slice(1).replace(/_/g, ' ');

/** An SLO's recorded series, by the names rules/slo-define.ts records them under. */
function recordsOf(slo: SloSpec) {
  const names = sloRecordNames(slo);
  return {
    burnRate: (w: Window) => recordedSeries(names.burnRate(w)),
    periodErrorRatio: recordedSeries(names.periodErrorRatio),
    budgetRemaining: recordedSeries(names.budgetRemaining),
  };
}

function section(slo: SloSpec, index: number): { row: RowBuilder; panels: cog.Builder<Panel>[] } {
  const first = PANELS.slo[slo.panel];
  const records = recordsOf(slo);
  const budget = errorBudget(slo);
  const y = index * SECTION_HEIGHT;
  const match = matchVariable(slo.by);
  const by = slo.by.name;
  const what = `${percent(slo.objective)} of ${slo.eventsName} ${slo.promise} over ${period}`;
  const windows = [...SLO_WINDOWS, SLO_PERIOD];

  const burnTable = new Table()
    .id(first)
    .title(`${slo.title}: burn rate by window, now`)
    .description(
      `Why did an alert fire? How fast each ${by} spends its error budget (${percent(budget)} of ${slo.eventsName}), over every window the alerts read: 1 spends exactly the budget in ${period}. Alerts: ${whenAlerts}. Recording rules ${records.burnRate(SLO_WINDOWS[0]!).record} and its siblings.`,
    )
    .gridPos(at(0, y + 1, 12, 9))
    .withTransformation({ id: 'merge', options: {} })
    .withTransformation({
      id: 'organize',
      options: {
        excludeByName: { Time: true },
        indexByName: Object.fromEntries([[by, 0], ...windows.map((w, i) => [`Value #${refId(i)}`, i + 1])]),
        renameByName: Object.fromEntries([[by, titleOf(slo.by)], ...windows.map((w, i) => [`Value #${refId(i)}`, windowName(w)])]),
      },
    })
    .sortBy([new TableSortByFieldStateBuilder().displayName(windowName(SLO_WINDOWS[0]!)).desc(true)])
    .decimals(2)
    .thresholds(burnThresholds())
    .overrideByFieldType('number', [{ id: 'custom.cellOptions', value: { type: TableCellDisplayMode.ColorBackground } }]);
  windows.forEach((w, i) => burnTable.withTarget(promInstant(refId(i), promql`${records.burnRate(w)}{${match}}`, '__auto', 'table')));

  const budgetPanel = new BarGauge()
    .id(first + 1)
    .title(`${slo.title}: error budget remaining (${period})`)
    .description(
      `How much of the ${period} error budget is left, per ${by}: 100% untouched, 0 spent, below 0 overspent (the SLO is broken for the period). The promise: ${what}.`,
    )
    .gridPos(at(12, y + 1, 6, 9))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic)
    .unit('percentunit')
    .decimals(0)
    .max(1)
    .reduceOptions(lastValue())
    .thresholds(thresholds('red', [0, 'orange'], [0.25, 'green']))
    .withTarget(promInstant('A', promql`sort(${records.budgetRemaining}{${match}})`, `{{${by}}}`));

  const compliancePanel = new BarGauge()
    .id(first + 2)
    .title(`${slo.title}: compliance (${period})`)
    .description(`Share of ${slo.eventsName} that kept the promise over ${period}, per ${by}; red under the objective, ${percent(slo.objective)}.`)
    .gridPos(at(18, y + 1, 6, 9))
    .orientation(VizOrientation.Horizontal)
    .displayMode(BarGaugeDisplayMode.Basic)
    .unit('percentunit')
    .decimals(2)
    .min(Math.max(0, slo.objective - 2 * budget))
    .max(1)
    .reduceOptions(lastValue())
    .thresholds(thresholds('red', [slo.objective, 'green']))
    .withTarget(promInstant('A', promql`sort(1 - ${records.periodErrorRatio}{${match}})`, `{{${by}}}`));

  const longWindows = [...new Set(ALERT_CONDITIONS.map((c) => c.condition.long))];
  const burnOverTime = new TimeSeries()
    .id(first + 3)
    .title(`${slo.title}: burn rate over the alerts' long windows`)
    .description(`Since when is the budget burning? Burn rate per ${by} over ${longWindows.map(windowName).join(', ')}; the dashed lines are where alerts fire (${whenAlerts}).`)
    .gridPos(at(0, y + 10, 12, 8))
    .min(0)
    .thresholds(burnThresholds())
    .thresholdsStyle(thresholdLine('dashed'));
  longWindows.forEach((w, i) => burnOverTime.withTarget(prom(refId(i), promql`${records.burnRate(w)}{${match}}`, `{{${by}}} ${windowName(w)}`)));

  const budgetOverTime = new TimeSeries()
    .id(first + 4)
    .title(`${slo.title}: error budget remaining over time`)
    .description(`How fast is the budget going? The ${period} budget left per ${by}; a line heading for 0 before the month is out is what the ticket alert says.`)
    .gridPos(at(12, y + 10, 12, 8))
    .unit('percentunit')
    .thresholds(thresholds('red', [0, 'transparent']))
    .thresholdsStyle(thresholdLine('dashed'))
    .withTarget(prom('A', promql`${records.budgetRemaining}{${match}}`, `{{${by}}}`));

  const row = new RowBuilder(`${slo.title}: ${what}`).id(first + ROW_OFFSET).gridPos(at(0, y, 24, 1));
  return { row, panels: [burnTable, budgetPanel, compliancePanel, burnOverTime, budgetOverTime] };
}

/** One variable per label the SLOs are kept by (today: agent type), over a series each SLO records. */
const byLabels = [...new Map(SLO_SPECS.map((s) => [s.by.name, { label: s.by, slo: s }] as [string, { label: Label; slo: SloSpec }])).values()];

const builder = baseDashboard({
  uid: DASHBOARD_UIDS.slo,
  title: 'AQE Fleet: SLOs and error budgets',
  description: `Service level objectives of the AQE agents: error budget left over ${period}, burn rates by window, compliance. Alerts of the SLOs open this dashboard.`,
  from: 'now-7d',
  tags: ['slo'],
});
for (const { label, slo } of byLabels) builder.withVariable(labelVariable(label, recordsOf(slo).budgetRemaining, titleOf(label)));
SLO_SPECS.forEach((slo, i) => {
  const { row, panels } = section(slo, i);
  builder.withRow(row);
  for (const p of panels) builder.withPanel(p);
});

export const sloDashboard: DashboardSource = { file: 'dashboards-src/slo.ts', dashboard: builder.build() };
