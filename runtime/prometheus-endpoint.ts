import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { getStringFromEnv } from '@opentelemetry/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { reportExportFailure } from './self-health';

/** Options of the Prometheus pull endpoint. */
export interface PrometheusOptions {
  /** 0 picks a free port; read the chosen one from {@link TelemetryHandle.prometheusUrl}. */
  readonly port: number;
  /**
   * Loopback by default, so a laptop run exposes nothing; in a pod use `0.0.0.0`.
   * @default OTEL_EXPORTER_PROMETHEUS_HOST or '127.0.0.1'
   */
  readonly host?: string;
  /** @default '/metrics' */
  readonly endpoint?: string;
  /** Keeps the `otel_scope_*` labels unless set; the dashboards do not rely on them. @default false */
  readonly withoutScopeInfo?: boolean;
}

/**
 * Our own HTTP server around the exporter's request handler, instead of the exporter's
 * built-in one: that one treats port 0 as "use 9464" and never says where it listens.
 */
export function servePrometheus(options: PrometheusOptions) {
  const host = options.host ?? getStringFromEnv('OTEL_EXPORTER_PROMETHEUS_HOST') ?? '127.0.0.1';
  const path = options.endpoint ?? '/metrics';
  const reader = new PrometheusExporter({ preventServerStart: true, endpoint: path, withoutScopeInfo: options.withoutScopeInfo ?? false });
  const server: Server = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname === path) {
      reader.getMetricsRequestHandler(request, response);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  server.unref(); // a scrape endpoint must not keep an agent alive
  const url = new Promise<string | undefined>((resolve) => {
    // listen() throws at once on a port out of range (OTEL_EXPORTER_PROMETHEUS_PORT=94640): a
    // promise rejected here would reach no handler and end the agent's process.
    if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
      diag.error(`aqe-telemetry: Prometheus endpoint port ${String(options.port)} is not a port (0 to 65535); no endpoint is served`);
      reportExportFailure('metrics', 'prometheus');
      resolve(undefined);
      return;
    }
    server.once('error', (error) => {
      diag.error(`aqe-telemetry: Prometheus endpoint ${host}:${options.port} failed`, error);
      reportExportFailure('metrics', 'prometheus');
      resolve(undefined);
    });
    server.listen(options.port, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`);
    });
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { reader, url, close };
}
