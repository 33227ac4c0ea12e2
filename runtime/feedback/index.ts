/** The feedback loop of spec 10: see controller.ts for how it runs. */
export * from './adaptation';
export * from './behaviours';
export * from './circuit-breaker';
export * from './concurrency-limiter';
export * from './controller';
export * from './prometheus-observer';
export * from './recorder';
export * from './state-file';
export * from './throttle';
