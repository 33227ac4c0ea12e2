import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { getStringFromEnv } from '@opentelemetry/core';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
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
export function servePrometheus(given: PrometheusOptions, metricProducers: MetricProducer[] = []) {
  const options = readPrometheusOptions(given);
  const host = options.host ?? getStringFromEnv('OTEL_EXPORTER_PROMETHEUS_HOST') ?? '127.0.0.1';
  const path = options.endpoint ?? '/metrics';
  const reader = new PrometheusExporter({ preventServerStart: true, endpoint: path, withoutScopeInfo: options.withoutScopeInfo ?? false, metricProducers });
  const server: Server = createServer((request, response) => {
    let pathname: string | undefined;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      // A request line no URL parser takes (`GET //[`): thrown here, it would be an uncaught
      // exception of the agent's process, sent by any client that can reach the port.
    }
    if (pathname === path) {
      reader.getMetricsRequestHandler(request, response);
    } else {
      response.statusCode = pathname === undefined ? 400 : 404;
      response.end();
    }
  });
  server.unref(); // a scrape endpoint must not keep an agent alive
  const port = options.port;
  const url = new Promise<string | undefined>((resolve) => {
    const fail = (why: string, error?: unknown) => {
      diag.error(`aqe-telemetry: Prometheus endpoint ${why}; no endpoint is served`, error);
      reportExportFailure('metrics', 'prometheus');
      resolve(undefined);
    };
    // listen() throws at once on a port out of range (OTEL_EXPORTER_PROMETHEUS_PORT=94640): a
    // promise rejected here would reach no handler and end the agent's process.
    if (port === undefined || !Number.isInteger(port) || port < 0 || port > 65_535) {
      fail(`port ${String(port)} is not a port (0 to 65535)`);
      return;
    }
    try {
      server.once('error', (error) => fail(`${host}:${port} failed`, error));
      server.listen(port, host, () => {
        const { port: chosen } = server.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${chosen}${path}`);
      });
    } catch (error) {
      fail(`${host}:${port} could not listen`, error);
    }
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { reader, url, close };
}

/**
 * The options as listen() and the exporter can take them: an untyped caller's host that is
 * not a string made listen() throw inside the URL promise, and a path that does not start
 * with `/` can never match a request. A field of the wrong type is left out (its default
 * applies); a port that is not a number is reported like one out of range.
 */
function readPrometheusOptions(given: unknown): { port?: number; host?: string; endpoint?: string; withoutScopeInfo?: boolean } {
  try {
    if (typeof given !== 'object' || given === null) return {};
    const { port, host, endpoint, withoutScopeInfo } = given as Record<string, unknown>;
    return {
      ...(typeof port === 'number' ? { port } : {}),
      ...(typeof host === 'string' && host !== '' ? { host } : {}),
      ...(typeof endpoint === 'string' && endpoint.startsWith('/') ? { endpoint } : {}),
      ...(typeof withoutScopeInfo === 'boolean' ? { withoutScopeInfo } : {}),
    };
  } catch (error) {
    diag.warn('aqe-telemetry: the Prometheus endpoint options could not be read', error);
    return {};
  }
}
