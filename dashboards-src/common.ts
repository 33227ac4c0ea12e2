import * as cog from '@grafana/grafana-foundation-sdk/cog';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import {
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
  type GridPos,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import type { Label, MetricDefinition } from '../schema/define';
import { promql, type PromQL, type RecordedSeries, type SeriesRef } from '../core/promql';
import { prometheusLabelName } from '../core/prometheus-name';
import { DATASOURCES, DATASOURCE_VARIABLE, PROMETHEUS } from './datasources';

/**
 * What every dashboard shares: the base dashboard (tags, links, data source variable),
 * template variables, query helpers and thresholds. Queries are built with `promql` over
 * schema handles and recording rules named by their series (./recordings.ts), like the alert
 * rules, and checked the same way.
 */

/** One dashboard of dashboards-src/: the file it comes from and the JSON it builds. */
export interface DashboardSource {
  readonly file: string;
  readonly dashboard: Dashboard;
}

/** The range of `rate()` in panels: Grafana picks it from the scrape interval and the step. */
export const RATE_INTERVAL = '$__rate_interval';
/** The dashboard's whole time range, for stats over "the last 24 h". */
export const RANGE = '$__range';

export interface BaseOptions {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  /** Default time range, `now-24h`. */
  readonly from: string;
  readonly tags: readonly string[];
}

/** A dashboard with the house defaults: read-only (it is code), shared crosshair, links to the others. */
export function baseDashboard(options: BaseOptions): DashboardBuilder {
  return new DashboardBuilder(options.title)
    .uid(options.uid)
    .description(options.description)
    .tags(['aqe', ...options.tags])
    .time({ from: options.from, to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .tooltip(DashboardCursorSync.Crosshair)
    .readonly()
    .withVariable(
      new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
        .label('Prometheus')
        .type(DATASOURCES.prometheus.type)
        .current({ text: DATASOURCES.prometheus.name, value: DATASOURCES.prometheus.uid }),
    )
    .link(
      new DashboardLinkBuilder('AQE dashboards')
        .type(DashboardLinkType.Dashboards)
        .tags(['aqe'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
}

/** A multi-value variable over the values a label takes in a series. */
export function labelVariable(label: Label, series: MetricDefinition | SeriesRef | RecordedSeries, title: string): QueryVariableBuilder {
  const query = promql`label_values(${series}, ${label})`.text;
  return new QueryVariableBuilder(prometheusLabelName(label.name))
    .label(title)
    .datasource(PROMETHEUS)
    .query({ qryType: 1, query, refId: 'PrometheusVariableQueryEditor-VariableQuery' })
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.*');
}

/** `label=~"$label"`: a matcher on the variable of the same name. */
export function matchVariable(label: Label): string {
  const name = prometheusLabelName(label.name);
  return `${name}=~"$${name}"`;
}

/** A Prometheus query over time. */
export function prom(refId: string, expr: PromQL, legend = '__auto'): DataqueryBuilder {
  return new DataqueryBuilder().refId(refId).datasource(PROMETHEUS).expr(expr.text).legendFormat(legend).range();
}

/** A Prometheus query at the end of the range, for stats, gauges, bars and tables. */
export function promInstant(refId: string, expr: PromQL, legend = '__auto', format: 'table' | 'time_series' = 'time_series'): DataqueryBuilder {
  return new DataqueryBuilder()
    .refId(refId)
    .datasource(PROMETHEUS)
    .expr(expr.text)
    .legendFormat(legend)
    .instant()
    .format(format === 'table' ? PromQueryFormat.Table : PromQueryFormat.TimeSeries);
}

/**
 * A query object for a data source the foundation SDK has no builder for (Jaeger), or for
 * a panel built by hand. The SDK's Dataquery type wants a marker method; it is a function,
 * so it disappears when the dashboard is written as JSON.
 */
export function dataquery(query: { refId: string } & Record<string, unknown>): cog.Dataquery & Record<string, unknown> {
  return { _implementsDataqueryVariant: () => undefined, ...query };
}

/** The same, as a builder for `.withTarget()`. */
export function rawQuery(query: { refId: string } & Record<string, unknown>): cog.Builder<cog.Dataquery> {
  return { build: () => dataquery(query) };
}

/**
 * A recording rule's series with its own labels plus more matchers: `${durationP95}`
 * already ends in `{quantile="0.95"}`, so a filter cannot be appended to it.
 */
export function recorded(rule: RecordedSeries, ...matchers: string[]): PromQL {
  const own = Object.entries(rule.labels ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return promql`${rule.record}{${[...own, ...matchers].join(',')}}`;
}

export function at(x: number, y: number, w: number, h: number): GridPos {
  return { x, y, w, h };
}

/** Colour steps: below the first value the base colour, then each step's. */
export function thresholds(base: string, ...steps: Array<[number, string]>): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null as unknown as number, color: base }, ...steps.map(([value, color]) => ({ value, color }))]);
}

/** Stats and gauges show the last value of the query, not a mean over the range. */
export function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}

/** Thresholds drawn on a time series: a line with the area above shaded, or a dashed line. */
export function thresholdLine(style: 'area' | 'dashed' = 'area'): GraphThresholdsStyleConfigBuilder {
  return new GraphThresholdsStyleConfigBuilder().mode(style === 'area' ? GraphThresholdsStyleMode.LineAndArea : GraphThresholdsStyleMode.Dashed);
}
