import type { Dashboard, Panel, RowPanel, VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { DashboardSource } from '../dashboards-src/common';
import { DATASOURCES, DATASOURCE_VARIABLE } from '../dashboards-src/datasources';
import type { AlertingModel } from './alerting-types';
import { DiagnosticCollector } from './diagnostics';
import { didYouMean } from './nearest';
import { checkPromql, type PromqlCheck } from './promql-check';
import type { SeriesCatalog } from './series-catalog';

/**
 * Validates the dashboards of dashboards-src/: stable uids, explicit unique panel ids and
 * refIds, a grid without overlaps, data sources that the provisioning creates, template
 * variables that exist, and every Prometheus query checked against the schema and the
 * recording rules like the alert rules are. A dashboard names a recording rule by the series
 * it records (dashboards-src/ does not import rules/): every such name is resolved against
 * the records of rules/. Also checks that every alert's dashboard link opens a panel that
 * exists. Throws one DiagnosticError listing everything.
 */

export interface ResolvedDashboard {
  /** File name under out/grafana/dashboards/, from the source file's name. */
  readonly name: string;
  readonly uid: string;
  readonly title: string;
  readonly json: Dashboard;
}

export interface DashboardsModel {
  readonly dashboards: readonly ResolvedDashboard[];
}

const GRID_COLUMNS = 24;
const PROVISIONED_UIDS = new Set<string>(Object.values(DATASOURCES).map((d) => d.uid));
/** Grafana's own variables: `$__rate_interval`, `$__range`... */
const BUILTIN = /^__/;
const VARIABLE_REFERENCE = /\$\{([a-zA-Z0-9_]+)(?::[a-z]+)?\}|\$([a-zA-Z0-9_]+)|\[\[([a-zA-Z0-9_]+)\]\]/g;

type AnyPanel = Panel | RowPanel;
interface Target {
  refId?: string;
  datasource?: { type?: string; uid?: string };
  expr?: string;
}

/** Variables replaced by something the PromQL parser accepts, for checking only. */
export function substituteVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_interval|interval|range|range_s|range_ms)|\$\{__(rate_interval|interval|range)\}/g, '5m')
    .replace(VARIABLE_REFERENCE, (whole, a?: string, b?: string, c?: string) => {
      // Inside a label matcher the variable stands for a regex of values; elsewhere, a duration.
      const name = a ?? b ?? c ?? '';
      return BUILTIN.test(name) ? '5m' : `$${name}`;
    });
}

function allPanels(dashboard: Dashboard): AnyPanel[] {
  const top = (dashboard.panels ?? []) as AnyPanel[];
  return top.flatMap((p) => (p.type === 'row' ? [p, ...(((p as RowPanel).panels ?? []) as AnyPanel[])] : [p]));
}

/**
 * `level:metric:operations`: the names recording rules record under. Schema metrics never
 * hold a colon, so a selected name with one is a reference to a recording rule.
 */
const isRecordName = (name: string) => name.includes(':');

/** Every series the rules record. */
function recordsOf(alerting: AlertingModel): Set<string> {
  return new Set(alerting.files.flatMap((f) => f.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'recording' ? [r.record] : [])))));
}

function referencedVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE_REFERENCE)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((n) => !BUILTIN.test(n));
}

