import type { ControllerMode } from '../core/feedback-mode';
import { ALERTMANAGER, COLLECTOR, GRAFANA_IMAGE, imageRef, JAEGER, LOKI_IMAGE, PROMETHEUS } from '../core/versions';

/**
 * The choices a deployment needs, in one typed place, with documented defaults. Change
 * them here and run `npm run generate`: the collector config and every manifest follow.
 * generators/resolve-deploy.ts checks every value before anything is generated, the way the
 * tool that reads it would (docs/deployment.md, "What is checked before generation").
 */

export interface VendorExporters {
  /** Datadog, over its own exporter; the key comes from `DD_API_KEY` in the collector's environment. */
  readonly datadog?: { readonly site: string };
  /** New Relic over OTLP/HTTP; key from `NEW_RELIC_LICENSE_KEY`. */
  readonly newRelic?: { readonly endpoint: string };
  /** Honeycomb over OTLP/gRPC; key from `HONEYCOMB_API_KEY`. */
  readonly honeycomb?: { readonly endpoint: string };
  /** Dynatrace over OTLP/HTTP (`https://<env>.live.dynatrace.com/api/v2/otlp`); token from `DT_API_TOKEN`. */
  readonly dynatrace?: { readonly endpoint: string };
}

export interface RemoteWrite {
  readonly url: string;
  readonly tenant?: string;
}

export interface TraceStore {
  readonly kind: 'elasticsearch' | 'opensearch';
  readonly urls: readonly string[];
  /** @default 'aqe' */
  readonly indexPrefix?: string;
}

/**
 * This stack's own Alertmanager (the `plain` set): a cluster of replicas that gossip silences
 * and the notification log, each with its own claim (docs/deployment.md, Alertmanager HA).
 */
export interface AlertmanagerDeploy {
  /**
   * Replicas of the StatefulSet, each a peer of the others. Two survive a rolling restart or
   * a lost node with no gap in notifications; more only add another copy of the same state.
   * @default 2
   */
  readonly replicas?: number;
  /** Each replica's claim for silences and the notification log (small: kilobytes to megabytes). @default '1Gi' */
  readonly storageSize?: string;
  /** StorageClass of the claims. @default the cluster's default class */
  readonly storageClass?: string;
}

export interface DeployConfig {
  /** Namespace of the observability stack: an RFC 1123 label (lowercase, digits, '-', at most 63). */
  readonly namespace: string;
  /** Namespace where the agents run: the only one allowed to reach the collector's OTLP ports. */
  readonly agentsNamespace: string;
  /** Pinned images, `registry/repository:tag` or `...@sha256:<digest>`; never `latest`, never untagged. */
  readonly images: {
    readonly collector: string;
    readonly prometheus: string;
    readonly alertmanager: string;
    readonly grafana: string;
    readonly jaeger: string;
    readonly loki: string;
    /** The image with the `aqe telemetry` CLI, for the scheduled reports: built by the repository's Dockerfile and tagged with package.json's version (docs/quickstart.md, section 6). */
    readonly cli: string;
  };
  readonly collector: {
    /** Whole numbers, 1 <= minReplicas <= maxReplicas (the HorizontalPodAutoscaler's range). */
    readonly minReplicas: number;
    readonly maxReplicas: number;
    /** Container memory limit, at least 256; the memory_limiter is derived from it. */
    readonly memoryLimitMiB: number;
    /** Container CPU limit, at least the collector's request of 200 m. */
    readonly cpuLimitMillis: number;
    /**
     * How long the batch processor waits, a Go duration (`1s`, `200ms`; no `d`): part of the 30 s
     * alert budget (docs/alerting.md).
     */
    readonly batchTimeout: string;
    /**
     * How long the Prometheus exporter keeps a series nobody sends any more (an agent that
     * stopped, or moved to another replica). A Go duration, longer than two scrape intervals.
     */
    readonly metricExpiration: string;
    /** 1 to 65535, all different: they share the collector pod. */
    readonly ports: {
      readonly otlpGrpc: number;
      readonly otlpHttp: number;
      /** The Prometheus exporter: the fleet's metrics, scraped by Prometheus. */
      readonly prometheus: number;
      readonly health: number;
      /** The collector's own metrics (`service.telemetry`), scraped by Prometheus. */
      readonly telemetry: number;
    };
  };
  readonly prometheus: {
    /** A Prometheus duration (`30d`); not 0, which Prometheus reads as its default of 15d. */
    readonly retention: string;
    /** Claim sizes here and below: a whole number of Mi, Gi or Ti, more than 0. */
    readonly storageSize: string;
    /**
     * Remote write to a long-term store (Mimir, Thanos Receive, VictoriaMetrics, Cortex): the
     * step after one Prometheus' retention or memory is outgrown (docs/deployment.md, Scaling).
     * `tenant` is sent as `X-Scope-OrgID`. @default none
     */
    readonly remoteWrite?: RemoteWrite;
  };
  /** `retentionPeriod`: a Prometheus-style duration of at least 24h (0 would keep logs forever). */
  readonly loki: { readonly retentionPeriod: string; readonly storageSize: string };
  readonly jaeger: {
    /** The Badger claim, when Jaeger keeps traces itself. */
    readonly storageSize: string;
    /**
     * A scalable trace store instead of Badger on one claim (docs/deployment.md, Scaling):
     * Jaeger then keeps no state and the claim is not created. @default none (Badger)
     */
    readonly store?: TraceStore;
  };
  /** @default see AlertmanagerDeploy */
  readonly alertmanager?: AlertmanagerDeploy;
  /** Name of the Secret the operator creates with the Alertmanager receiver secrets (never generated). */
  readonly alertmanagerSecret: string;
  /** Name of the Secret with the Grafana admin password (key `admin-password`), created by the operator. */
  readonly grafanaAdminSecret: string;
  /** Name of the Secret with vendor API keys, when vendor exporters are on. */
  readonly vendorSecret: string;
  /**
   * For clusters that run prometheus-operator (kube-prometheus-stack): out/k8s/prometheus-operator/
   * holds the rules, scraping and routing as its custom resources, to apply instead of
   * out/k8s/plain/ (this stack's own Prometheus and Alertmanager).
   */
  readonly prometheusOperator: {
    /** Namespace where the operator's Prometheus runs (allowed to scrape the collector). */
    readonly namespace: string;
    /** The `release` label kube-prometheus-stack selects rules and monitors by. */
    readonly releaseLabel: string;
  };
  /**
   * The fleet's one feedback controller (`aqe telemetry feedback serve`, out/k8s/base/feedback):
   * 'dry-run' decides and records every adaptation without publishing it for agents, 'on'
   * publishes them. Start in dry-run, read `feedback status` and the adaptations counter, then
   * switch. @default { mode: 'dry-run' }
   */
  readonly feedback: { readonly mode: ControllerMode };
  /** Scale agent workers on queue depth with KEDA (spec 10.2). */
  readonly keda?: { readonly deployment: string; readonly tasksPerReplica: number; readonly minReplicas: number; readonly maxReplicas: number };
  readonly vendors: VendorExporters;
}

