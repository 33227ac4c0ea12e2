import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dashboards } from '../dashboards-src';
import { DEPLOY } from '../deploy/config';
import { rules } from '../rules';
import { schema } from '../schema';
import type { Sources } from './generate';

/** The project's sources as `npm run generate` reads them: the one place that looks at the disk. */
export function readSources(root: string): Sources {
  return { schema, rules, runbooks: runbooksIn(join(root, 'docs', 'runbooks')), dashboards, deploy: DEPLOY };
}

/** Runbook names (file names without .md) that alerts may link to. */
function runbooksIn(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));
}
