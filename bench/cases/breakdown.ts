import { metrics, type Attributes } from '@opentelemetry/api';
import { agentSpawns } from '../../out/instrumentation/metrics';
import { LabelGuard } from '../../runtime/label-guard';
import { CellStore } from '../../runtime/metric-cells';
import { SCOPE_NAME, SCOPE_VERSION } from '../../runtime/scope';
import { comparePerCall, type PerCallOptions, type Stats } from '../harness';

/**
 * Keeps results alive so V8 cannot drop the calls that produce them. Exported so no engine
 * can prove it unread; nothing imports it (knip: @public).
 * @public
 */
export let blackhole: unknown;

/**
 * Where the helper's cost goes: its steps timed one by one, against the current global
 * provider, beside the steps of the SDK's path it replaced. The sum is only indicative (V8
 * optimises steps differently alone and together), but the order of magnitude of each step
 * is what matters.
 */
export function runBreakdown(options: PerCallOptions): Record<string, Stats> {
  const guard = new LabelGuard(agentSpawns.spec.prometheusName, agentSpawns.spec.labels);
  // A table of a store that is not the active one: the same code, recording nowhere that is read.
  const table = new CellStore().table(agentSpawns.spec, 'counter', guard);
  const key = guard.keyOf({ agent_type: 'qe-test-generator', status: 'success' });
  const slot = table.slotOf(key);
  const counter = metrics.getMeterProvider().getMeter(SCOPE_NAME, SCOPE_VERSION).createCounter('bench.breakdown.spawn_total');
  const recorder: { add?(v: number, a: Attributes): void } = counter;
  return comparePerCall(
    {
      'cells: LabelGuard.keyOf(labels)': () => {
        blackhole = guard.keyOf({ agent_type: 'qe-test-generator', status: 'success' });
      },
      'cells: table.slotOf(key)': () => {
        blackhole = table.slotOf(key);
      },
      'cells: table.record(slot, 1)': () => table.record(slot, 1),
      'helper inc(labels), all of the above': () => agentSpawns.inc({ agent_type: 'qe-test-generator', status: 'success' }),
      'SDK path: metrics.getMeterProvider()': () => {
        blackhole = metrics.getMeterProvider();
      },
      'SDK path: LabelGuard.apply(labels)': () => {
        blackhole = guard.apply({ agent_type: 'qe-test-generator', status: 'success' });
      },
      'SDK path: counter.add(1, labels)': () => recorder.add?.(1, { agent_type: 'qe-test-generator', status: 'success' }),
    },
    options,
  );
}
