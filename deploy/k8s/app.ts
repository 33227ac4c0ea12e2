import { App, Chart } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-27';
import { addAlertmanager } from './alertmanager';
import { addCollector } from './collector';
import { addFeedback } from './feedback';
import { labelsFor, type StackContext } from './context';
import { addGrafana } from './grafana';
import { addJaeger } from './jaeger';
import { addKeda } from './keda';
import { addLoki } from './loki';
import { addNetworkPolicies } from './network-policies';
import { addOperator } from './operator';
import { addPrometheus } from './prometheus';
import { addReports } from './reports';

/**
 * The whole stack as cdk8s charts, one per part, each written to
 * out/k8s/<set>/<part>.k8s.yaml. `base` is always applied; then either `plain` (this
 * stack's own Prometheus and Alertmanager) or `prometheus-operator` (the same rules,
 * scraping and routing as the operator's custom resources). KEDA appears when configured.
 */
export type ManifestSet = 'base' | 'plain' | 'prometheus-operator';

export interface StackChart {
  readonly set: ManifestSet;
  readonly name: string;
  readonly chart: Chart;
}

export function buildStack(context: StackContext): StackChart[] {
  const app = new App();
  const charts: StackChart[] = [];
  const part = (set: ManifestSet, name: string, build: (chart: Chart) => void, clusterScoped = false) => {
    const namespace = clusterScoped ? undefined : context.config.namespace;
    const chart = new Chart(app, `${set}-${name}`, { namespace, disableResourceNameHashes: true });
    build(chart);
    charts.push({ set, name, chart });
  };

  part('base', 'namespace', (chart) => {
    new Namespace(chart, 'namespace', { metadata: { name: context.config.namespace, labels: labelsFor('aqe-observability') } });
  }, true);
  part('base', 'otel-collector', (chart) => addCollector(chart, context));
  part('base', 'grafana', (chart) => addGrafana(chart, context));
  part('base', 'jaeger', (chart) => addJaeger(chart, context));
  part('base', 'loki', (chart) => addLoki(chart, context));
  part('base', 'network-policies', (chart) => addNetworkPolicies(chart, context));
  part('base', 'reports', (chart) => addReports(chart, context));
  part('base', 'feedback', (chart) => addFeedback(chart, context));
  if (context.config.keda) part('base', 'keda', (chart) => addKeda(chart, context));
  part('plain', 'prometheus', (chart) => addPrometheus(chart, context));
  part('plain', 'alertmanager', (chart) => addAlertmanager(chart, context));
  part('prometheus-operator', 'monitoring', (chart) => addOperator(chart, context));
  return charts;
}
