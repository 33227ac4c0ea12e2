import { metrics, type Counter, type Histogram as OtelHistogram } from '@opentelemetry/api';
import { Counter as PromCounter, Histogram as PromHistogram, Registry } from 'prom-client';
import { agentDuration, agentSpawns } from '../../out/instrumentation/metrics';
import { SCOPE_NAME, SCOPE_VERSION } from '../../runtime/scope';
import { comparePerCall, type PerCallOptions, type Stats } from '../harness';

/**
 * Cases 1 and 2: one metric call through the generated helper, through the raw
 * OpenTelemetry API, and through prom-client, with the same labels. The label object is
 * written as a literal at every call site, as agent code does, so each case pays for its
 * allocation the same way.
 */

const AGENT = 'qe-test-generator';
const TASK = 'unit-test-generation';

export interface MetricCallResults {
  readonly counter: Record<'loop' | 'helper' | 'bound' | 'floor' | 'raw' | 'prom', Stats>;
  readonly histogram: Record<'helper' | 'bound' | 'raw' | 'prom', Stats>;
}

/** prom-client instruments in a registry of their own (not the global one). */
function promInstruments() {
  const registry = new Registry();
  const counter = new PromCounter({
    name: 'bench_prom_spawn_total',
    help: 'bench',
    labelNames: ['agent_type', 'status'] as const,
    registers: [registry],
  });
  const histogram = new PromHistogram({
    name: 'bench_prom_duration_seconds',
    help: 'bench',
    labelNames: ['agent_type', 'task_type', 'status'] as const,
    buckets: [...(agentDuration.spec.buckets ?? [])],
    registers: [registry],
  });
  return { registry, counter, histogram };
}

/** Raw instruments from the current global provider (the no-op one when no SDK is registered). */
function rawInstruments(): { counter: Counter; histogram: OtelHistogram } {
  const meter = metrics.getMeterProvider().getMeter(SCOPE_NAME, SCOPE_VERSION);
  return {
    counter: meter.createCounter('bench.raw.spawn_total', { unit: '{agent}' }),
    histogram: meter.createHistogram('bench.raw.duration_seconds', {
      unit: 's',
      advice: { explicitBucketBoundaries: [...(agentDuration.spec.buckets ?? [])] },
    }),
  };
}

/** Runs cases 1 and 2 against whatever meter provider is registered globally right now. */
export function runMetricCalls(options: PerCallOptions): MetricCallResults {
  const raw = rawInstruments();
  const prom = promInstruments();
  // A fully bound handle, and what it cannot beat: adding to a cell of a Float64Array held in hand.
  const spawns = agentSpawns.bind({ agent_type: AGENT, status: 'success' });
  const durations = agentDuration.bind({ agent_type: AGENT, task_type: TASK, status: 'success' });
  const cells = new Float64Array(64);
  const cell = 17;

  const counter = comparePerCall(
    {
      loop: () => {},
      helper: () => agentSpawns.inc({ agent_type: AGENT, status: 'success' }),
      bound: () => spawns.inc(),
      floor: () => {
        cells[cell] = (cells[cell] as number) + 1;
      },
      raw: () => raw.counter.add(1, { agent_type: AGENT, status: 'success' }),
      prom: () => prom.counter.inc({ agent_type: AGENT, status: 'success' }),
    },
    options,
  ) as MetricCallResults['counter'];

  let seconds = 0;
  const next = () => (seconds = seconds >= 300 ? 0.05 : seconds + 0.37);
  const histogram = comparePerCall(
    {
      helper: () => agentDuration.record(next(), { agent_type: AGENT, task_type: TASK, status: 'success' }),
      bound: () => durations.record(next()),
      raw: () => raw.histogram.record(next(), { agent_type: AGENT, task_type: TASK, status: 'success' }),
      prom: () => prom.histogram.observe({ agent_type: AGENT, task_type: TASK, status: 'success' }, next()),
    },
    options,
  ) as MetricCallResults['histogram'];

  return { counter, histogram };
}

/** How many calls each case made in one runMetricCalls (warm-up included): the helper's and the bound handle's both record into the helper's metric. */
export function callsPerCase(options: PerCallOptions): number {
  return options.warmup + options.rounds * options.iterations;
}
