import type { DashboardSource } from '../common';
import { agentDeepDive } from './agent-deep-dive';
import { genAiDashboard } from './genai';

/**
 * Custom dashboards (spec: "custom dashboards configurable"). Add a file in this folder that
 * exports a DashboardSource built with baseDashboard() and the helpers of ../common.ts, and
 * list it here: it gets the same checks as the stakeholder dashboards, and is written to
 * out/grafana/dashboards/custom-<file>.json.
 */
export const CUSTOM_DASHBOARDS: readonly DashboardSource[] = [agentDeepDive, genAiDashboard];
