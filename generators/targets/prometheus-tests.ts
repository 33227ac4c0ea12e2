import type { AlertingModel } from '../alerting-types';
import type { GeneratedFile } from '../generated-file';
import { toYaml } from '../yaml';

/**
 * AlertingModel -> out/prometheus/tests/<file>.test.yaml for `promtool test rules`: every
 * test case of every alert, checked the moment it must fire and the interval just before.
 * Each test file loads every rule file, since an alert may use another file's recordings.
 */
export function generatePrometheusTests(alerting: AlertingModel): GeneratedFile[] {
  const ruleFiles = alerting.files.map((f) => `../rules/${f.name}.rules.yaml`);
  return alerting.files
    .map((file) => ({ file, alerts: file.groups.flatMap((g) => g.rules.flatMap((r) => (r.kind === 'alert' ? [r] : []))) }))
    .filter(({ alerts }) => alerts.length > 0)
    .map(({ file, alerts }) => ({
      path: `prometheus/tests/${file.name}.test.yaml`,
      content: toYaml({
        rule_files: ruleFiles,
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
