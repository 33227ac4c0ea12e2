import type { AlertingModel, ResolvedAlert, ResolvedRecording } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/** AlertingModel -> out/prometheus/rules/<file>.rules.yaml, one per rule file of rules/. */

function ruleEntry(rule: ResolvedRecording | ResolvedAlert) {
  if (rule.kind === 'recording') {
    return { record: rule.record, expr: rule.expr, ...(Object.keys(rule.labels).length ? { labels: rule.labels } : {}) };
  }
  return { alert: rule.name, expr: rule.expr, for: rule.for, labels: rule.labels, annotations: rule.annotations };
}

export function generatePrometheusRules(alerting: AlertingModel): GeneratedFile[] {
  return alerting.files.map((file) => ({
    path: `prometheus/rules/${file.name}.rules.yaml`,
    content: toYaml({
      groups: file.groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules.map(ruleEntry) })),
    }),
  }));
}
