import { join } from 'node:path';
import { dashboards } from '../dashboards-src';
import { DEPLOY } from '../deploy/config';
import { rules } from '../rules';
import { schema } from '../schema';
import type { Sources } from './generate';
import { runbooksIn } from './runbooks';

/**
 * The project's sources, imported statically: for tests and tools that run under vitest.
 * `npm run generate` loads them with generators/load-sources.ts instead, area by area.
 */
export function readSources(root: string): Sources {
  return { schema, rules, runbooks: runbooksIn(join(root, 'docs', 'runbooks')), dashboards, deploy: DEPLOY };
}
