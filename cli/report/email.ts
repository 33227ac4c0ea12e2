import { createTransport } from 'nodemailer';
import { REPORT_SMTP_ENV } from '../../core/reports';
import { CliError, FailedError, UnreachableError, UsageError } from '../errors';
import type { Rendered } from './deliver';

/**
 * The report as an e-mail over SMTP (nodemailer): the HTML page as the body, the Markdown as
 * its plain-text alternative. The SMTP account comes from the same variables the report
 * CronJobs set for e-mail channels, the account the Alertmanager sends from (rules/settings.ts).
 */

export const SMTP_ENV = REPORT_SMTP_ENV;

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  readonly from: string;
  readonly username?: string;
  readonly password?: string;
  /** STARTTLS required before authenticating (port 587); port 465 is TLS from the start. @default true */
  readonly requireTls: boolean;
}

const ADDRESS = /^[^@\s,<>]+@[^@\s,<>]+$/;

/** `--email a@x,b@y`: the recipients, checked. */
export function parseRecipients(text: string): string[] {
  const to = text.split(',').map((a) => a.trim()).filter((a) => a !== '');
  const bad = to.filter((a) => !ADDRESS.test(a));
  if (to.length === 0 || bad.length > 0) throw new UsageError(`--email: "${bad[0] ?? text}" is not an e-mail address (a@example.com[,b@example.com])`);
  return to;
}

export function smtpSettings(env: Readonly<Record<string, string | undefined>>): SmtpSettings {
  const smarthost = env[SMTP_ENV.smarthost];
  const from = env[SMTP_ENV.from];
  if (!smarthost || !from) throw new UsageError(`--email needs ${SMTP_ENV.smarthost} (host:port) and ${SMTP_ENV.from} in the environment`);
  const match = /^(.+):(\d+)$/.exec(smarthost);
  if (!match) throw new UsageError(`${SMTP_ENV.smarthost}: "${smarthost}" is not host:port`);
  const username = env[SMTP_ENV.username] || undefined;
  const password = env[SMTP_ENV.password] || undefined;
  return { host: match[1]!, port: Number(match[2]), from, requireTls: env[SMTP_ENV.requireTls] !== 'false', ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** Network failures nodemailer reports: the server never answered (exit 3), as opposed to refusing (exit 1). */
const NO_ANSWER = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']);

export async function sendEmail(smtp: SmtpSettings, to: readonly string[], rendered: Rendered, timeoutMs = 10_000): Promise<string> {
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.port === 465,
    requireTLS: smtp.port !== 465 && smtp.requireTls,
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  const { report } = rendered;
  try {
    const info = await transport.sendMail({
      from: smtp.from,
      to: [...to],
      subject: `${report.title}, ${new Date(report.end * 1000).toISOString().slice(0, 10)}`,
      text: rendered.markdown,
      html: rendered.html,
    });
    return String(info.response ?? '');
  } catch (error) {
    throw smtpError(error, smtp, timeoutMs);
  } finally {
    transport.close();
  }
}

function smtpError(error: unknown, smtp: SmtpSettings, timeoutMs: number): CliError {
  const e = error as { code?: string; message?: string; responseCode?: number };
  const where = `${smtp.host}:${smtp.port}`;
  if (e.code && NO_ANSWER.has(e.code)) {
    const reason = /\b(E[A-Z_]+)\b/.exec(e.message ?? '')?.[1];
    return new UnreachableError('SMTP server', where, e.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs} ms` : reason ? `connect ${reason}` : (e.message ?? e.code));
  }
  const message = (e.message ?? String(error)).split('\n')[0];
  return new FailedError(`the SMTP server at ${where} refused the report: ${message}`);
}

