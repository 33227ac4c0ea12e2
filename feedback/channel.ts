/**
 * The fleet's adaptation channel: the one controller's current adaptations, published over
 * HTTP for agent processes on any machine (runtime/adaptation-client.ts follows it). The
 * source is the controller's state, what it writes to the state file (`snapshot()`), so the
 * decisions are made once, in the controller; this only serialises them and numbers each
 * change. Counters that move on every run (running, started, refused) are not published:
 * they are one process's bookkeeping, and would make every poll a new generation.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { diag } from '@opentelemetry/api';
import { ADAPTATIONS_PATH, type AdaptationsDocument, type PublishedAdaptation } from '../runtime/adaptation-client';
import type { FeedbackStateFile } from './state-file';

/**
 * The controller's whole state, what the state file holds (history, cooldowns, the last
 * observation error): `aqe telemetry feedback status --controller <url>` reads it, for a
 * controller whose file is inside its pod. Agents read only ADAPTATIONS_PATH.
 */
export const STATE_PATH = '/v1/state';

export interface ChannelOptions {
  /** The controller's state, read on each request: `() => controller.snapshot()`. */
  readonly state: () => FeedbackStateFile;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** '0.0.0.0' in a pod, so that agents on other machines reach it. @default '127.0.0.1' */
  readonly host?: string;
  /** @default Date.now */
  readonly now?: () => number;
}

export interface AdaptationChannel {
  readonly url: string;
  readonly port: number;
  /** The document as it is now (what GET /v1/adaptations answers). */
  document(): AdaptationsDocument;
  close(): Promise<void>;
}

type Published = Omit<AdaptationsDocument, 'version' | 'generation' | 'publishedAt'>;

/** What agents obey, from the controller's state: in dry-run, nothing. */
function published(state: FeedbackStateFile): Published {
  const agentTypes: Record<string, PublishedAdaptation> = {};
  const on = state.mode === 'on';
  if (on) {
    for (const [agentType, s] of Object.entries(state.adaptations.agentTypes).sort(([a], [b]) => a.localeCompare(b))) {
      agentTypes[agentType] = {
        concurrencyLimit: s.concurrencyLimit,
        retryPolicy: { maxRetries: s.retryPolicy.maxRetries, backoffMs: s.retryPolicy.backoffMs },
        ...(s.model ? { model: s.model } : {}),
        circuit: s.circuit,
        circuitArmed: s.circuitArmed,
        ...(s.circuitReason ? { circuitReason: s.circuitReason } : {}),
        extraAgents: s.extraAgents,
      };
    }
  }
  return {
    mode: on ? 'on' : 'dry-run',
    agentTypes,
    throttles: on ? state.adaptations.throttles : {},
    quarantinedProjects: on ? state.adaptations.quarantinedProjects : [],
  };
}

/**
 * Starts the channel.
 *
 * @example
 * const controller = new FeedbackController({ mode: 'on', adaptation, observer });
 * controller.start();
 * const channel = await startAdaptationChannel({ state: () => controller.snapshot(), host: '0.0.0.0', port: 9464 });
 */
export async function startAdaptationChannel(options: ChannelOptions): Promise<AdaptationChannel> {
  const now = options.now ?? Date.now;
  let generation = 0;
  let publishedAt = now();
  let lastBody: string | undefined;

  const document = (): AdaptationsDocument => {
    const content = published(options.state());
    const body = JSON.stringify(content);
    if (body !== lastBody) {
      lastBody = body;
      generation += 1;
      publishedAt = now();
    }
    return { version: 1, generation, publishedAt, ...content };
  };

  const answer = (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('GET only\n');
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (path === STATE_PATH) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify(options.state()) + '\n');
      return;
    }
    if (path !== ADAPTATIONS_PATH) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: the adaptations are at ${ADAPTATIONS_PATH}, the controller's state at ${STATE_PATH}\n`);
      return;
    }
    const current = document();
    const etag = `"${current.generation}"`;
    if (request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, { etag, 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify(current) + '\n');
  };

  const server: Server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      diag.warn('aqe-feedback: the adaptation channel could not answer', error);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('the controller state could not be read\n');
    }
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    port,
    document,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
