/**
 * What the generated helpers need to record the standard GenAI metrics beside the `aqe.*`
 * ones (schema/genai-conventions.ts): whether this process records them, and the `error.type`
 * a duration metric may carry. Nothing here throws.
 */
import { diag } from '@opentelemetry/api';
import { getStringListFromEnv } from '@opentelemetry/core';
import { telemetryGeneration } from './generation';

/** The conventions' migration switch: a comma-separated list of category values. */
export const SEMCONV_OPT_IN_ENV = 'OTEL_SEMCONV_STABILITY_OPT_IN';

let readAt = -1;
let optedIn = false;

/**
 * Whether to record the `gen_ai.*` metrics: always, or (`'opt-in'`) when
 * OTEL_SEMCONV_STABILITY_OPT_IN lists `optInValue`. The variable is read again when telemetry
 * is initialised again, not on every call.
 */
export function genAiMetricsOn(mode: 'always' | 'opt-in', optInValue: string): boolean {
  if (mode === 'always') return true;
  const generation = telemetryGeneration();
  if (generation !== readAt) {
    readAt = generation;
    try {
      optedIn = (getStringListFromEnv(SEMCONV_OPT_IN_ENV) ?? []).includes(optInValue);
    } catch (error) {
      diag.debug(`aqe-telemetry: could not read ${SEMCONV_OPT_IN_ENV}`, error);
      optedIn = false;
    }
  }
  return optedIn;
}

/**
 * The `error.type` a standard duration metric records for a span's outcome: none when it
 * succeeded, the span's own `error.type` when it is one the metric knows (`timeout`), else the
 * conventions' fallback: an exception's class name (`TypeError`) would be a new series each.
 */
export function standardErrorType(value: unknown, known: readonly string[], fallback: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && known.includes(value) ? value : fallback;
}
