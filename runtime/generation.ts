/**
 * A counter that changes whenever the global telemetry providers change.
 *
 * The OpenTelemetry metrics API has no proxy meter: an instrument created before an SDK
 * is registered stays a no-op forever, and one created from a provider that has since
 * been shut down records into nothing. Code that caches instruments compares the
 * generation it cached under with {@link telemetryGeneration} and re-creates them from
 * the current global meter provider when it changed.
 */

let generation = 0;

/**
 * The current generation: a non-negative integer that only ever grows.
 *
 * @example
 * let cachedAt = -1;
 * let counter: Counter | undefined;
 * function spawnCounter(): Counter {
 *   if (cachedAt !== telemetryGeneration()) {
 *     counter = getMeter().createCounter('aqe.agent.spawn_total');
 *     cachedAt = telemetryGeneration();
 *   }
 *   return counter!;
 * }
 */
export function telemetryGeneration(): number {
  return generation;
}

/**
 * Called by the bootstrap each time it registers or unregisters the global providers.
 * Not for agent code.
 *
 * @example
 * bumpTelemetryGeneration(); // after metrics.setGlobalMeterProvider(provider)
 */
export function bumpTelemetryGeneration(): number {
  generation += 1;
  return generation;
}