export function buildDashboards(
  sources: readonly DashboardSource[],
  catalog: SeriesCatalog,
  alerting: AlertingModel,
): DashboardsModel {
  const diagnostics = new DiagnosticCollector();
  const uids = new Map<string, string>();
  const names = new Map<string, string>();
  const resolved: ResolvedDashboard[] = [];
  const records = recordsOf(alerting);

  /**
   * The problems of a query, with every recording rule it names resolved against the rules'
   * records: a name no rule records is reported as that, instead of as an unknown metric.
   */
  const checkQuery = (place: string, expr: string): PromqlCheck => {
    const checked = checkPromql(substituteVariables(expr), catalog);
    const unresolved = new Set(checked.selected.filter((name) => isRecordName(name) && !records.has(name)));
    for (const name of unresolved) {
      diagnostics.add(place, `reads recording rule ${name}, which no rule of rules/ records`, `name the record of a recording rule of rules/ (dashboards-src/recordings.ts), or add the rule${didYouMean(name, records)}`);
    }
    return { ...checked, problems: checked.problems.filter((p) => ![...unresolved].some((name) => p.problem === `unknown metric ${name}`)) };
  };

  for (const { file, dashboard } of sources) {
    const uid = dashboard.uid ?? '';
    const where = `dashboard ${uid || '(no uid)'} (${file})`;
    if (!/^[a-z0-9-]{1,40}$/.test(uid)) diagnostics.add(where, 'the uid is missing or not a stable slug', 'set .uid() to lower-case letters, digits and dashes, at most 40');
    if (uids.has(uid)) diagnostics.add(where, `uid ${uid} is already used by ${uids.get(uid)}`, 'give each dashboard its own uid');
    uids.set(uid, file);
    const name = file.replace(/^dashboards-src\//, '').replace(/\.ts$/, '').replace(/\//g, '-');
    if (names.has(name)) diagnostics.add(where, `file name ${name} is already used by ${names.get(name)}`, 'rename the file');
    names.set(name, file);

    const variables = (dashboard.templating?.list ?? []) as VariableModel[];
    const variableNames = new Set(variables.map((v) => v.name));
    const datasourceVariable = variables.find((v) => v.name === DATASOURCE_VARIABLE && v.type === 'datasource');

    const checkVariables = (place: string, text: string) => {
      for (const name of referencedVariables(text)) {
        if (!variableNames.has(name)) {
          diagnostics.add(place, `uses variable $${name}, which the dashboard does not define`, `add it with .withVariable(), or use one of ${[...variableNames].join(', ') || 'none'}${didYouMean(name, variableNames)}`);
        }
      }
    };
    const checkDatasource = (place: string, ds: { uid?: string } | undefined): string | undefined => {
      const dsUid = ds?.uid;
      if (!dsUid) {
        diagnostics.add(place, 'it names no data source', 'set .datasource() on the query or the panel');
        return undefined;
      }
      if (dsUid === `\${${DATASOURCE_VARIABLE}}`) {
        if (!datasourceVariable) diagnostics.add(place, `it uses \${${DATASOURCE_VARIABLE}} but the dashboard has no such data source variable`, 'build the dashboard with baseDashboard()');
        return DATASOURCES.prometheus.uid;
      }
      if (!PROVISIONED_UIDS.has(dsUid)) {
        diagnostics.add(place, `data source uid ${dsUid} is not provisioned`, `use one of ${[...PROVISIONED_UIDS].join(', ')}${didYouMean(dsUid, PROVISIONED_UIDS)}`);
      }
      return dsUid;
    };
    const checkExpr = (place: string, expr: string) => {
      checkVariables(place, expr);
      for (const p of checkQuery(place, expr).problems) diagnostics.add(place, `${p.problem} (column ${p.column} of: ${expr})`, p.fix);
    };

    for (const variable of variables) {
      if (variable.type !== 'query') continue;
      const query = typeof variable.query === 'string' ? variable.query : String((variable.query as { query?: string } | undefined)?.query ?? '');
      const place = `${where}, variable ${variable.name}`;
      const match = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(query);
      if (!match) continue;
      const checked = checkQuery(place, match[1]!);
      for (const p of checked.problems) diagnostics.add(place, `${p.problem} in ${query}`, p.fix);
      if (checked.labels && !checked.labels.has(match[2]!)) diagnostics.add(place, `${match[1]} has no label ${match[2]}`, `use one of ${[...checked.labels.keys()].join(', ')}`);
    }

    const panels = allPanels(dashboard);
    const ids = new Map<number, string>();
    const boxes: { id: number; x: number; y: number; w: number; h: number }[] = [];
    for (const panel of panels) {
      const title = panel.title ?? '(untitled)';
      const place = `${where}, panel ${panel.id ?? '?'} "${title}"`;
      if (typeof panel.id !== 'number') {
        diagnostics.add(place, 'the panel has no explicit id', 'set .id(n): alert links and bookmarks use it');
        continue;
      }
      if (ids.has(panel.id)) diagnostics.add(place, `id ${panel.id} is already used by panel "${ids.get(panel.id)}"`, 'give each panel its own id');
      ids.set(panel.id, title);
      const grid = panel.gridPos;
      if (!grid) {
        diagnostics.add(place, 'the panel has no gridPos', 'place it with .gridPos(at(x, y, w, h))');
      } else {
        if (grid.x < 0 || grid.w < 1 || grid.h < 1 || grid.x + grid.w > GRID_COLUMNS) {
          diagnostics.add(place, `gridPos x=${grid.x} w=${grid.w} h=${grid.h} does not fit the ${GRID_COLUMNS}-column grid`, `keep x + w within ${GRID_COLUMNS} and w, h at least 1`);
        }
        for (const other of boxes) {
          const overlaps = grid.x < other.x + other.w && other.x < grid.x + grid.w && grid.y < other.y + other.h && other.y < grid.y + grid.h;
          if (overlaps) diagnostics.add(place, `it overlaps panel ${other.id} "${ids.get(other.id)}"`, 'move one of them; Grafana would shuffle them otherwise');
        }
        boxes.push({ id: panel.id, ...grid });
      }
      if (panel.type === 'row') continue;

      const targets = ((panel as Panel).targets ?? []) as Target[];
      const refIds = new Set<string>();
      for (const target of targets) {
        const targetPlace = `${place}, target ${target.refId ?? '?'}`;
        if (!target.refId) diagnostics.add(targetPlace, 'the query has no refId', 'set .refId("A")');
        else if (refIds.has(target.refId)) diagnostics.add(targetPlace, `refId ${target.refId} is used twice in the panel`, 'give each query of a panel its own refId');
        if (target.refId) refIds.add(target.refId);
        const dsUid = checkDatasource(targetPlace, target.datasource ?? ((panel as Panel).datasource as { uid?: string } | undefined));
        if (dsUid === DATASOURCES.prometheus.uid && typeof target.expr === 'string') checkExpr(targetPlace, target.expr);
        else checkVariables(targetPlace, JSON.stringify(target));
      }
    }
    resolved.push({ name, uid, title: dashboard.title ?? uid, json: dashboard });
  }

  for (const alert of alerting.alerts) {
    const place = `alert ${alert.name}, dashboard annotation`;
    const target = resolved.find((d) => d.uid === alert.dashboardLink.uid);
    if (!target) {
      diagnostics.add(place, `dashboard ${alert.dashboardLink.uid} does not exist`, `link to one of ${resolved.map((d) => d.uid).join(', ')}`);
    } else if (alert.dashboardLink.panelId !== undefined && !allPanels(target.json).some((p) => p.id === alert.dashboardLink.panelId)) {
      diagnostics.add(place, `panel ${alert.dashboardLink.panelId} does not exist in ${target.uid}`, 'fix the panel id in core/dashboard-uids.ts PANELS, or add the panel');
    }
  }

  diagnostics.throwIfAny();
  return { dashboards: resolved.sort((a, b) => a.name.localeCompare(b.name)) };
}
