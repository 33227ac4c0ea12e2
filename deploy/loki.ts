import type { DeployConfig } from './config';
import { SERVICES } from '../core/services';

/** Everything Loki writes (chunks, TSDB index, WAL, compactor state) lives on the claim here. */
export const DATA_DIR = '/loki';

/**
 * Loki 3 as a single binary on the filesystem: enough for one fleet's OTLP logs. The
 * collector pushes to /otlp, which needs structured metadata (trace_id, span_id land there,
 * and Grafana's derived field links them to Jaeger). Retention is the compactor's job.
 */
export function lokiConfig(config: DeployConfig): Record<string, unknown> {
  return {
    auth_enabled: false,
    server: { http_listen_port: SERVICES.loki.port, grpc_listen_port: 9095 },
    common: {
      // path_prefix also places the WAL, the TSDB index/cache and the compactor under /loki.
      path_prefix: DATA_DIR,
      replication_factor: 1,
      // Single instance: the ring lives in memory and advertises loopback.
      ring: { kvstore: { store: 'inmemory' } },
      instance_addr: '127.0.0.1',
      storage: { filesystem: { chunks_directory: `${DATA_DIR}/chunks`, rules_directory: `${DATA_DIR}/rules` } },
    },
    schema_config: {
      configs: [{ from: '2024-01-01', store: 'tsdb', object_store: 'filesystem', schema: 'v13', index: { prefix: 'index_', period: '24h' } }],
    },
    limits_config: { allow_structured_metadata: true, retention_period: config.loki.retentionPeriod },
    compactor: { working_directory: `${DATA_DIR}/compactor`, retention_enabled: true, delete_request_store: 'filesystem' },
    // No usage reports from inside the cluster.
    analytics: { reporting_enabled: false },
  };
}
