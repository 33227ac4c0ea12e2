import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * Loopback stand-ins for the services the generated Alertmanager receivers talk to: a Slack
 * incoming webhook (`/slack/<channel>`), the PagerDuty Events API v2 (`/pagerduty/v2/enqueue`)
 * and generic webhooks (`/webhook/<channel>`). Each parses what its real counterpart would get
 * and keeps it as a Notification; e-mail is smtp-receiver.ts. The receivers' own config is
 * the generated one: only the URLs in their secret files and PagerDuty's `url` point here.
 */
export type ReceiverKind = 'slack' | 'pagerduty' | 'email' | 'webhook';

export interface Notification {
  readonly kind: ReceiverKind;
  /** The channel (Alertmanager receiver) it was sent for. */
  readonly channel: string;
  readonly status: 'firing' | 'resolved';
  /** The group's alert name (each group has one: routes group by alertname). */
  readonly alertname: string;
  /** Everything a person reads: title, text, summary, details, body. */
  readonly text: string;
  /** The severity the service was told, where it has one (PagerDuty). */
  readonly severity?: string;
  readonly receivedAt: number;
  /** The request as received (JSON), or the raw message (e-mail). */
  readonly raw: unknown;
}

export interface NotificationSink {
  readonly notifications: Notification[];
  readonly listeners: ((n: Notification) => void)[];
}

export function notificationSink(onNotification?: (n: Notification) => void): NotificationSink {
  return { notifications: [], listeners: onNotification ? [onNotification] : [] };
}

export function record(sink: NotificationSink, notification: Notification): void {
  sink.notifications.push(notification);
  for (const listen of sink.listeners) listen(notification);
}

/** `[FIRING:2] AlertName ...`: the status and alert name of Alertmanager's default titles and subjects. */
export function parseTitle(title: string): { status: 'firing' | 'resolved'; alertname: string } | undefined {
  const match = /\[(FIRING|RESOLVED)(?::\d+)?\]\s+(\S+)/.exec(title);
  return match ? { status: match[1] === 'FIRING' ? 'firing' : 'resolved', alertname: match[2]! } : undefined;
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

interface SlackPayload {
  channel?: string;
  attachments?: { title?: string; text?: string; fallback?: string }[];
}
interface PagerDutyEvent {
  routing_key?: string;
  dedup_key?: string;
  event_action?: string;
  payload?: { summary?: string; severity?: string; custom_details?: Record<string, unknown> };
  links?: { href?: string; text?: string }[];
}
interface WebhookPayload {
  status?: string;
  receiver?: string;
  commonLabels?: Record<string, string>;
  alerts?: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[];
}

function fromSlack(channel: string, body: SlackPayload): Omit<Notification, 'receivedAt' | 'raw'> | undefined {
  const attachment = body.attachments?.[0];
  const parsed = parseTitle(attachment?.title ?? attachment?.fallback ?? '');
  if (!parsed) return undefined;
  return { kind: 'slack', channel, ...parsed, text: [attachment?.title, attachment?.text].join('\n') };
}

function fromPagerDuty(channel: string, body: PagerDutyEvent): Omit<Notification, 'receivedAt' | 'raw'> | undefined {
  if (!body.routing_key || !body.payload?.summary || (body.event_action !== 'trigger' && body.event_action !== 'resolve')) return undefined;
  const alertname = body.payload.summary.split(':')[0] ?? '';
  const text = [body.payload.summary, JSON.stringify(body.payload.custom_details ?? {}), ...(body.links ?? []).map((l) => l.href)].join('\n');
  return { kind: 'pagerduty', channel, status: body.event_action === 'trigger' ? 'firing' : 'resolved', alertname, text, severity: body.payload.severity };
}

function fromWebhook(channel: string, body: WebhookPayload): Omit<Notification, 'receivedAt' | 'raw'> | undefined {
  if (!body.alerts || (body.status !== 'firing' && body.status !== 'resolved')) return undefined;
  const text = body.alerts.map((a) => [...Object.entries(a.labels), ...Object.entries(a.annotations)].map(([k, v]) => `${k}=${v}`).join('\n')).join('\n\n');
  return { kind: 'webhook', channel, status: body.status, alertname: body.commonLabels?.alertname ?? body.alerts[0]?.labels.alertname ?? '', text };
}

export interface RunningHttpReceivers {
  /** Base URL: Slack webhooks are `${url}/slack/<channel>`, PagerDuty `${url}/pagerduty/v2/enqueue`. */
  readonly url: string;
  /** PagerDuty's routing keys by the channel they were configured for (to tell the channels apart). */
  readonly pagerdutyKeys: Map<string, string>;
  stop(): Promise<void>;
}

/**
 * One HTTP server for the three HTTP receivers. A request that is not what the real service
 * accepts gets 400, as there (Alertmanager then logs and retries: the tests see nothing arrive).
 */
export async function startHttpReceivers(sink: NotificationSink): Promise<RunningHttpReceivers> {
  const pagerdutyKeys = new Map<string, string>();
  const server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => {
      const receivedAt = Date.now();
      const [, kind = '', ...rest] = (request.url ?? '/').split('/');
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        response.writeHead(400).end('invalid JSON');
        return;
      }
      let parsed: Omit<Notification, 'receivedAt' | 'raw'> | undefined;
      if (kind === 'slack') parsed = fromSlack(rest.join('/'), body as SlackPayload);
      else if (kind === 'pagerduty' && rest.join('/') === 'v2/enqueue') {
        const key = (body as PagerDutyEvent).routing_key ?? '';
        const channel = [...pagerdutyKeys].find(([, k]) => k === key)?.[0] ?? `unknown-routing-key:${key}`;
        parsed = fromPagerDuty(channel, body as PagerDutyEvent);
      } else if (kind === 'webhook') parsed = fromWebhook(rest.join('/'), body as WebhookPayload);
      if (!parsed) {
        response.writeHead(400).end(`not a ${kind || 'known'} notification`);
        return;
      }
      record(sink, { ...parsed, receivedAt, raw: body });
      if (kind === 'pagerduty') {
        response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (body as PagerDutyEvent).dedup_key }));
      } else {
        response.writeHead(200).end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pagerdutyKeys,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
