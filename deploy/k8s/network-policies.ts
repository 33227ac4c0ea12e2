import type { Chart } from 'cdk8s';
import { IntOrString, KubeNetworkPolicy, type NetworkPolicyPeer } from 'cdk8s-plus-27/lib/imports/k8s';
import { SERVICES } from '../../core/services';
import { labelsFor, type StackContext } from './context';
import { REPORTS_NAME } from './reports';

/**
 * Ingress is denied in the namespace except for the paths the stack uses: one policy per
 * receiving component, listing who may reach which of its ports. Policies add up, so a
 * path is open only when one of them names it. Kubelet probes need no rule.
 *
 * Egress stays open: the collector exports to vendors, the Alertmanager and the reports
 * reach Slack, PagerDuty and SMTP, and Prometheus scrapes the agents' namespace, all at
 * addresses no namespace or pod selector can name.
 */

const NAME = 'app.kubernetes.io/name';
/** Set by Kubernetes (1.21+) on every namespace. */
const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

const pods = (name: string) => ({ matchLabels: { [NAME]: name } });
/** A pod of this namespace, by the name labelsFor() gives it. */
const local = (name: string): NetworkPolicyPeer => ({ podSelector: pods(name) });
const on = (protocol: 'TCP' | 'UDP', ...ports: number[]) => ports.map((port) => ({ protocol, port: IntOrString.fromNumber(port) }));
const tcp = (...ports: number[]) => on('TCP', ...ports);

export function addNetworkPolicies(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { ports } = config.collector;
  const labels = labelsFor('aqe-network-policies');
  const policy = (name: string, target: string, ingress: { from: NetworkPolicyPeer[]; ports: ReturnType<typeof tcp> }[]) =>
    new KubeNetworkPolicy(chart, `allow-${name}`, {
      metadata: { name: `allow-${name}`, labels },
      spec: { podSelector: pods(target), policyTypes: ['Ingress'], ingress },
    });

  new KubeNetworkPolicy(chart, 'default-deny-ingress', {
    metadata: { name: 'default-deny-ingress', labels },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });

  const agents: NetworkPolicyPeer = { namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: config.agentsNamespace } } };
  policy('otel-collector-ingress', SERVICES.collector.name, [
    // Telemetry from the agents' namespace, and the feedback controller's own, to the OTLP ports only.
    { from: [agents, local(SERVICES.feedback.name)], ports: tcp(ports.otlpGrpc, ports.otlpHttp) },
    // Scraped by this stack's Prometheus or, with the prometheus-operator set, the operator's
    // (its pods carry app.kubernetes.io/name=prometheus in its own namespace).
    {
      from: [
        local(SERVICES.prometheus.name),
        { namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: config.prometheusOperator.namespace } }, podSelector: pods('prometheus') },
      ],
      ports: tcp(ports.prometheus, ports.telemetry),
    },
  ]);

  const prometheusClients = [local(SERVICES.prometheus.name), local(SERVICES.grafana.name), local(REPORTS_NAME), local(SERVICES.feedback.name)];
  // KEDA's operator asks Prometheus for the queue depth, from whichever namespace it runs in.
  if (config.keda) prometheusClients.push({ namespaceSelector: {}, podSelector: pods('keda-operator') });
  policy('prometheus-ingress', SERVICES.prometheus.name, [{ from: prometheusClients, ports: tcp(SERVICES.prometheus.port) }]);

  const alertmanager = SERVICES.alertmanager;
  policy('alertmanager-ingress', alertmanager.name, [
    { from: [local(SERVICES.prometheus.name)], ports: tcp(alertmanager.port) },
    // The replicas' gossip: memberlist probes over UDP and syncs state over TCP, on one port.
    { from: [local(alertmanager.name)], ports: [...tcp(alertmanager.clusterPort), ...on('UDP', alertmanager.clusterPort)] },
  ]);

  policy('jaeger-ingress', SERVICES.jaeger.name, [
    { from: [local(SERVICES.collector.name)], ports: tcp(SERVICES.jaeger.otlpGrpcPort) },
    { from: [local(SERVICES.grafana.name)], ports: tcp(SERVICES.jaeger.queryPort) },
  ]);

  // Agent processes follow the controller's adaptations from their own namespace.
  policy('feedback-ingress', SERVICES.feedback.name, [{ from: [agents], ports: tcp(SERVICES.feedback.port) }]);

  policy('loki-ingress', SERVICES.loki.name, [{ from: [local(SERVICES.collector.name), local(SERVICES.grafana.name)], ports: tcp(SERVICES.loki.port) }]);
}
