import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A server process on loopback that the stack and the tests start and stop: wait until it
 * answers its readiness URL, keep its output for the error message, and stop it for sure.
 */
export interface RunningProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startProcess(options: {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  /** Base URL; `${url}/-/ready` must answer 200 once the server is up. */
  readonly url: string;
  readonly timeoutMs?: number;
  readonly cleanup?: () => void;
}): Promise<RunningProcess> {
  const child: ChildProcess = spawn(options.binary, [...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
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
      throw new Error(`${options.name} exited with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${options.url}/-/ready`)).ok) return { url: options.url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} did not become ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
