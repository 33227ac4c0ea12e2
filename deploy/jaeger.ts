import type { TraceStore } from './config';
import { SERVICES } from '../core/services';

/** The health check extension's port; the kubelet probes its status path. */
export const HEALTH_PORT = 13133;
/** Badger's files on the claim (subdirectories: the volume root may hold lost+found). */
export const BADGER_DIR = '/badger';
/** The one storage backend, named once for the exporter and the query extension. */
const STORE = 'traces_main';
/** Jaeger's own metrics (it is a collector build: `service.telemetry`). */
export const JAEGER_TELEMETRY_PORT = 8888;
/** The query service's gRPC API (the HTTP API and UI are on SERVICES.jaeger.queryPort). */
export const JAEGER_QUERY_GRPC_PORT = 16685;

/**
 * Where Jaeger listens and keeps its files. In a pod: every interface, the standard ports, the
 * claim at BADGER_DIR; a local stack (stack/) changes only these.
 */
export interface JaegerAddresses {
  readonly listenHost: string;
  readonly otlpGrpcPort: number;
  readonly queryHttpPort: number;
  readonly queryGrpcPort: number;
  readonly healthPort: number;
  readonly telemetryPort: number;
  readonly badgerDir: string;
}

export const PRODUCTION_JAEGER_ADDRESSES: JaegerAddresses = {
  listenHost: '0.0.0.0',
  otlpGrpcPort: SERVICES.jaeger.otlpGrpcPort,
  queryHttpPort: SERVICES.jaeger.queryPort,
  queryGrpcPort: JAEGER_QUERY_GRPC_PORT,
  healthPort: HEALTH_PORT,
  telemetryPort: JAEGER_TELEMETRY_PORT,
  badgerDir: BADGER_DIR,
};

/**
 * Jaeger v2, all in one: it is an OpenTelemetry Collector build, configured like one. OTLP
 * gRPC in (from our collector), spans written to Badger on a claim (or to Elasticsearch or
 * OpenSearch when `store` is given), the query UI/API that
 * Grafana's Jaeger data source reads. Listeners are bound explicitly because collector
 * components default to localhost.
 */
export function jaegerConfig(addresses: JaegerAddresses = PRODUCTION_JAEGER_ADDRESSES, store?: TraceStore): Record<string, unknown> {
  const { listenHost: host, badgerDir } = addresses;
  const backend = store
    ? { [store.kind]: { server_urls: [...store.urls], indices: { index_prefix: store.indexPrefix ?? 'aqe' } } }
    : { badger: { directories: { keys: `${badgerDir}/keys`, values: `${badgerDir}/values` }, ephemeral: false } };
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: `${host}:${addresses.otlpGrpcPort}` } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
    extensions: {
      jaeger_storage: {
        backends: { [STORE]: backend },
      },
      // The UI and the HTTP API (what Grafana's Jaeger data source and `aqe telemetry trace` read).
      jaeger_query: {
        storage: { traces: STORE },
        // On by default in v2: Jaeger would trace its own queries over OTLP to localhost:4317,
        // i.e. into the fleet's trace store. Off: the store holds the fleet's traces only.
        enable_tracing: false,
        http: { endpoint: `${host}:${addresses.queryHttpPort}` },
        grpc: { endpoint: `${host}:${addresses.queryGrpcPort}` },
      },
      healthcheckv2: { use_v2: true, http: { endpoint: `${host}:${addresses.healthPort}`, status: { enabled: true, path: '/status' } } },
    },
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
      telemetry: { metrics: { level: 'normal', readers: [{ pull: { exporter: { prometheus: { host, port: addresses.telemetryPort } } } }] } },
    },
  };
}
