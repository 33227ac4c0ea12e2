/**
 * Telemetry's own health: the places where data would otherwise disappear silently.
 *
 * The runtime cannot name the health metrics itself (every metric name lives in
 * schema/), so the generated instrumentation registers sinks here at import time and the
 * runtime reports through them. Until a sink is registered, reports are dropped: that is
 * only the case when nothing imported `out/instrumentation`, so nothing records either.
 */

export type TelemetrySignal = 'traces' | 'metrics' | 'logs';

type RejectionSink = (metric: string, label: string) => void;
type ExportFailureSink = (signal: TelemetrySignal, exporter: string, batches: number) => void;

let rejectionSink: RejectionSink | undefined;
let exportFailureSink: ExportFailureSink | undefined;

export function registerRejectionSink(sink: RejectionSink): void {
  rejectionSink = sink;
}

export function registerExportFailureSink(sink: ExportFailureSink): void {
  exportFailureSink = sink;
}

/** A label value outside its declared set (or past an open label's cap) was recorded as `other`. */
let reportingRejection = false;

export function reportRejectedLabelValue(metric: string, label: string): void {
  // The sink records on the rejected-values counter, whose own labels are guarded too: past
  // its own cap, that recording is rejected and reported again, and again, until the stack
  // gives out (about 1,267 counts and 5 ms per call). One level: the inner rejection is the
  // outer recording's `other`, already counted once.
  if (reportingRejection) return;
  reportingRejection = true;
  try {
    rejectionSink?.(metric, label);
  } catch {
    // Health reporting must never break the caller.
  } finally {
    reportingRejection = false;
  }
}

/** An exporter failed to deliver a batch: that data is lost. */
export function reportExportFailure(signal: TelemetrySignal, exporter: string): void {
  try {
    exportFailureSink?.(signal, exporter, 1);
  } catch {
    // Health reporting must never break the caller.
  }
}

/**
 * The exporters a telemetry session started, each counted at 0 failures: a series that
 * exists from the start, so `increase()` sees the first failure and a dashboard shows 0
 * rather than "no data" while nothing fails.
 */
export function announceExporters(exporters: readonly (readonly [TelemetrySignal, string])[]): void {
  try {
    // Arrays only: a string would be iterated, one announcement per character. (Array.isArray
    // and the iteration themselves throw on a revoked or hostile Proxy.)
    if (!Array.isArray(exporters)) return;
    for (const entry of exporters as readonly unknown[]) {
      try {
        if (Array.isArray(entry)) exportFailureSink?.(entry[0] as TelemetrySignal, entry[1] as string, 0);
      } catch {
        // Health reporting must never break the caller.
      }
    }
  } catch {
    // As above.
  }
}
