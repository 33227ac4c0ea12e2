/** Exit codes of `aqe telemetry`: documented in docs/user-guide.md (section 5, its table) and in `--help`. */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3 } as const;

/** An error the CLI reports as one line (`error: ...`) and exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** A check failed or a name was not found. */
export class FailedError extends CliError {
  constructor(message: string) {
    super(message, EXIT.failed);
  }
}

export class UnreachableError extends CliError {
  constructor(readonly backend: string, readonly url: string, readonly reason: string) {
    super(`${backend} at ${url} is unreachable (${reason})`, EXIT.unreachable);
  }
}

/** `connect ECONNREFUSED`, `getaddrinfo ENOTFOUND`, `timed out after 5000 ms`: why a request never got an answer. */
export function networkReason(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; syscall?: string; message?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = e?.cause ?? (e as { code?: string; syscall?: string; message?: string });
  if (cause && 'code' in cause && cause.code) return [cause.syscall, cause.code].filter(Boolean).join(' ');
  return cause?.message ?? e?.message ?? String(error);
}
