/**
 * The value the runtime records for a label value outside its set (or past its cap). The runtime
 * writes it (runtime/label-guard.ts), the model adds it to every closed set (generators/), and
 * PromQL may match it, so all take it from here.
 */
export const OTHER_VALUE = 'other';
