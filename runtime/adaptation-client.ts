/**
 * The agent's side of the fleet's adaptation channel: one feedback controller for the whole
 * fleet publishes its adaptations over HTTP (feedback/channel.ts), and every agent process,
 * on any machine, polls them and obeys the last good document. When the channel cannot be
 * reached for longer than `staleAfterMs` the agent falls back to its defaults (no
 * adaptation): a controller that is gone must not pin a lowered concurrency or an open
 * circuit on the fleet forever. Nothing here throws into agent code.
 */
import { diag } from '@opentelemetry/api';
import { millis } from './telemetry-env';

/** The channel's address, e.g. http://aqe-feedback:9464; unset: not following (no adaptation). */
export const FEEDBACK_URL_ENV = 'AQE_FEEDBACK_URL';
/** Milliseconds between polls. */
export const FEEDBACK_POLL_INTERVAL_ENV = 'AQE_FEEDBACK_POLL_INTERVAL_MS';
/** Milliseconds without an answer after which the agent obeys its defaults again. */
export const FEEDBACK_STALE_AFTER_ENV = 'AQE_FEEDBACK_STALE_AFTER_MS';

/** The path the channel serves the document on. */
export const ADAPTATIONS_PATH = '/v1/adaptations';

/**
 * The controller's poll interval (its '15s', the rule groups' evaluation interval): polling
 * the channel faster would fetch the same generation again.
 */
export const DEFAULT_POLL_INTERVAL_MS = 15_000;
/** Polls missed in a row before the last document is dropped: 20 x 15 s = 5 minutes. */
export const STALE_AFTER_POLLS = 20;

/** What one agent type is told to do. Absent from the document: its own defaults. */
export interface PublishedAdaptation {
  readonly concurrencyLimit: number;
  readonly retryPolicy: { readonly maxRetries: number; readonly backoffMs: number };
  /** The cheaper model to call instead of its own choice. */
  readonly model?: string;
  /** 'closed', 'open' or 'half_open': open refuses new runs. */
  readonly circuit: string;
  readonly circuitArmed: boolean;
  readonly circuitReason?: string;
  readonly extraAgents: number;
}

/** `GET /v1/adaptations`. ETag is the generation; `If-None-Match` with it answers 304. */
export interface AdaptationsDocument {
  readonly version: 1;
  /** Increases by one on every change of what is published (the fields below but publishedAt). */
  readonly generation: number;
  /** When this generation was published, ms since the epoch. */
  readonly publishedAt: number;
  /** 'dry-run' publishes no agent types: the decisions are only logged. */
  readonly mode: 'dry-run' | 'on';
  readonly agentTypes: Readonly<Record<string, PublishedAdaptation>>;
  /** Operations throttled, per second. */
  readonly throttles: Readonly<Record<string, number>>;
  readonly quarantinedProjects: readonly string[];
}

