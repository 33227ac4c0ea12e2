import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Schema } from '../schema/define';
import type { Rules } from '../rules/define';
import type { DashboardSource } from '../dashboards-src/common';
import type { DeployConfig } from '../deploy/config';
import type { SourcesToCheck } from './check-sources';
import { diagnosticFromCrash } from './crash-diagnostic';
import type { Diagnostic } from './diagnostics';
import { runbooksIn } from './runbooks';
import { unlistedDashboards, unlistedRules, type LoadedModule } from './unlisted-sources';

/**
 * The sources as `npm run generate` loads them: each area on its own, so a module that throws
 * while loading (a bad window, a deleted file) is one located problem and the other areas
 * are still checked. Uses require() at run time (tools/generate.cjs compiles .ts); tests use readSources().
 */
export function loadSources(root: string, typeErrors: readonly Diagnostic[] = []): SourcesToCheck {
  const problems: Diagnostic[] = [...typeErrors];
  // An area with type errors is not run: what it would do is undefined, and the errors say why.
  const broken = new Set<string>(AREAS.filter((area) => typeErrors.some((d) => d.place.startsWith(area))));
  const notLoaded = Object.fromEntries(AREAS.filter((a) => broken.has(a)).map((a) => [a, 'it has type errors (above)']));
  const reported = new Set<unknown>();
  const load = <T>(area: string, get: () => T): T | undefined => {
    if (broken.has(area)) return undefined;
    try {
      return get();
    } catch (error) {
      // An area that imports a broken one fails with the same error (Node re-runs a module
      // that threw): say it once.
      const key = error instanceof Error ? `${error.message}\n${error.stack?.split('\n')[1] ?? ''}` : error;
      if (!reported.has(key)) problems.push(diagnosticFromCrash(error, `loading ${area}`));
      reported.add(key);
      return undefined;
    }
  };
  const schema = load('schema/', () => (require(join(root, 'schema')) as { schema: Schema }).schema);
  const deploy = load('deploy/', () => (require(join(root, 'deploy', 'config')) as { DEPLOY: DeployConfig }).DEPLOY);
  const rules = load('rules/', () => (require(join(root, 'rules')) as { rules: Rules }).rules);
  const dashboards = load('dashboards-src/', () => (require(join(root, 'dashboards-src')) as { dashboards: readonly DashboardSource[] }).dashboards);

  if (rules) {
    const modules = tsFiles(join(root, 'rules'))
      .map((path) => ({ file: relative(root, path), exports: load('rules/', () => require(path) as Record<string, unknown>) }))
      .filter((m): m is LoadedModule => m.exports !== undefined);
    problems.push(...unlistedRules(modules, rules));
  }
  if (dashboards) {
    const custom = tsFiles(join(root, 'dashboards-src', 'custom')).map((p) => relative(root, p)).filter((f) => !f.endsWith('/index.ts'));
    problems.push(...unlistedDashboards(custom, dashboards));
  }
  return {
    ...(schema ? { schema } : {}),
    ...(rules ? { rules } : {}),
    ...(dashboards ? { dashboards } : {}),
    ...(deploy ? { deploy } : {}),
    runbooks: runbooksIn(join(root, 'docs', 'runbooks')),
    loadProblems: problems,
    notLoaded,
  };
}

/** The folders a user edits, each loaded on its own. */
export const AREAS = ['schema/', 'rules/', 'dashboards-src/', 'deploy/'] as const;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f));
}
