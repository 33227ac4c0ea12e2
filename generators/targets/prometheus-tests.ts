import type { AlertingModel } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/prometheus/tests/<file>.test.yaml for `promtool test rules`: every
 * test case of every alert, checked the moment it must fire and the interval just before.
 * Each test file loads its own rule file and those whose recordings its rules read.
 */
export function generatePrometheusTests(alerting: AlertingModel): GeneratedFile[] {
  // A file's tests load it and the files whose recordings it reads, not every file: promtool
  // evaluates every loaded group at every step, and the SLOs' 30-day windows are not cheap.
  const recordsOf = new Map(alerting.files.map((f) => [f.name, f.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'recording' ? [r.record] : [])))]));
  const exprsOf = (f: AlertingModel['files'][number]) => f.groups.flatMap((g) => g.rules.map((r) => r.expr)).join('\n');
  const ruleFilesFor = (file: AlertingModel['files'][number]) =>
    alerting.files
      // A name contained in another only loads one file too many: harmless.
      .filter((other) => other === file || (recordsOf.get(other.name) ?? []).some((record) => exprsOf(file).includes(record)))
      .map((f) => `../rules/${f.name}.rules.yaml`);
  return alerting.files
    .map((file) => ({ file, alerts: file.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'alert' ? [r] : []))) }))
    .filter(({ alerts }) => alerts.length > 0)
    .map(({ file, alerts }) => ({
      path: `prometheus/tests/${file.name}.test.yaml`,
      content: toYaml({
        rule_files: ruleFilesFor(file),
        evaluation_interval: file.evaluationInterval,
        tests: alerts.flatMap((alert) =>
          alert.tests.map((test) => ({
            name: `${alert.name}: ${test.name}`,
            interval: test.interval,
            input_series: test.series.map((s) => ({ series: s.series, values: s.values })),
            alert_rule_test: test.checks.map((check) => ({
              eval_time: check.at,
              alertname: alert.name,
              exp_alerts: check.alerts.map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations })),
            })),
          })),
        ),
      }),
    }));
}