export interface FollowOptions {
  /** @default $AQE_FEEDBACK_URL; neither: disabled, current() is always undefined */
  readonly url?: string;
  /** @default $AQE_FEEDBACK_POLL_INTERVAL_MS, else DEFAULT_POLL_INTERVAL_MS (15 s) */
  readonly pollIntervalMs?: number;
  /** @default $AQE_FEEDBACK_STALE_AFTER_MS, else STALE_AFTER_POLLS x pollIntervalMs (5 min) */
  readonly staleAfterMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface AdaptationFollower {
  /** What this agent type obeys now; undefined: its defaults (none published, never reached, or stale). */
  current(agentType: string): PublishedAdaptation | undefined;
  /** The last good document while it is fresh. */
  document(): AdaptationsDocument | undefined;
  /** Resolves after the first poll settles (answered or failed). */
  readonly ready: Promise<void>;
  readonly pollIntervalMs: number;
  readonly staleAfterMs: number;
  close(): void;
}

/** A setting from the option, else the variable; a bad value: the default and one warning. */
function setting(given: number | undefined, variable: string, env: Readonly<Record<string, string | undefined>>, fallback: number): number {
  const raw = given ?? env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = millis(typeof raw === 'number' ? raw : Number(raw));
  if (value !== undefined) return value;
  diag.warn(`aqe-telemetry: ${given !== undefined ? 'followAdaptations option' : variable} = ${String(raw)} is not a positive number of milliseconds; using ${fallback}`);
  return fallback;
}

function isDocument(value: unknown): value is AdaptationsDocument {
  const d = value as AdaptationsDocument | null;
  return typeof d === 'object' && d !== null && d.version === 1 && Number.isInteger(d.generation) && typeof d.agentTypes === 'object' && d.agentTypes !== null;
}

/**
 * Follows the fleet's adaptation channel.
 *
 * @example
 * const adaptations = followAdaptations();            // AQE_FEEDBACK_URL=http://aqe-feedback:9464
 * const told = adaptations.current('qe-test-generator');
 * const limit = told?.concurrencyLimit ?? myDefaultLimit;
 * if (told?.circuit === 'open') return skip('circuit open');
 */
export function followAdaptations(options: FollowOptions = {}): AdaptationFollower {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const pollIntervalMs = setting(options.pollIntervalMs, FEEDBACK_POLL_INTERVAL_ENV, env, DEFAULT_POLL_INTERVAL_MS);
  const staleAfterMs = setting(options.staleAfterMs, FEEDBACK_STALE_AFTER_ENV, env, STALE_AFTER_POLLS * pollIntervalMs);
  let endpoint: URL | undefined;
  const base = options.url ?? env[FEEDBACK_URL_ENV];
  if (base) {
    try {
      endpoint = new URL(ADAPTATIONS_PATH, base);
    } catch {
      diag.warn(`aqe-telemetry: ${options.url !== undefined ? 'followAdaptations url' : FEEDBACK_URL_ENV} = ${base} is not a URL (e.g. http://aqe-feedback:9464); not following adaptations`);
    }
  }

  let last: AdaptationsDocument | undefined;
  let lastContact = 0;
  let staleWarned = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  // close() also ends a poll in flight: an agent that is done must not wait for its timeout.
  const closing = new AbortController();

  const fresh = (): AdaptationsDocument | undefined => {
    if (!last) return undefined;
    if (now() - lastContact <= staleAfterMs) return last;
    if (!staleWarned) {
      staleWarned = true;
      diag.warn(`aqe-telemetry: no answer from the adaptation channel ${endpoint?.origin} for more than ${staleAfterMs} ms; obeying defaults until it answers`);
    }
    return undefined;
  };

  const poll = async (): Promise<void> => {
    if (!endpoint) return;
    try {
      const response = await fetch(endpoint, {
        headers: last ? { 'if-none-match': `"${last.generation}"` } : {},
        signal: AbortSignal.any([closing.signal, AbortSignal.timeout(pollIntervalMs)]),
      });
      if (response.status === 304 && last) {
        lastContact = now();
        staleWarned = false;
        return;
      }
      const body: unknown = response.ok ? await response.json() : undefined;
      if (!isDocument(body)) throw new Error(`answered ${response.status} without an adaptations document`);
      last = body;
      lastContact = now();
      staleWarned = false;
    } catch (error) {
      // Kept quiet per poll: an unreachable controller is the case this client is for; the
      // warning comes once, when the last document goes stale.
      diag.debug(`aqe-telemetry: adaptation channel poll failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const loop = (): void => {
    if (closed) return;
    void poll().finally(() => {
      if (closed) return;
      timer = setTimeout(loop, pollIntervalMs);
      timer.unref();
    });
  };

  const ready = endpoint ? poll() : Promise.resolve();
  if (endpoint) {
    void ready.finally(() => {
      if (closed) return;
      timer = setTimeout(loop, pollIntervalMs);
      timer.unref();
    });
  }

  return {
    current: (agentType) => {
      const document = fresh();
      return document?.mode === 'on' ? document.agentTypes[agentType] : undefined;
    },
    document: fresh,
    ready,
    pollIntervalMs,
    staleAfterMs,
    close: () => {
      closed = true;
      closing.abort();
      if (timer) clearTimeout(timer);
    },
  };
}
