import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BACKENDS, JAEGER, type Backend, type ResolvedConfig } from './config';
import { FailedError, networkReason, UnreachableError } from './errors';

export const REQUEST_TIMEOUT_MS = 5000;

/** What a backend answered. */
export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  /** The content-type header without its parameters (`text/html`); '' when there is none. */
  readonly contentType: string;
  readonly text: string;
}

/** `text/html, 1.2 kB, starts with <!doctype html>`: what came back, in a message. */
export function describeBody(answer: Answer): string {
  const bytes = Buffer.byteLength(answer.text);
  const size = bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
  const start = answer.text.trim().split('\n')[0]!.slice(0, 40);
  return [answer.contentType || 'no content type', ...(bytes === 0 ? ['empty'] : [size, `starts with ${start}`])].join(', ');
}

/** A web page (a proxy's, a login screen, a UI on the wrong port) rather than an API answer. */
export function isWebPage(answer: Answer): boolean {
  return answer.contentType.includes('html') || /^\s*</.test(answer.text);
}

/**
 * Something answered at a backend's URL, but not what that backend's API returns: another
 * service on that port, a proxy, a wrong path prefix. Exit 1, with what came back and where the
 * URL is set.
 */
export function unexpectedAnswer(title: string, url: string, path: string, answer: Answer, expected: string): FailedError {
  return new FailedError(`${title} at ${url}: ${path} answered ${answer.status} with ${describeBody(answer)}, not ${expected}; ${wrongServiceFix(title, url)}`);
}

/** The fix for "that is not the backend": where its URL comes from. */
export function wrongServiceFix(title: string, url: string): string {
  const spec = [...Object.values(BACKENDS), JAEGER].find((b) => b.title === title);
  const where = spec ? ` (--${spec.flag} or ${spec.env}; \`aqe telemetry config\` shows which is used)` : '';
  return `is ${title} really listening at ${url}? check the URL and port${where}`;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * One HTTP request to a backend; a request that gets no answer becomes an UnreachableError.
 * node:http rather than fetch: fetch refuses the "bad ports" of the Fetch standard (9, 6000...)
 * on its own, which would hide what is really there.
 */
export async function request(config: ResolvedConfig, backend: Backend, path: string, options: RequestOptions = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  return requestAt(BACKENDS[backend].title, config[backend].url, path, options, timeoutMs);
}

/** The same for a backend that is not always configured (Jaeger): named by its title, at its base URL. */
export async function requestAt(title: string, url: string, path: string, options: RequestOptions = {}, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  try {
    return await send(new URL(`${url}${path}`), options, timeoutMs);
  } catch (error) {
    throw new UnreachableError(title, url, networkReason(error, timeoutMs));
  }
}

function send(url: URL, options: RequestOptions, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = client(url, { method: options.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        const contentType = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        resolve({ status, ok: status >= 200 && status < 300, contentType, text: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

/** A JSON answer of a backend; `valid` says whether it has the shape expected (`expected` names it in the message). */
export async function requestJson<T>(config: ResolvedConfig, backend: Backend, path: string, options: RequestOptions = {}, valid: (body: unknown) => boolean = () => true, expected = 'JSON'): Promise<T> {
  const response = await request(config, backend, path, options);
  const { title } = BACKENDS[backend];
  const url = config[backend].url;
  if (isWebPage(response)) throw unexpectedAnswer(title, url, path, response, expected);
  if (!response.ok) throw new FailedError(`${title} answered ${response.status} to ${path}: ${response.text.trim().slice(0, 200)}`);
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    throw unexpectedAnswer(title, url, path, response, expected);
  }
  if (!valid(body)) throw unexpectedAnswer(title, url, path, response, expected);
  return body as T;
}

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

/** An instant query; resolves to the vector, or fails with Prometheus' error. */
export async function instantQuery(config: ResolvedConfig, expr: string): Promise<Sample[]> {
  return queryApi<Sample[]>(config, '/api/v1/query', { query: expr }, expr, 'vector');
}

export interface RangeSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}


/** `instantQuery` at a given time: the same answer checks, with `time` sent along. */
export async function instantQueryAt(config: ResolvedConfig, expr: string, time: number): Promise<Sample[]> {
  return queryApi<Sample[]>(config, '/api/v1/query', { query: expr, time: String(time) }, expr, 'vector');
}

/** A range query from `start` to `end` (Unix seconds) every `step` seconds; resolves to the matrix. */
export async function rangeQuery(config: ResolvedConfig, expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
  return queryApi<RangeSeries[]>(config, '/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }, expr, 'matrix');
}

async function queryApi<T>(config: ResolvedConfig, path: string, params: Record<string, string>, expr: string, expected: string): Promise<T> {
  const body = new URLSearchParams(params).toString();
  const response = await request(config, 'prometheus', path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const expectedBody = "Prometheus' query API JSON";
  let answer: { status?: string; error?: string; data?: { resultType?: string; result?: T } } | undefined;
  try {
    answer = isWebPage(response) ? undefined : JSON.parse(response.text);
  } catch {
    answer = undefined;
  }
  // Prometheus answers "success" or "error"; anything else is another service at that URL.
  if (answer?.status !== 'success' && answer?.status !== 'error') throw unexpectedAnswer('Prometheus', config.prometheus.url, path, response, expectedBody);
  if (answer.status !== 'success') throw new FailedError(`Prometheus refused the query ${expr}: ${answer.error ?? response.status}`);
  if (answer.data?.resultType !== expected) throw new FailedError(`Prometheus answered ${expr} with a ${answer.data?.resultType}, not a ${expected}`);
  return answer.data.result ?? ([] as unknown as T);
}
