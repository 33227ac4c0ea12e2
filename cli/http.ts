import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BACKENDS, type Backend, type ResolvedConfig } from './config';
import { FailedError, networkReason, UnreachableError } from './errors';

export const REQUEST_TIMEOUT_MS = 5000;

/** What a backend answered. */
export interface Answer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
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
        resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
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

export async function requestJson<T>(config: ResolvedConfig, backend: Backend, path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(config, backend, path, options);
  const { text } = response;
  if (!response.ok) throw new FailedError(`${BACKENDS[backend].title} answered ${response.status} to ${path}: ${text.trim().slice(0, 200)}`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new FailedError(`${BACKENDS[backend].title} answered ${path} with something that is not JSON: ${text.trim().slice(0, 200)}`);
  }
}

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

/** An instant query; resolves to the vector, or fails with Prometheus' error. */
export async function instantQuery(config: ResolvedConfig, expr: string): Promise<Sample[]> {
  const body = new URLSearchParams({ query: expr }).toString();
  const response = await request(config, 'prometheus', '/api/v1/query', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const { text } = response;
  let answer: { status?: string; error?: string; data?: { resultType?: string; result?: Sample[] } };
  try {
    answer = JSON.parse(text);
  } catch {
    throw new FailedError(`Prometheus answered ${response.status} to a query with something that is not JSON: ${text.trim().slice(0, 200)}`);
  }
  if (answer.status !== 'success') throw new FailedError(`Prometheus refused the query ${expr}: ${answer.error ?? response.status}`);
  if (answer.data?.resultType !== 'vector') throw new FailedError(`Prometheus answered ${expr} with a ${answer.data?.resultType}, not a vector`);
  return answer.data.result ?? [];
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
  const { text } = response;
  let answer: { status?: string; error?: string; data?: { resultType?: string; result?: T } };
  try {
    answer = JSON.parse(text);
  } catch {
    throw new FailedError(`Prometheus answered ${response.status} to a query with something that is not JSON: ${text.trim().slice(0, 200)}`);
  }
  if (answer.status !== 'success') throw new FailedError(`Prometheus refused the query ${expr}: ${answer.error ?? response.status}`);
  if (answer.data?.resultType !== expected) throw new FailedError(`Prometheus answered ${expr} with a ${answer.data?.resultType}, not a ${expected}`);
  return answer.data.result ?? ([] as unknown as T);
}
