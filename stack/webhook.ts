import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The receiver of a local stack: Alertmanager posts each channel's notifications to
 * `/<channel>`; every delivered alert is kept (and printed by `npm run stack`).
 */
export interface DeliveredAlert {
  readonly channel: string;
  readonly alertname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly status: string;
  /** When the webhook received it (ms since the epoch). */
  readonly receivedAt: number;
}

export interface RunningWebhook {
  readonly url: string;
  readonly delivered: readonly DeliveredAlert[];
  stop(): Promise<void>;
}

export async function startWebhook(onAlert?: (alert: DeliveredAlert) => void): Promise<RunningWebhook> {
  const delivered: DeliveredAlert[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const receivedAt = Date.now();
      try {
        const payload = JSON.parse(body) as { alerts?: { status: string; labels: Record<string, string> }[] };
        for (const a of payload.alerts ?? []) {
          const alert = { channel: (request.url ?? '/').slice(1), alertname: a.labels.alertname ?? '', labels: a.labels, status: a.status, receivedAt };
          delivered.push(alert);
          onAlert?.(alert);
        }
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    delivered,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
