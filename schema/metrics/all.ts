/** Every metric handle, for rules and dashboards to reference without typing a name. */
export * from './agent';
export * from './quality';
export * from './performance';
export * from './cost';
export * from './security';
export * from './telemetry-health';
export * from './feedback';
export * from './genai';
