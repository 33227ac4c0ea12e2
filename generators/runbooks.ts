import { existsSync, readdirSync } from 'node:fs';

/** Runbook names (file names without .md) in docs/runbooks/, that alerts may link to. */
export function runbooksIn(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)));
}
