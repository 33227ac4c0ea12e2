import { attribute } from './define';
import { AGENT_TYPES } from './agent-types';
import { AGENT_PROVIDER, GENAI_PROVIDERS } from './genai-conventions';
import { outcome, priority, taskType } from './labels';

/**
 * Span attributes. `aqe.*` are this project's own (spec 14.2); `gen_ai.*` follow the
 * OpenTelemetry GenAI semantic conventions, so off-the-shelf LLM tracing tools read the
 * traces without configuration.
 */

export const aqeAgentType = attribute('aqe.agent.type', 'string', 'The kind of QE agent', AGENT_TYPES);
export const aqeAgentId = attribute('aqe.agent.id', 'string', 'Identifier of this agent instance');
export const aqeParentAgentId = attribute('aqe.agent.parent_id', 'string', 'Identifier of the agent that spawned this one');
export const aqeAgentStatus = attribute('aqe.agent.status', 'string', 'How the agent run ended', outcome.values);
export const aqeTaskId = attribute('aqe.task.id', 'string', 'Identifier of the task');
export const aqeTaskType = attribute('aqe.task.type', 'string', 'The kind of work the task asks for', taskType.values);
export const aqeTaskPriority = attribute('aqe.task.priority', 'string', 'Priority of the task', priority.values);
export const aqeSessionId = attribute('aqe.session.id', 'string', 'Identifier of the fleet session the task belongs to');
export const aqeMemoryNamespace = attribute('aqe.memory.namespace', 'string', 'Memory namespace, such as aqe/tracing/context');
export const aqeMemoryKey = attribute('aqe.memory.key', 'string', 'Key read or written within the namespace');
/** The conventions' memory attributes: the same values as aqe.memory.namespace and key, under their keys. */
export const genAiMemoryStoreId = attribute('gen_ai.memory.store.id', 'string', 'The memory store: the fleet memory namespace');
export const genAiMemoryRecordId = attribute('gen_ai.memory.record.id', 'string', 'The memory record: the key read or written');
export const aqeMemoryHit = attribute('aqe.memory.hit', 'boolean', 'Whether a read found a value');
export const aqeCostUsd = attribute('aqe.cost.usd', 'double', 'Model spend of this call in USD, from schema/prices.ts');

export const genAiOperationName = attribute('gen_ai.operation.name', 'string', 'The GenAI operation', [
  'create_agent',
  'invoke_agent',
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
  'execute_tool',
  'search_memory',
  'upsert_memory',
]);
export const genAiProviderName = attribute('gen_ai.provider.name', 'string', 'The GenAI provider: the model\'s, or for an agent span the runtime that hosts the agent', [...GENAI_PROVIDERS, AGENT_PROVIDER]);
export const genAiRequestModel = attribute('gen_ai.request.model', 'string', 'The model the call asked for');
export const genAiResponseModel = attribute('gen_ai.response.model', 'string', 'The model that answered');
export const genAiAgentName = attribute('gen_ai.agent.name', 'string', 'Human-readable name of the agent (its agent type)');
export const genAiAgentId = attribute('gen_ai.agent.id', 'string', 'Unique identifier of the agent');
export const genAiConversationId = attribute('gen_ai.conversation.id', 'string', 'Identifier of the conversation (session)');
export const genAiInputTokens = attribute('gen_ai.usage.input_tokens', 'int', 'Input tokens of the call, cache reads included');
export const genAiOutputTokens = attribute('gen_ai.usage.output_tokens', 'int', 'Output tokens of the call');
export const genAiCacheReadTokens = attribute(
  'gen_ai.usage.cache_read.input_tokens',
  'int',
  'Input tokens served from the provider cache',
);
export const genAiCacheCreationTokens = attribute(
  'gen_ai.usage.cache_creation.input_tokens',
  'int',
  'Input tokens written to the provider cache',
);
export const genAiReasoningTokens = attribute(
  'gen_ai.usage.reasoning.output_tokens',
  'int',
  'Of the output tokens, those the model spent reasoning',
);
export const genAiRequestStream = attribute('gen_ai.request.stream', 'boolean', 'Whether the call streamed its answer (set only when it did)');
export const genAiTimeToFirstChunk = attribute(
  'gen_ai.response.time_to_first_chunk',
  'double',
  'A streaming call: seconds from the request to the first chunk of the answer',
);
export const genAiToolName = attribute('gen_ai.tool.name', 'string', 'Name of the tool the agent called');
export const genAiToolCallId = attribute('gen_ai.tool.call.id', 'string', 'Identifier of the tool call');
export const errorTypeAttribute = attribute('error.type', 'string', 'Class of the error that ended the operation');
