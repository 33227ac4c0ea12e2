import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A server process on loopback that the stack and the tests start and stop: wait until it
 * answers its readiness URL, keep its output for the error message, and stop it for sure.
 */
export interface RunningProcess {
  readonly url: string;
  /** Everything the process printed so far (start-up warnings are checked by the tests). */
  output(): string;
  /** Whether it is still running. */
  running(): boolean;
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 256 * 1024;

/**
 * Ports handed out for servers: below Linux's ephemeral range (32768-60999), so that no
 * outgoing connection (a scrape, an export) can take one between `freePort()` and the server's
 * bind, which happened with port 0. Picked at random so parallel test files rarely meet, and
 * checked by binding; a server that still finds its port taken is started again by its caller
 * (stack/local-stack.ts).
 */
const PORT_RANGE = { from: 20_000, to: 32_000 } as const;

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = PORT_RANGE.from + Math.floor(Math.random() * (PORT_RANGE.to - PORT_RANGE.from));
    if (await canBind(port)) return port;
  }
  throw new Error(`no free port between ${PORT_RANGE.from} and ${PORT_RANGE.to} after 50 tries`);
}

/** A server's failure to start because its port was taken in the meantime. */
export function isPortTaken(error: unknown): boolean {
  return error instanceof Error && /address already in use|EADDRINUSE/.test(error.message);
}

export async function startProcess(options: {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  /** Base URL of the server. */
  readonly url: string;
  /** Answers 200 once the server is up. @default `${url}/-/ready` */
  readonly readyUrl?: string;
  /** Variables added to this process' environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly cleanup?: () => void;
}): Promise<RunningProcess> {
  const child: ChildProcess = spawn(options.binary, [...options.args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  // The start (where start-up warnings are) and the end (the latest errors) of what it printed,
  // bounded: a collector logging every batch for an hour must not fill the test's memory.
  let head = '';
  let tail = '';
  const keep = (d: Buffer | string) => {
    const text = String(d);
    if (head.length < OUTPUT_KEPT) head += text;
    else tail = (tail + text).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const printed = () => (tail ? `${head}\n[...]\n${tail}` : head);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    options.cleanup?.();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      options.cleanup?.();
      throw new Error(`${options.name} exited with ${child.exitCode}:\n${printed()}`);
    }
    try {
      if ((await fetch(options.readyUrl ?? `${options.url}/-/ready`)).ok) {
        return { url: options.url, stop, output: printed, running: () => child.exitCode === null && child.signalCode === null };
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not become ready in time:\n${printed()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
