/**
 * Stable uids of the stakeholder dashboards, and the ids of the panels alerts link to.
 * Alerts (rules/) and dashboards (dashboards-src/) both take them from here, and
 * generation checks that every linked panel exists, so a link cannot point nowhere.
 */
export const DASHBOARD_UIDS = {
  executive: 'aqe-executive',
  developer: 'aqe-developer',
  qa: 'aqe-qa',
  operations: 'aqe-operations',
  slo: 'aqe-slo',
} as const;

export type DashboardName = keyof typeof DASHBOARD_UIDS;

/** Panels that explain an alert: `?viewPanel=<id>` opens them alone. */
export const PANELS = {
  executive: { tokenUsage: 7 },
  developer: { errorRate: 5, latency: 6 },
  qa: { qualityGates: 8, coverageByModule: 7, flakyRate: 4, securityFindings: 12 },
  operations: { targetsUp: 1, firingAlerts: 2, seriesBudget: 5, agentsActive: 6, rejectedLabels: 12, exportFailures: 13, collectorRefusedFailed: 16 },
  // The first panel of each SLO's section, its burn rates by window: what both of its alerts
  // open. The section numbers its other panels from there (dashboards-src/slo.ts).
  slo: { runSuccess: 10, runLatency: 20 },
} as const satisfies Record<DashboardName, Record<string, number>>;

export type PanelKey<D extends DashboardName> = keyof (typeof PANELS)[D];
