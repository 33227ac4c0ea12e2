/**
 * Stable uids of the stakeholder dashboards. Alerts link to them (rules/) and the
 * dashboards are built with them (dashboards-src/), so a link cannot point nowhere.
 */
export const DASHBOARD_UIDS = {
  executive: 'aqe-executive',
  developer: 'aqe-developer',
  qa: 'aqe-qa',
  operations: 'aqe-operations',
} as const;

export type DashboardName = keyof typeof DASHBOARD_UIDS;
