import type { Model } from '../model-types';
import type { AlertingModel } from '../alerting-types';
import type { DashboardsModel } from '../dashboards-model';
import type { GeneratedFile } from '../generated-file';
import type { DeployConfig } from '../../deploy/config';
import { generateCollectorConfig } from './otel-collector';
import { generateK8s } from './k8s';
import { generateBackendConfigs } from './backends';
import { generateAlertmanager } from './alertmanager';
import { generateGrafanaDashboards } from './grafana-dashboards';
import { generateGrafanaProvisioning } from './grafana-provisioning';
import { generateInstrumentation } from './instrumentation';
import { generateMetricsDocs } from './metrics-docs';
import { generatePrometheusConfig } from './prometheus-config';
import { generatePrometheusRules } from './prometheus-rules';
import { generatePrometheusTests } from './prometheus-tests';
import { generateSchedules } from './schedules';
import { generateSchemaJson } from './schema-json';

/** What every generator receives: the resolved models, nothing else. */
export interface GeneratorInput {
  readonly model: Model;
  readonly alerting: AlertingModel;
  readonly dashboards: DashboardsModel;
  readonly deploy: DeployConfig;
}

/**
 * Every generator, each a pure function of the resolved models (and, for the manifests that
 * package them, of the files generated before). Runs in this order. Add a target here.
 */
export const TARGETS: ReadonlyArray<{
  readonly name: string;
  readonly generate: (input: GeneratorInput, produced: readonly GeneratedFile[]) => GeneratedFile[];
}> = [
  { name: 'schema-json', generate: ({ model }) => generateSchemaJson(model) },
  { name: 'metrics-docs', generate: ({ model }) => generateMetricsDocs(model) },
  { name: 'instrumentation', generate: ({ model }) => generateInstrumentation(model) },
  { name: 'prometheus-rules', generate: ({ alerting }) => generatePrometheusRules(alerting) },
  { name: 'prometheus-tests', generate: ({ alerting }) => generatePrometheusTests(alerting) },
  { name: 'prometheus-config', generate: ({ alerting, deploy }) => generatePrometheusConfig(alerting, deploy) },
  { name: 'alertmanager', generate: ({ alerting }) => generateAlertmanager(alerting) },
  { name: 'schedules', generate: ({ alerting }) => generateSchedules(alerting) },
  { name: 'grafana-dashboards', generate: ({ dashboards }) => generateGrafanaDashboards(dashboards) },
  { name: 'grafana-provisioning', generate: ({ alerting }) => generateGrafanaProvisioning(alerting.settings.prometheus.scrapeInterval) },
  { name: 'otel-collector', generate: ({ deploy }) => generateCollectorConfig(deploy) },
  { name: 'backends', generate: ({ deploy }) => generateBackendConfigs(deploy) },
  // Last: the manifests carry the files above in their ConfigMaps.
  { name: 'k8s', generate: ({ deploy, alerting }, produced) => generateK8s(deploy, alerting, produced) },
];