export const DEPLOY: DeployConfig = {
  namespace: 'aqe-observability',
  agentsNamespace: 'aqe-fleet',
  // From the one version table: the tests run these releases, built from their Go modules.
  images: {
    collector: imageRef(COLLECTOR.image),
    prometheus: imageRef(PROMETHEUS.image),
    alertmanager: imageRef(ALERTMANAGER.image),
    grafana: imageRef(GRAFANA_IMAGE),
    jaeger: imageRef(JAEGER.image),
    loki: imageRef(LOKI_IMAGE),
    cli: 'ghcr.io/example-org/aqe-telemetry:0.1.0',
  },
  collector: {
    minReplicas: 2,
    maxReplicas: 6,
    memoryLimitMiB: 1024,
    cpuLimitMillis: 1000,
    batchTimeout: '1s',
    metricExpiration: '5m',
    ports: { otlpGrpc: 4317, otlpHttp: 4318, prometheus: 8889, health: 13133, telemetry: 8888 },
  },
  prometheus: { retention: '30d', storageSize: '50Gi' },
  loki: { retentionPeriod: '720h', storageSize: '20Gi' },
  jaeger: { storageSize: '20Gi' },
  alertmanagerSecret: 'alertmanager-receivers',
  grafanaAdminSecret: 'grafana-admin',
  vendorSecret: 'aqe-vendor-keys',
  prometheusOperator: { namespace: 'monitoring', releaseLabel: 'kube-prometheus-stack' },
  feedback: { mode: 'dry-run' },
  keda: { deployment: 'qe-agent-workers', tasksPerReplica: 10, minReplicas: 1, maxReplicas: 20 },
  vendors: {},
};

/**
 * The Alertmanager settings with their defaults filled in. checkDeploy (generators/resolve-deploy.ts)
 * reports a bad `replicas` with every other problem first; the throw is the last guard for a
 * caller that skipped it.
 */
export function alertmanagerDeploy(config: DeployConfig): AlertmanagerDeploy & Required<Pick<AlertmanagerDeploy, 'replicas' | 'storageSize'>> {
  const { replicas = 2, storageSize = '1Gi', storageClass } = config.alertmanager ?? {};
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new Error(`deploy/config.ts alertmanager.replicas is ${replicas}: it must be a whole number of at least 1 (2 or 3 for high availability)`);
  }
  return { replicas, storageSize, ...(storageClass ? { storageClass } : {}) };
}
