import { SERVICES } from './services';

/** The health check extension's port; the kubelet probes its status path. */
export const HEALTH_PORT = 13133;
/** Badger's files on the claim (subdirectories: the volume root may hold lost+found). */
export const BADGER_DIR = '/badger';
/** The one storage backend, named once for the exporter and the query extension. */
const STORE = 'badger_main';

/**
 * Jaeger v2, all in one: it is an OpenTelemetry Collector build, configured like one. OTLP
 * gRPC in (from our collector), spans written to Badger on a claim, the query UI/API that
 * Grafana's Jaeger data source reads. Listeners are bound to 0.0.0.0 explicitly because
 * collector components default to localhost.
 */
export function jaegerConfig(): Record<string, unknown> {
  return {
    receivers: { otlp: { protocols: { grpc: { endpoint: `0.0.0.0:${SERVICES.jaeger.otlpGrpcPort}` } } } },
    processors: { batch: {} },
    exporters: { jaeger_storage_exporter: { trace_storage: STORE } },
    extensions: {
      jaeger_storage: {
        backends: { [STORE]: { badger: { directories: { keys: `${BADGER_DIR}/keys`, values: `${BADGER_DIR}/values` }, ephemeral: false } } },
      },
      // Serves the UI and the HTTP API on 16686 (its default port, all interfaces).
      jaeger_query: { storage: { traces: STORE } },
      healthcheckv2: { use_v2: true, http: { endpoint: `0.0.0.0:${HEALTH_PORT}`, status: { enabled: true, path: '/status' } } },
    },
    service: {
      extensions: ['jaeger_storage', 'jaeger_query', 'healthcheckv2'],
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jaeger_storage_exporter'] } },
    },
  };
}
