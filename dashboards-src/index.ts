import type { DashboardSource } from './common';
import { CUSTOM_DASHBOARDS } from './custom';
import { developer } from './developer';
import { executive } from './executive';
import { operations } from './operations';
import { qa } from './qa';
import { sloDashboard } from './slo';

/** Every dashboard `npm run generate` writes: the stakeholder dashboards, the SLOs, then the custom ones. */
export const dashboards: readonly DashboardSource[] = [executive, developer, qa, operations, sloDashboard, ...CUSTOM_DASHBOARDS];
