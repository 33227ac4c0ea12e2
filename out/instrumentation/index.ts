// Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.

/**
 * Typed instrumentation for aqe agents: one helper per metric and span of schema/.
 * Call `initializeTelemetry()` from the runtime once at start-up; the helpers work before it
 * (recording nothing) and pick up the providers as soon as they are registered.
 */
export * from './labels';
export * from './metrics';
export * from './spans';
export * from './prices';
export * from './token-usage';
