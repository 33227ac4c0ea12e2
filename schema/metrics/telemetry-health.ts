import { counter } from '../define';
import { exporterName, telemetryLabel, telemetryMetric, telemetrySignal } from '../labels';

/** Telemetry's own health: without these, a gap in the data would be silent. */

export const rejectedLabelValues = counter({
  name: 'aqe.telemetry.label_values_rejected_total',
  unit: '{value}',
  description:
    'Label values recorded as "other" because they were outside the label set or past an open label cap',
  labels: [telemetryMetric, telemetryLabel],
});

export const exportFailures = counter({
  name: 'aqe.telemetry.export_failures_total',
  unit: '{batch}',
  description: 'Export batches that failed to reach their destination; their data is lost',
  labels: [telemetrySignal, exporterName],
});
