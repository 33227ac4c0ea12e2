import { createServer, type Server } from 'node:http';
import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOY } from '../../deploy/config';
import { SERVICES } from '../../core/services';
import { DATASOURCES } from '../../dashboards-src/datasources';
import { SETTINGS } from '../../rules/settings';
import { resolvePrometheusSettings } from '../../generators/resolve-settings';
import { DEFAULT_OTLP_HTTP_ENDPOINT, initializeTelemetry, shutdownTelemetry } from '../../runtime/bootstrap';

/** The places that must agree on where things listen, and the runtime's real default endpoint. */

describe('ports and names agree across the stack', () => {
  it('the collector OTLP HTTP port is the runtime default, and Prometheus scrapes the exporter port', () => {
    expect(new URL(DEFAULT_OTLP_HTTP_ENDPOINT).port).toBe(String(DEPLOY.collector.ports.otlpHttp));
    const prometheus = resolvePrometheusSettings(SETTINGS.prometheus, DEPLOY);
    expect(prometheus.collectorPort).toBe(DEPLOY.collector.ports.prometheus);
    expect(prometheus.collectorTelemetryPort).toBe(DEPLOY.collector.ports.telemetry);
    expect(prometheus.collectorDnsName.startsWith(`${SERVICES.collector.name}-metrics.${DEPLOY.namespace}.`)).toBe(true);
    expect(prometheus.alertmanagerDnsName).toBe(`${SERVICES.alertmanager.peersService}.${DEPLOY.namespace}.svc`);
    expect(prometheus.alertmanagerPort).toBe(SERVICES.alertmanager.port);
  });

  it('Grafana reads Prometheus, Jaeger and Loki at their Services', () => {
    expect(DATASOURCES.prometheus.url).toBe(`http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}`);
    expect(DATASOURCES.jaeger.url).toBe(`http://${SERVICES.jaeger.name}:${SERVICES.jaeger.queryPort}`);
    expect(DATASOURCES.loki.url).toBe(`http://${SERVICES.loki.name}:${SERVICES.loki.port}`);
  });
});

describe('the runtime with no OTLP endpoint configured', () => {
  const servers: Server[] = [];
  const paths: string[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it(`sends to ${DEFAULT_OTLP_HTTP_ENDPOINT}, the port the collector listens on`, async () => {
    const { port } = new URL(DEFAULT_OTLP_HTTP_ENDPOINT);
    // localhost may resolve to either loopback address: listen on both.
    for (const host of ['127.0.0.1', '::1']) {
      const server = createServer((req, res) => {
        paths.push(req.url ?? '');
        req.resume();
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) => (e.code === 'EADDRNOTAVAIL' ? resolve() : reject(new Error(`port ${port} on ${host} is busy: ${e.message}`))));
        server.listen(Number(port), host, () => resolve());
      });
      servers.push(server);
    }
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('OTEL_EXPORTER_OTLP')) delete process.env[key];
    try {
      initializeTelemetry({ serviceName: 'default-endpoint-test' });
      trace.getTracer('test').startSpan('probe').end();
      await shutdownTelemetry();
    } finally {
      process.env = saved;
    }
    expect(paths).toContain('/v1/traces');
  });
});
