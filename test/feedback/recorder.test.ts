import { Writable } from 'node:stream';
import type { GaugeMetricData, SumMetricData } from '@opentelemetry/sdk-metrics';
import { expect, it } from 'vitest';
import { InProcessAdaptation } from '../../feedback/adaptation';
import { AdaptationRecorder, type AdaptationRecord } from '../../feedback/recorder';
import { createLogger } from '../../runtime/logger';
import { inMemoryTelemetry } from '../support/in-memory-telemetry';

const { spans, metric } = inMemoryTelemetry();

async function points(name: string) {
  return (await metric<SumMetricData | GaugeMetricData>(name))?.dataPoints ?? [];
}

const TRIP: AdaptationRecord = {
  at: Date.parse('2026-11-26T02:00:00Z'),
  behaviour: 'errors',
  subject: 'qe-test-generator',
  agentType: 'qe-test-generator',
  action: 'trip_circuit_breaker',
  mode: 'applied',
  trigger: 'failure ratio > 5.0%',
  observed: 0.4,
  threshold: 0.05,
  detail: 'circuit open; retries 1 -> 2',
};

it('an adaptation is a counter increment, an event on an aqe.feedback.adapt span, and a log line', async () => {
  const lines: string[] = [];
  const recorder = new AdaptationRecorder(createLogger({ destination: new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }) }));
  recorder.record(TRIP);
  recorder.record({ ...TRIP, mode: 'dry_run' });

  const counted = await points('aqe.feedback.adaptations_total');
  const labels = { agent_type: 'qe-test-generator', behaviour: 'errors', action: 'trip_circuit_breaker' };
  expect(counted.find((p) => Object.entries({ ...labels, mode: 'applied' }).every(([k, v]) => p.attributes[k] === v))?.value).toBe(1);
  expect(counted.find((p) => Object.entries({ ...labels, mode: 'dry_run' }).every(([k, v]) => p.attributes[k] === v))?.value).toBe(1);

  const [span] = spans.getFinishedSpans();
  expect(span?.name).toBe('aqe.feedback.adapt');
  expect(span?.events[0]?.name).toBe('aqe.feedback.adaptation');
  expect(span?.events[0]?.attributes).toMatchObject({ 'aqe.feedback.behaviour': 'errors', 'aqe.feedback.action': 'trip_circuit_breaker', 'aqe.feedback.mode': 'applied', 'aqe.feedback.observed': 0.4, 'aqe.feedback.threshold': 0.05 });

  const [applied, dry] = lines.map((l) => JSON.parse(l));
  expect(applied).toMatchObject({ behaviour: 'errors', action: 'trip_circuit_breaker', mode: 'applied', observed: 0.4, threshold: 0.05 });
  expect(applied.msg).toBe('did trip_circuit_breaker on qe-test-generator (failure ratio > 5.0%: observed 0.4, threshold 0.05): circuit open; retries 1 -> 2');
  expect(dry.msg).toMatch(/^would trip_circuit_breaker/);
});

it('the adaptation publishes what agents obey: concurrency limit and circuit state per agent type', async () => {
  const adaptation = new InProcessAdaptation();
  adaptation.adjustConcurrency('qe-test-executor', -10);
  adaptation.tripCircuitBreaker('qe-visual-tester', 'test');
  const limit = (await points('aqe.feedback.concurrency_limit')).find((p) => p.attributes.agent_type === 'qe-test-executor');
  const circuit = await points('aqe.feedback.circuit_state');
  expect(limit?.value).toBe(6);
  expect(circuit.find((p) => p.attributes.agent_type === 'qe-visual-tester')?.value).toBe(1);
  expect(circuit.find((p) => p.attributes.agent_type === 'qe-test-executor')?.value).toBe(0);
  expect(circuit).toHaveLength(18);
});
