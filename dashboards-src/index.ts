import type { DashboardSource } from './common';
import { CUSTOM_DASHBOARDS } from './custom';
import { developer } from './developer';
import { executive } from './executive';
import { operations } from './operations';
import { qa } from './qa';

/** Every dashboard `npm run generate` writes: the stakeholder dashboards, then the custom ones. */
export const dashboards: readonly DashboardSource[] = [executive, developer, qa, operations, ...CUSTOM_DASHBOARDS];
