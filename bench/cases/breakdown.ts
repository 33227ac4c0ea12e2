import { metrics, type Attributes } from '@opentelemetry/api';
import { agentSpawns } from '../../out/instrumentation/metrics';
import { LabelGuard } from '../../runtime/label-guard';
import { SCOPE_NAME, SCOPE_VERSION } from '../../runtime/scope';
import { comparePerCall, type PerCallOptions, type Stats } from '../harness';

/**
 * Keeps results alive so V8 cannot drop the calls that produce them. Exported so no engine
 * can prove it unread; nothing imports it (knip: @public).
 * @public
 */
export let blackhole: unknown;

/**
 * Where the helper's extra cost goes: its steps timed one by one, against the current
 * global provider. The sum is only indicative (V8 optimises steps differently alone and
 * together), but the order of magnitude of each step is what matters.
 */
export function runBreakdown(options: PerCallOptions): Record<string, Stats> {
  const guard = new LabelGuard(agentSpawns.spec.prometheusName, agentSpawns.spec.labels);
  const counter = metrics.getMeterProvider().getMeter(SCOPE_NAME, SCOPE_VERSION).createCounter('bench.breakdown.spawn_total');
  const recorder: { add?(v: number, a: Attributes): void; record?(v: number, a: Attributes): void } = counter;
  const method = 'add' as 'add' | 'record';
  return comparePerCall(
    {
      'metrics.getMeterProvider()': () => {
        blackhole = metrics.getMeterProvider();
      },
      'LabelGuard.apply(labels)': () => {
        blackhole = guard.apply({ agent_type: 'qe-test-generator', status: 'success' });
      },
      'counter.add(1, labels)': () => counter.add(1, { agent_type: 'qe-test-generator', status: 'success' }),
      'recorder[method]?.(1, labels)': () => recorder[method as 'add']?.(1, { agent_type: 'qe-test-generator', status: 'success' }),
      'helper inc(labels)': () => agentSpawns.inc({ agent_type: 'qe-test-generator', status: 'success' }),
    },
    options,
  );
}
