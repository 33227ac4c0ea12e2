import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname, extname, join } from 'node:path';
import { FailedError, networkReason, UnreachableError } from '../errors';
import { fileError } from '../files';
import { REQUEST_TIMEOUT_MS } from '../http';
import type { Report } from './model';

/** Where a rendered report goes: files on disk, a webhook. (stdout is the command's own.) */

export interface Rendered {
  readonly report: Report;
  readonly markdown: string;
  readonly html: string;
}

/**
 * `--out report.md`, `--out report.html` or `--out some/base`: that base name with both
 * extensions; `--out dir/` or an existing directory: `<dir>/<kind>-<end date>.{md,html}`.
 * Resolves to the paths written.
 */
export function writeReportFiles(out: string, rendered: Rendered): string[] {
  const ext = extname(out);
  const isDir = out.endsWith('/') || (existsSync(out) && statSync(out).isDirectory());
  const base = isDir
    ? join(out, `${rendered.report.kind}-${new Date(rendered.report.end * 1000).toISOString().slice(0, 10)}`)
    : ext === '.md' || ext === '.html'
      ? out.slice(0, -ext.length)
      : out;
  let path = dirname(`${base}.md`);
  try {
    mkdirSync(path, { recursive: true });
    path = `${base}.md`;
    writeFileSync(path, rendered.markdown);
    path = `${base}.html`;
    writeFileSync(path, rendered.html);
  } catch (error) {
    throw fileError(error, path, '--out', 'write');
  }
  return [`${base}.md`, `${base}.html`];
}

/**
 * The JSON a webhook receives. `text` repeats the Markdown so that a Slack (or Mattermost)
 * incoming webhook, which shows `text` and ignores the rest, posts something readable.
 */
export interface WebhookPayload {
  readonly text: string;
  readonly title: string;
  readonly report: Report['kind'];
  /** RFC 3339, UTC. */
  readonly start: string;
  readonly end: string;
  readonly markdown: string;
  readonly html: string;
}

export function webhookPayload(rendered: Rendered): WebhookPayload {
  const { report } = rendered;
  const iso = (t: number) => new Date(t * 1000).toISOString();
  return { text: rendered.markdown, title: report.title, report: report.kind, start: iso(report.start), end: iso(report.end), markdown: rendered.markdown, html: rendered.html };
}

/**
 * Webhook URLs often carry their secret in the path (Slack's do): messages name the
 * scheme, host and port only.
 */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/…`;
}

/** POSTs the payload; no answer -> UnreachableError (exit 3), an answer other than 2xx -> FailedError (exit 1). */
export function postWebhook(url: string, payload: WebhookPayload, timeoutMs = REQUEST_TIMEOUT_MS): Promise<number> {
  const body = JSON.stringify(payload);
  const target = new URL(url);
  return new Promise<number>((resolve, reject) => {
    const client = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = client(target, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        clearTimeout(timer);
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new FailedError(`the webhook at ${redactUrl(url)} answered ${status}: ${Buffer.concat(chunks).toString('utf8').trim().slice(0, 200)}`));
      });
      response.on('error', (error) => reject(new UnreachableError('Webhook', redactUrl(url), networkReason(error, timeoutMs))));
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(new UnreachableError('Webhook', redactUrl(url), networkReason(error, timeoutMs)));
    });
    req.end(body);
  });
}
