import type { Chart } from 'cdk8s';
import { Deployment, DeploymentStrategy, Service, ServiceAccount, type ContainerProps, type WorkloadProps } from 'cdk8s-plus-27';
import { labelsFor } from './context';
import { checksumOf } from './storage';

/**
 * The shape Prometheus, Grafana, Jaeger, Loki and the feedback controller share here: one replica of
 * one hardened container, its own ServiceAccount without an API token, the pod rolled when
 * a mounted generated file changes, and a Service in front. One replica because each keeps
 * its state on a ReadWriteOnce claim or in memory (see docs/deployment.md for scaling), or,
 * for the controller, because a second one would act on the same signal again.
 */
export interface SingleInstanceProps {
  readonly name: string;
  /** `app.kubernetes.io/component`: metrics, alerting, dashboards, traces, logs. */
  readonly component: string;
  /** The unprivileged user the image runs as; also the fsGroup that makes volumes writable. */
  readonly user: number;
  /** The generated files the pod mounts: their checksum rolls the pod when one changes. */
  readonly mountedFiles: readonly string[];
  /** A hardenedContainer(...) with its volume mounts and environment. */
  readonly container: ContainerProps;
  readonly servicePorts: readonly { readonly name: string; readonly port: number }[];
}

/**
 * The pod side every server of the stack shares, one replica or several: its labels, its own
 * ServiceAccount without an API token, the image's user (and fsGroup, so volumes are
 * writable), and the checksum of the mounted generated files.
 */
export function serverPod(chart: Chart, props: Pick<SingleInstanceProps, 'name' | 'user' | 'mountedFiles'>): WorkloadProps {
  const labels = labelsFor(props.name);
  const serviceAccount = new ServiceAccount(chart, `${props.name}-sa`, { metadata: { name: props.name, labels }, automountToken: false });
  return {
    metadata: { name: props.name, labels },
    // Nothing mounted, nothing to roll on: no checksum of nothing.
    podMetadata: { labels, ...(props.mountedFiles.length > 0 ? { annotations: { 'checksum/config': checksumOf(...props.mountedFiles) } } : {}) },
    serviceAccount,
    automountServiceAccountToken: false,
    securityContext: { ensureNonRoot: true, user: props.user, group: props.user, fsGroup: props.user },
    select: true,
  };
}

export function addSingleInstance(chart: Chart, props: SingleInstanceProps): Deployment {
  const labels = labelsFor(props.name);
  const deployment = new Deployment(chart, props.name, {
    ...serverPod(chart, props),
    replicas: 1,
    // A ReadWriteOnce claim must be let go by the old pod before the new one starts.
    strategy: DeploymentStrategy.recreate(),
    containers: [props.container],
  });
  deployment.metadata.addLabel('app.kubernetes.io/component', props.component);
  new Service(chart, `${props.name}-service`, {
    metadata: { name: props.name, labels },
    selector: deployment,
    ports: props.servicePorts.map((p) => ({ name: p.name, port: p.port, targetPort: p.port })),
  });
  return deployment;
}
