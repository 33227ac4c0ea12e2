/**
 * The controller's state as a JSON file, written atomically (a temporary file renamed over
 * the old one), so `aqe telemetry feedback status` never reads half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { diag } from '@opentelemetry/api';
import type { AdaptationState } from './adaptation';
import type { AdaptationRecord } from './recorder';

/** Where the state file is when neither `--state` nor AQE_FEEDBACK_STATE_FILE says. */
export const DEFAULT_STATE_FILE = join(tmpdir(), 'aqe-feedback', 'state.json');
export const STATE_FILE_ENV = 'AQE_FEEDBACK_STATE_FILE';

/** The state file: the given path, else $AQE_FEEDBACK_STATE_FILE, else DEFAULT_STATE_FILE. */
export function stateFilePath(explicit: string | undefined, env: Readonly<Record<string, string | undefined>> = process.env): string {
  return explicit || env[STATE_FILE_ENV] || DEFAULT_STATE_FILE;
}

export interface Cooldown {
  readonly behaviour: string;
  readonly subject: string;
  /** ms since the epoch. */
  readonly until: number;
}

export interface FeedbackStateFile {
  readonly version: 1;
  /** ms since the epoch. */
  readonly updatedAt: number;
  readonly mode: 'off' | 'dry-run' | 'on';
  /** Real seconds stand for this many: cooldowns in this file are already compressed. */
  readonly timeScale: number;
  /** Applied adaptations (on), or the ones dry-run would have applied. */
  readonly adaptations: AdaptationState;
  /** Newest last. */
  readonly history: readonly AdaptationRecord[];
  readonly cooldowns: readonly Cooldown[];
  /** The last observation error (Prometheus unreachable...), if the last one failed. */
  readonly lastError?: string;
}

/** Writes atomically; resolves false (and says why through diag) instead of throwing. */
export function writeStateFile(path: string, state: FeedbackStateFile): boolean {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n');
    renameSync(temporary, path);
    return true;
  } catch (error) {
    diag.warn(`aqe-feedback: could not write the state file ${path}`, error);
    return false;
  }
}

/** Reads and checks the file; throws with a one-line reason (the CLI turns it into an error). */
export function readStateFile(path: string): FeedbackStateFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(code === 'ENOENT' ? `no feedback state file at ${path} (is the feedback loop running? --state or ${STATE_FILE_ENV} point elsewhere)` : `cannot read ${path}: ${code ?? String(error)}`);
  }
  return parseStateFile(text, path);
}

/** Checks a state as the file or the controller's channel (`GET /v1/state`) holds it; throws naming `where`. */
export function parseStateFile(text: string, where: string): FeedbackStateFile {
  let parsed: FeedbackStateFile;
  try {
    parsed = JSON.parse(text) as FeedbackStateFile;
  } catch {
    throw new Error(`${where} is not JSON: not a feedback state file`);
  }
  if (parsed?.version !== 1 || !Array.isArray(parsed.history) || !Array.isArray(parsed.cooldowns)) throw new Error(`${where} is not a feedback state file (version 1)`);
  return parsed;
}
