import { ApiObject, JsonPatch, type Chart } from 'cdk8s';
import { ConfigMap, EnvFieldPaths, EnvValue, PodManagementPolicy, Protocol, Secret, Service, StatefulSet, StatefulSetUpdateStrategy, Volume } from 'cdk8s-plus-27';
import { IntOrString, KubePodDisruptionBudget } from 'cdk8s-plus-27/lib/imports/k8s';
import { alertmanagerDeploy } from '../config';
import { SERVICES } from '../../core/services';
import { fileContent, labelsFor, type StackContext } from './context';
import { hardenedContainer } from './hardened';
import { serverPod } from './single-instance';
import { addClaimPerReplica, scratchVolume } from './storage';

/**
 * This stack's own Alertmanager (the `plain` set): out/alertmanager/alertmanager.yaml
 * verbatim, whose receivers read their webhook URLs, keys and passwords from files under
 * the alerting settings' secretsDir. Those files come from a Secret the operator creates:
 * the manifests only name it, so no secret value is ever generated or committed.
 *
 * Highly available: a StatefulSet of `alertmanager.replicas` peers that gossip silences and
 * the notification log, each keeping them on a claim of its own. Prometheus sends every alert
 * to every replica (rules/settings.ts); the peers agree among themselves who notifies, so one
 * notification goes out however many replicas got the alert.
 */
export function addAlertmanager(chart: Chart, context: StackContext): StatefulSet {
  const { config } = context;
  const { replicas, storageSize, storageClass } = alertmanagerDeploy(config);
  const { name, port, clusterPort, peersService } = SERVICES.alertmanager;
  const labels = labelsFor(name);
  const configYaml = fileContent(context, 'alertmanager/alertmanager.yaml');
  const user = 65534;

  const configMap = new ConfigMap(chart, 'alertmanager-config', { metadata: { name: `${name}-config`, labels }, data: { 'alertmanager.yaml': configYaml } });
  // A reference by name, not an object of this chart.
  const receivers = Secret.fromSecretName(chart, 'alertmanager-receivers', config.alertmanagerSecret);

  // Headless, and listing replicas before they are ready: it gives each pod the DNS name its
  // peers dial at start (`<name>-<i>.<peersService>`), which must resolve before any is ready.
  const peers = new Service(chart, 'alertmanager-peers-service', {
    metadata: { name: peersService, labels },
    clusterIP: 'None',
    ports: [
      { name: 'http', port, targetPort: port },
      { name: 'cluster-tcp', port: clusterPort, targetPort: clusterPort, protocol: Protocol.TCP },
      { name: 'cluster-udp', port: clusterPort, targetPort: clusterPort, protocol: Protocol.UDP },
    ],
  });
  ApiObject.of(peers).addJsonPatch(JsonPatch.add('/spec/publishNotReadyAddresses', true));

  const peerFlags = Array.from({ length: replicas }, (_, i) => `--cluster.peer=${name}-${i}.${peersService}.${config.namespace}.svc:${clusterPort}`);
  const container = hardenedContainer({
    name,
    image: config.images.alertmanager,
    args: [
      '--config.file=/etc/alertmanager/alertmanager.yaml',
      '--storage.path=/alertmanager',
      `--cluster.listen-address=0.0.0.0:${clusterPort}`,
      // The pod IP: the wildcard listen address is no address a peer can dial back.
      `--cluster.advertise-address=$(POD_IP):${clusterPort}`,
      ...peerFlags,
    ],
    ports: [
      { name: 'http', number: port },
      { name: 'cluster-tcp', number: clusterPort },
    ],
    probe: { path: '/-/healthy', readinessPath: '/-/ready', port },
    cpuMillis: { request: 50, limit: 200 },
    memoryMiB: { request: 64, limit: 256 },
    user,
  });

  const set = new StatefulSet(chart, name, {
    ...serverPod(chart, { name, user, mountedFiles: [configYaml] }),
    replicas,
    service: peers,
    // All at once: a peer that is not up yet is dialled again, and none waits for another to start.
    podManagementPolicy: PodManagementPolicy.PARALLEL,
    // One replica at a time, the highest ordinal first: the others keep notifying meanwhile.
    strategy: StatefulSetUpdateStrategy.rollingUpdate(),
    containers: [
      {
        ...container,
        ports: [...(container.ports ?? []), { name: 'cluster-udp', number: clusterPort, protocol: Protocol.UDP }],
        envVariables: { POD_IP: EnvValue.fromFieldRef(EnvFieldPaths.POD_IP) },
        volumeMounts: [
          // By subPath, so the secrets can sit beside it in /etc/alertmanager/secrets.
          { path: '/etc/alertmanager/alertmanager.yaml', subPath: 'alertmanager.yaml', volume: Volume.fromConfigMap(chart, 'alertmanager-config-volume', configMap, { name: 'config' }), readOnly: true },
          { path: context.alerting.settings.secretsDir, volume: Volume.fromSecret(chart, 'alertmanager-secrets-volume', receivers, { name: 'receiver-secrets', defaultMode: 0o440 }), readOnly: true },
          { path: '/tmp', volume: scratchVolume(chart, 'alertmanager-tmp', 'tmp') },
        ],
      },
    ],
  });
  set.metadata.addLabel('app.kubernetes.io/component', 'alerting');
  // Silences and the notification log outlive the pod: a restarted replica starts from them.
  addClaimPerReplica(set, { size: storageSize, ...(storageClass ? { storageClass } : {}), path: '/alertmanager', labels });
  // Replicas on different nodes where the cluster has them; soft, so a one-node cluster still runs them all.
  set.scheduling.separate(set, { weight: 100 });

  // Clients (the CLI, people) reach any one replica: they all hold the same alerts and silences.
  new Service(chart, 'alertmanager-service', { metadata: { name, labels }, selector: set, ports: [{ name: 'http', port, targetPort: port }] });
  // A drain takes one replica at a time, so the cluster always has a peer that notifies.
  new KubePodDisruptionBudget(chart, 'alertmanager-pdb', {
    metadata: { name, labels },
    spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: set.matchLabels } },
  });
  return set;
}
