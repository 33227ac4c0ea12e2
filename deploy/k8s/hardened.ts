import { Duration, Size } from 'cdk8s';
import { Capability, Cpu, Probe, type ContainerProps } from 'cdk8s-plus-27';

/**
 * The container rules every workload of the stack follows (and the policy test checks):
 * requests and limits, liveness and readiness probes, non-root, read-only root file
 * system, no privilege escalation, every capability dropped. A container states only what
 * is its own (image, ports, probe path, sizes).
 */

export interface HardenedContainerProps {
  readonly name: string;
  readonly image: string;
  readonly args?: string[];
  readonly ports: { readonly name: string; readonly number: number }[];
  /**
   * What the kubelet probes for liveness and readiness: an HTTP path and port, or, for a
   * run-to-completion container that serves nothing, a command.
   */
  readonly probe: { readonly path: string; readonly port: number; readonly readinessPath?: string } | { readonly exec: string[] };
  readonly cpuMillis: { readonly request: number; readonly limit: number };
  readonly memoryMiB: { readonly request: number; readonly limit: number };
  /** The image's own unprivileged user (most official images have one). */
  readonly user: number;
  readonly group?: number;
}

function probes(probe: HardenedContainerProps['probe']): Pick<ContainerProps, 'liveness' | 'readiness'> {
  if ('exec' in probe) {
    const command = Probe.fromCommand(probe.exec, { periodSeconds: Duration.seconds(30), timeoutSeconds: Duration.seconds(5), failureThreshold: 3 });
    return { liveness: command, readiness: command };
  }
  return {
    liveness: Probe.fromHttpGet(probe.path, { port: probe.port, initialDelaySeconds: Duration.seconds(10), periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
    readiness: Probe.fromHttpGet(probe.readinessPath ?? probe.path, { port: probe.port, periodSeconds: Duration.seconds(5) }),
  };
}

export function hardenedContainer(props: HardenedContainerProps): ContainerProps {
  return {
    name: props.name,
    image: props.image,
    args: props.args,
    ports: props.ports.map((p) => ({ name: p.name, number: p.number })),
    resources: {
      cpu: { request: Cpu.millis(props.cpuMillis.request), limit: Cpu.millis(props.cpuMillis.limit) },
      memory: { request: Size.mebibytes(props.memoryMiB.request), limit: Size.mebibytes(props.memoryMiB.limit) },
    },
    ...probes(props.probe),
    securityContext: {
      ensureNonRoot: true,
      user: props.user,
      group: props.group ?? props.user,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      // cdk8s-plus lists capabilities one by one; "ALL" is what Kubernetes takes for all of them.
      capabilities: { drop: ['ALL' as Capability] },
    },
  };
}
