/**
 * Trace context across agents (spec action A6): a parent agent writes W3C
 * `traceparent`/`tracestate`/`baggage` into the shared memory under
 * `aqe/tracing/context/<taskId>`; the child agent it starts reads them back and parents
 * its spans on them. Baggage carries the agent id, task id and session id.
 */
import { context, diag, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';

/** The memory namespace of carriers; one key per child task below it. */
export const TRACE_CONTEXT_NAMESPACE = 'aqe/tracing/context';

export const AGENT_ID_BAGGAGE_KEY = 'aqe.agent.id';
export const TASK_ID_BAGGAGE_KEY = 'aqe.task.id';
export const SESSION_ID_BAGGAGE_KEY = 'aqe.session.id';

/** The agents' shared memory, sync or async (the fleet's memory store, or {@link InMemoryAgentMemory}). */
export interface AgentMemory {
  store(key: string, value: unknown): void | Promise<void>;
  retrieve(key: string): unknown | Promise<unknown>;
}

/** What is stored under a task's key: W3C header values. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
  baggage?: string;
}

export interface AgentBaggage {
  readonly agentId: string;
  readonly taskId: string;
  readonly sessionId: string;
}

/**
 * A Map-backed {@link AgentMemory} for tests and single-process fleets.
 *
 * @example
 * const memory = new InMemoryAgentMemory();
 * await injectTraceContext(memory, 'task-42');
 */
export class InMemoryAgentMemory implements AgentMemory {
  private readonly entries = new Map<string, unknown>();

  store(key: string, value: unknown): void {
    this.entries.set(key, value);
  }

  retrieve(key: string): unknown {
    return this.entries.get(key);
  }
}

/**
 * The carrier format is the W3C one by contract, whatever propagator the process registered
 * globally (B3, Jaeger...), so it is fixed here rather than taken from `propagation`.
 */
const w3c = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

/** The memory key of a child task's carrier. */
export function traceContextKey(taskId: string): string {
  return `${TRACE_CONTEXT_NAMESPACE}/${printable(taskId)}`;
}

/**
 * A task id as text, whatever an untyped caller passed: a template literal throws on a
 * Symbol, and `String()` on an object whose `toString` throws. Such an id gets a key of
 * its own kind (`Symbol(x)`, `[unprintable]`), so inject and extract still agree on it.
 */
function printable(taskId: unknown): string {
  if (typeof taskId === 'string') return taskId;
  try {
    return String(taskId);
  } catch {
    return '[unprintable]';
  }
}

/**
 * Writes the trace context (and baggage) of `ctx` for the child task `taskId`. A failing
 * memory store is reported through `diag`, never thrown.
 *
 * @example
 * await tracer.startActiveSpan('aqe.agent.delegate', async (span) => {
 *   await injectTraceContext(memory, childTaskId);
 *   startChildAgent(childTaskId);
 *   span.end();
 * });
 */
export async function injectTraceContext(memory: AgentMemory, taskId: string, ctx: Context = context.active()): Promise<void> {
  try {
    const carrier: TraceCarrier = {};
    w3c.inject(ctx, carrier, {
      set: (target, key, value) => {
        if (key === 'traceparent' || key === 'tracestate' || key === 'baggage') target[key] = value;
      },
    });
    await memory.store(traceContextKey(taskId), carrier);
  } catch (error) {
    diag.warn(`aqe-telemetry: could not store the trace context of task ${printable(taskId)}`, error);
  }
}

/**
 * Reads the carrier of `taskId` back into a context to start the child's spans in.
 * A missing, unreadable or garbled carrier gives `ROOT_CONTEXT`: the child starts a new
 * trace instead of failing.
 *
 * @example
 * const parent = await extractTraceContext(memory, myTaskId);
 * tracer.startActiveSpan('aqe.agent.execute', {}, parent, (span) => { ...; span.end(); });
 */
export async function extractTraceContext(memory: AgentMemory, taskId: string): Promise<Context> {
  try {
    const carrier = toCarrier(await memory.retrieve(traceContextKey(taskId)));
    return carrier ? w3c.extract(ROOT_CONTEXT, carrier, { keys: (c) => Object.keys(c), get: (c, key) => c[key as keyof TraceCarrier] }) : ROOT_CONTEXT;
  } catch (error) {
    diag.warn(`aqe-telemetry: could not read the trace context of task ${printable(taskId)}`, error);
    return ROOT_CONTEXT;
  }
}

/** Accepts the carrier object, or its JSON if the memory store serialises values. */
function toCarrier(stored: unknown): TraceCarrier | undefined {
  const value: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (typeof value !== 'object' || value === null) return undefined;
  const carrier: TraceCarrier = {};
  for (const key of ['traceparent', 'tracestate', 'baggage'] as const) {
    const field: unknown = (value as Record<string, unknown>)[key];
    if (typeof field === 'string') carrier[key] = field;
  }
  return carrier;
}

/**
 * Runs `fn` in a context whose baggage also holds the agent, task and session ids (other
 * baggage entries are kept), so they travel with {@link injectTraceContext}. Like every
 * `context.with`, it needs the context manager that `initializeTelemetry` registers.
 *
 * @example
 * withAgentBaggage({ agentId: 'qe-test-generator-1', taskId, sessionId }, () => injectTraceContext(memory, childTaskId));
 */
export function withAgentBaggage<T>(ids: AgentBaggage, fn: () => T, ctx: Context = context.active()): T {
  // No function, no work: calling it would be a TypeError of telemetry's making.
  if (typeof fn !== 'function') return undefined as T;
  let withIds: Context;
  try {
    let baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
    // Only strings: the W3C propagator would throw on anything else when injecting later.
    const entries = [
      [AGENT_ID_BAGGAGE_KEY, ids.agentId],
      [TASK_ID_BAGGAGE_KEY, ids.taskId],
      [SESSION_ID_BAGGAGE_KEY, ids.sessionId],
    ] as const;
    for (const [key, value] of entries) if (typeof value === 'string') baggage = baggage.setEntry(key, { value });
    withIds = propagation.setBaggage(ctx, baggage);
  } catch (error) {
    // No ids (undefined, a Proxy) or no context: the work still runs, without the baggage.
    diag.debug('aqe-telemetry: could not set the agent baggage', error);
    return fn();
  }
  return context.with(withIds, fn);
}

/**
 * The agent, task and session ids in the baggage of `ctx`; absent ones are left out.
 *
 * @example
 * const { agentId: parentAgent } = agentBaggageFrom(await extractTraceContext(memory, taskId));
 */
export function agentBaggageFrom(ctx: Context = context.active()): Partial<AgentBaggage> {
  const ids: { agentId?: string; taskId?: string; sessionId?: string } = {};
  try {
    const baggage = propagation.getBaggage(ctx);
    const agentId = baggage?.getEntry(AGENT_ID_BAGGAGE_KEY)?.value;
    const taskId = baggage?.getEntry(TASK_ID_BAGGAGE_KEY)?.value;
    const sessionId = baggage?.getEntry(SESSION_ID_BAGGAGE_KEY)?.value;
    if (agentId !== undefined) ids.agentId = agentId;
    if (taskId !== undefined) ids.taskId = taskId;
    if (sessionId !== undefined) ids.sessionId = sessionId;
  } catch (error) {
    // Not a context (null, from an untyped caller): it carries no ids.
    diag.debug('aqe-telemetry: could not read the agent baggage', error);
  }
  return ids;
}
