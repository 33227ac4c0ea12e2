import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeLogsRequest, type ReceivedLogRecord } from './otlp-logs';
import { readBody } from './receivers';

/**
 * Stands in for Loki's OTLP endpoint (Loki is AGPL and not run here): accepts
 * `POST /otlp/v1/logs` in protobuf, gzip-compressed or not (what the collector's otlp_http exporter sends),
 * and keeps every log record, so a test can check what the log path delivered.
 */
export interface RunningLogSink {
  /** The base URL the collector's Loki exporter is pointed at (`.../otlp`). */
  readonly otlpUrl: string;
  readonly records: readonly ReceivedLogRecord[];
  stop(): Promise<void>;
}

export async function startLogSink(): Promise<RunningLogSink> {
  const records: ReceivedLogRecord[] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      if (request.method !== 'POST' || request.url !== '/otlp/v1/logs') {
        response.writeHead(404).end();
        return;
      }
      try {
        const type = request.headers['content-type'] ?? '';
        if (!type.startsWith('application/x-protobuf')) throw new Error(`content type ${type}: the collector sends protobuf`);
        records.push(...decodeLogsRequest(body));
        // An empty ExportLogsServiceResponse: no partial success to report.
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(Buffer.alloc(0));
      } catch (error) {
        response.writeHead(400).end(error instanceof Error ? error.message : String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    otlpUrl: `http://127.0.0.1:${port}/otlp`,
    records,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
