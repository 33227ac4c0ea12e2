import { alsoAs, defaulted, fixed, recommended, required, span } from './define';
import * as a from './attributes';
import { AGENT_PROVIDER } from './genai-conventions';
import { genAiExecuteToolDuration, genAiInvokeAgentDuration, genAiOperationDuration } from './metrics/genai';

/**
 * The instrumentation points of spec action A4, plus model and tool calls. Each becomes a
 * generated `with...Span` helper that sets status, records exceptions and ends the span in
 * `finally` (spec 14.2).
 */

export const agentSpawnSpan = span({
  id: 'agent_spawn',
  name: 'create_agent {gen_ai.agent.name}',
  // The conventions' kind: creating an agent is a request to whatever hosts it.
  kind: 'client',
  description: 'A parent agent (or the fleet) spawns an agent; the child run is a separate trace-linked span',
  specPoints: ['agent.spawn()'],
  fixedAttributes: [fixed(a.genAiOperationName, 'create_agent')],
  attributes: [
    required(a.aqeAgentType),
    required(a.genAiAgentName),
    defaulted(a.genAiProviderName, AGENT_PROVIDER),
    recommended(a.genAiAgentId),
    recommended(a.aqeAgentId),
    recommended(a.aqeParentAgentId),
    recommended(a.aqeTaskId),
    recommended(a.aqeSessionId),
  ],
});

export const agentExecuteSpan = span({
  id: 'agent_execute',
  name: 'invoke_agent {gen_ai.agent.name}',
  // The conventions' "invoke agent internal span": the agent runs in this process.
  kind: 'internal',
  description:
    'One agent run. It ends OK with aqe.agent.status (agent.complete), or ERROR with the exception recorded (agent.error)',
  specPoints: ['agent.execute()', 'agent.complete()', 'agent.error()'],
  fixedAttributes: [fixed(a.genAiOperationName, 'invoke_agent')],
  durationMetric: genAiInvokeAgentDuration,
  attributes: [
    required(a.aqeAgentType),
    required(a.genAiAgentName),
    defaulted(a.genAiProviderName, AGENT_PROVIDER),
    recommended(a.genAiAgentId),
    recommended(a.aqeAgentId),
    recommended(a.aqeTaskId),
    recommended(a.aqeTaskType),
    recommended(a.aqeTaskPriority),
    recommended(a.aqeSessionId),
    recommended(a.genAiConversationId),
    recommended(a.aqeAgentStatus),
    recommended(a.errorTypeAttribute),
  ],
});

export const taskSpan = span({
  id: 'task',
  name: 'task {aqe.task.type}',
  kind: 'internal',
  description: 'One task, from start (task.start) to completion (task.complete)',
  specPoints: ['task.start()', 'task.complete()'],
  attributes: [
    required(a.aqeTaskType),
    required(a.aqeTaskId),
    recommended(a.aqeTaskPriority),
    recommended(a.aqeAgentType),
    recommended(a.aqeSessionId),
    recommended(a.errorTypeAttribute),
  ],
});

// The conventions' memory operation span (gen_ai.memory.client): named by its operation, a
// read is a search of the store by key, a write an upsert. The aqe.memory.* keys stay what
// agents pass; the span carries their values under the conventions' keys too.
export const memoryReadSpan = span({
  id: 'memory_read',
  name: 'search_memory',
  kind: 'client',
  description: 'A read from the fleet memory',
  specPoints: ['memory.read()'],
  fixedAttributes: [fixed(a.genAiOperationName, 'search_memory')],
  attributes: [alsoAs(required(a.aqeMemoryNamespace), a.genAiMemoryStoreId), alsoAs(recommended(a.aqeMemoryKey), a.genAiMemoryRecordId), recommended(a.aqeMemoryHit)],
});

export const memoryWriteSpan = span({
  id: 'memory_write',
  name: 'upsert_memory',
  kind: 'client',
  description: 'A write to the fleet memory',
  specPoints: ['memory.write()'],
  fixedAttributes: [fixed(a.genAiOperationName, 'upsert_memory')],
  attributes: [alsoAs(required(a.aqeMemoryNamespace), a.genAiMemoryStoreId), alsoAs(recommended(a.aqeMemoryKey), a.genAiMemoryRecordId)],
});

export const modelCallSpan = span({
  id: 'model_call',
  name: 'chat {gen_ai.request.model}',
  kind: 'client',
  description: 'One call to a language model; token usage and cost are set by recordTokenUsage()',
  specPoints: [],
  fixedAttributes: [fixed(a.genAiOperationName, 'chat')],
  durationMetric: genAiOperationDuration,
  attributes: [
    required(a.genAiProviderName),
    required(a.genAiRequestModel),
    recommended(a.genAiResponseModel),
    recommended(a.aqeAgentType),
    recommended(a.genAiAgentName),
    recommended(a.genAiConversationId),
    recommended(a.genAiInputTokens),
    recommended(a.genAiOutputTokens),
    recommended(a.genAiCacheReadTokens),
    recommended(a.genAiCacheCreationTokens),
    recommended(a.genAiReasoningTokens),
    recommended(a.genAiRequestStream),
    recommended(a.genAiTimeToFirstChunk),
    recommended(a.aqeCostUsd),
    recommended(a.errorTypeAttribute),
  ],
});

export const toolCallSpan = span({
  id: 'tool_call',
  name: 'execute_tool {gen_ai.tool.name}',
  kind: 'internal',
  description: 'One tool call made by an agent',
  specPoints: [],
  fixedAttributes: [fixed(a.genAiOperationName, 'execute_tool')],
  durationMetric: genAiExecuteToolDuration,
  attributes: [
    required(a.genAiToolName),
    recommended(a.genAiToolCallId),
    recommended(a.aqeAgentType),
    recommended(a.errorTypeAttribute),
  ],
});
