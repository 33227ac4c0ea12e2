import { memoryReadSpan, memoryWriteSpan } from '../../schema/spans';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { DISPATCHER_AGENT_ID, startFleet, type FleetEvent } from '../../sim/fleet';

/**
 * Traces of the simulated fleet. In a file of its own because the span helpers only reach
 * the first telemetry session of a process: runtime/spans.ts takes its tracer once, at
 * import, from the global ProxyTracerProvider, and that proxy tracer keeps the SDK tracer
 * of the first session even after shutdownTelemetry() and a new initializeTelemetry()
 * (metric helpers re-create their instruments; span helpers do not). Vitest runs each
 * test file in its own process, so this one gets a first session.
 */

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('fleet simulator traces', () => {
  it('keeps a parent and its children in one trace, handing the session over in the baggage', async () => {
    const exporter = new InMemorySpanExporter();
    const fleet = await startFleet({ scenario: 'normal', timeScale: 60, seed: 5, spanProcessors: [new SimpleSpanProcessor(exporter)] });
    try {
      const byId = new Map<string, ReadableSpan>();
      const find = () => {
        const spans = exporter.getFinishedSpans();
        for (const span of spans) byId.set(span.spanContext().spanId, span);
        // A child of qe-fleet-commander: invoke_agent X, whose parent is create_agent X,
        // whose parent chain leads to the commander's own invoke_agent span.
        for (const child of spans) {
          if (!child.name.startsWith('invoke_agent ')) continue;
          const spawn = byId.get(child.parentSpanContext?.spanId ?? '');
          if (!spawn?.name.startsWith('create_agent ')) continue;
          let up = byId.get(spawn.parentSpanContext?.spanId ?? '');
          while (up && !up.name.startsWith('invoke_agent ')) up = byId.get(up.parentSpanContext?.spanId ?? '');
          if (up?.attributes['aqe.agent.type'] === 'qe-fleet-commander') return { child, spawn, parent: up };
        }
        return undefined;
      };
      let found = find();
      for (let waited = 0; !found && waited < 10_000; waited += 250) {
        await sleep(250);
        found = find();
      }
      expect(found, 'a finished child run of qe-fleet-commander').toBeDefined();
      const { child, spawn, parent } = found!;

      const traceId = parent.spanContext().traceId;
      expect(spawn.spanContext().traceId).toBe(traceId);
      expect(child.spanContext().traceId).toBe(traceId);
      expect(child.parentSpanContext?.spanId).toBe(spawn.spanContext().spanId);
      expect(child.parentSpanContext?.isRemote).toBe(true); // it came through the memory carrier
      expect(spawn.name.slice('create_agent '.length)).toBe(child.name.slice('invoke_agent '.length));
      expect(spawn.attributes['aqe.agent.parent_id']).toBe(parent.attributes['aqe.agent.id']);

      // The session the child read from its baggage is the parent's; so are the parent agent and task.
      const sessionId = parent.attributes['aqe.session.id'];
      expect(sessionId).toMatch(/^session-\d+$/);
      expect(child.attributes['aqe.session.id']).toBe(sessionId);
      const handoff = fleet.events.find((e): e is Extract<FleetEvent, { kind: 'handoff' }> => e.kind === 'handoff' && e.agentId === child.attributes['aqe.agent.id']);
      expect(handoff).toMatchObject({ fromAgentId: parent.attributes['aqe.agent.id'], fromTaskId: parent.attributes['aqe.task.id'], sessionId });

      // Top-level runs are handed over by the dispatcher, each in a trace of its own.
      const topLevel = fleet.events.find((e) => e.kind === 'handoff' && e.fromAgentId === DISPATCHER_AGENT_ID);
      expect(topLevel).toBeDefined();

      // And the child ran its work in spans under its invoke_agent span.
      const under = (name: string) =>
        exporter.getFinishedSpans().some((s) => s.name.startsWith(name) && s.spanContext().traceId === traceId);
      for (const name of ['task ', memoryReadSpan.name, memoryWriteSpan.name, 'chat ', 'execute_tool ']) expect(under(name), name).toBe(true);
    } finally {
      await fleet.stop();
    }
  });

});
