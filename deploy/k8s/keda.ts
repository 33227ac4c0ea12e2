import { ApiObject, type Chart } from 'cdk8s';
import { promql } from '../../core/promql';
import { queueDepth } from '../../schema/metrics/performance';
import { SERVICES } from '../../core/services';
import { labelsFor, type StackContext } from './context';

/**
 * Spec 10.2: KEDA scales the agent workers on the task queue. The ScaledObject lives next
 * to the Deployment it scales (the agents' namespace) and asks this stack's Prometheus for
 * the queue depth; KEDA computes replicas = ceil(depth / tasksPerReplica) within min..max.
 */
/**
 * The depth KEDA scales on, summed over priorities and reporting agents like the operations
 * dashboard's panel. Built with the tag from the schema handle (a renamed metric renames the
 * query) and exported so the PromQL checker sees it (test/architecture/promql-checked.test.ts).
 */
export const KEDA_QUEUE_QUERY = promql`sum(${queueDepth})`;

export function addKeda(chart: Chart, context: StackContext): void {
  const { config } = context;
  const keda = config.keda;
  if (!keda) return;
  new ApiObject(chart, 'agent-workers-scaler', {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: keda.deployment, namespace: config.agentsNamespace, labels: labelsFor('aqe-autoscaling') },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: keda.deployment },
      minReplicaCount: keda.minReplicas,
      maxReplicaCount: keda.maxReplicas,
      triggers: [
        {
          type: 'prometheus',
          metadata: {
            serverAddress: `http://${SERVICES.prometheus.name}.${config.namespace}.svc:${SERVICES.prometheus.port}`,
            query: KEDA_QUEUE_QUERY.text,
            // KEDA trigger metadata is a map of strings.
            threshold: String(keda.tasksPerReplica),
          },
        },
      ],
    },
  });
}
