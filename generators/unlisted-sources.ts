import type { AlertRule, RuleFile, Rules } from '../rules/define';
import type { DashboardSource } from '../dashboards-src/common';
import type { Diagnostic } from './diagnostics';

/**
 * Sources that exist but that nothing lists, so generation would silently leave them out: a
 * rule file missing from rules/index.ts, an alert in no group, a custom dashboard missing from
 * dashboards-src/custom/index.ts. Pure: the caller passes the modules and the files it found.
 */

/** One module of rules/ and what it exports. */
export interface LoadedModule {
  /** Path from the project root: `rules/cost.ts`. */
  readonly file: string;
  readonly exports: Readonly<Record<string, unknown>>;
}

const isAlert = (v: unknown): v is AlertRule => typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'alert' && typeof (v as { name?: unknown }).name === 'string';
const isRuleFile = (v: unknown): v is RuleFile => typeof v === 'object' && v !== null && typeof (v as { name?: unknown }).name === 'string' && Array.isArray((v as { groups?: unknown }).groups);

export function unlistedRules(modules: readonly LoadedModule[], rules: Rules): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const listedFiles = new Set(rules.files);
  const grouped = new Set(rules.files.flatMap((f) => f.groups.flatMap((g) => g.rules)));
  for (const { file, exports } of modules) {
    for (const [name, value] of Object.entries(exports)) {
      if (isRuleFile(value) && !listedFiles.has(value)) {
        problems.push({ place: `rule file ${value.name} (${file}, export ${name})`, problem: 'it is not in rules.files, so none of its rules are generated', fix: `import ${name} in rules/index.ts and add it to files` });
      }
      if (isAlert(value) && !grouped.has(value)) {
        problems.push({ place: `alert ${value.name} (${file}, export ${name})`, problem: 'it is in no rule group, so Prometheus never evaluates it', fix: `add ${name} to the rules of a group in a rule file listed in rules/index.ts` });
      }
    }
  }
  return problems;
}

/** `customFiles`: the dashboard files found in dashboards-src/custom/, from the project root. */
export function unlistedDashboards(customFiles: readonly string[], dashboards: readonly DashboardSource[]): Diagnostic[] {
  const listed = new Set(dashboards.map((d) => d.file));
  return customFiles
    .filter((file) => !listed.has(file))
    .map((file) => ({
      place: file,
      problem: 'no dashboard in CUSTOM_DASHBOARDS comes from this file, so it is not generated',
      fix: `import its DashboardSource in dashboards-src/custom/index.ts and add it to CUSTOM_DASHBOARDS (and check that its file field is '${file}')`,
    }));
}
