import type { DashboardsModel } from '../dashboards-model';
import type { GeneratedFile } from '../generated-file';

/**
 * DashboardsModel -> out/grafana/dashboards/<name>.json. Dashboard JSON has no comments,
 * so no header: the `aqe` tag and the read-only flag say it is managed as code.
 */
export function generateGrafanaDashboards(dashboards: DashboardsModel): GeneratedFile[] {
  return dashboards.dashboards.map((d) => ({
    path: `grafana/dashboards/${d.name}.json`,
    content: `${JSON.stringify(d.json, null, 2)}\n`,
  }));
}
