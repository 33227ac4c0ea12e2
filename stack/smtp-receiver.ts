import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { parseTitle, record, type NotificationSink } from './receivers';

/**
 * A loopback SMTP server for the generated e-mail receivers, as strict as a real relay on 587:
 * STARTTLS with a certificate for 127.0.0.1 (the generated config requires TLS), and a login
 * whose password must be the one in the receiver's secret file. Alertmanager is started with
 * `SSL_CERT_FILE` naming that certificate, so its TLS check passes without any change to the
 * generated config.
 */
export interface RunningSmtpReceiver {
  /** `127.0.0.1:<port>`: the smarthost. */
  readonly smarthost: string;
  /** The certificate Alertmanager must trust (for `SSL_CERT_FILE`). */
  readonly caFile: string;
  stop(): Promise<void>;
}

export async function startSmtpReceiver(sink: NotificationSink, login: { readonly user: string; readonly password: string }, channelOf: (to: string) => string): Promise<RunningSmtpReceiver> {
  const dir = mkdtempSync(join(tmpdir(), 'aqe-smtp-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openssl could not make the SMTP receiver's certificate: ${made.stderr}`);
  const server = new SMTPServer({
    key: readFileSync(key),
    cert: readFileSync(cert),
    authMethods: ['PLAIN', 'LOGIN'],
    // No login before STARTTLS, as on a real relay.
    allowInsecureAuth: false,
    onAuth(auth, _session, callback) {
      if (auth.username === login.user && auth.password === login.password) callback(null, { user: auth.username });
      else callback(new Error('535 authentication failed'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(raw)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
        const parsed = parseTitle(decodeSubject(subject));
        const to = session.envelope.rcptTo.map((r) => r.address);
        if (parsed && session.secure) {
          const text = `${decodeSubject(subject)}\n${decodeQuotedPrintable(raw)}`;
          for (const address of to) record(sink, { kind: 'email', channel: channelOf(address), ...parsed, text, receivedAt: Date.now(), raw });
        }
        callback();
      });
    },
    logger: false,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    smarthost: `127.0.0.1:${port}`,
    caFile: cert,
    stop: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}

/** RFC 2047 encoded words (`=?UTF-8?q?...?=` or `?b?`), as Go's mail writer emits for non-ASCII subjects. */
function decodeSubject(subject: string): string {
  return subject.replace(/=\?[^?]+\?([qQbB])\?([^?]*)\?=/g, (_all, encoding: string, text: string) =>
    encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
  );
}

/** Quoted-printable bodies (Go's mail writer uses it for HTML parts): soft line breaks and `=XX` octets. */
function decodeQuotedPrintable(text: string): string {
  return Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}
