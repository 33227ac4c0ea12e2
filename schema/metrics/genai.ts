import { histogram } from '../define';
import { GENAI_AGENT_BUCKETS, GENAI_CONVENTIONS, GENAI_OPERATION_BUCKETS, GENAI_TOKEN_BUCKETS } from '../genai-conventions';
import { genAiAgentName, genAiErrorType, genAiOperationName, genAiProvider, genAiRequestModel, genAiTokenType, genAiToolName } from '../labels';

/**
 * The standard GenAI metrics (schema/genai-conventions.ts): what OpenLIT, Langfuse, Logfire
 * and the GenAI dashboards of Grafana read. Agents do not call these: recordTokenUsage() and
 * the model, agent and tool span helpers record them beside the `aqe.*` metrics.
 */

export const genAiTokenUsage = histogram({
  name: 'gen_ai.client.token.usage',
  unit: '{token}',
  description: 'Tokens of one model call, by token type: input counts cache reads and writes too',
  labels: [genAiOperationName, genAiProvider, genAiTokenType, genAiRequestModel],
  buckets: GENAI_TOKEN_BUCKETS,
  convention: GENAI_CONVENTIONS,
});

export const genAiOperationDuration = histogram({
  name: 'gen_ai.client.operation.duration',
  unit: 's',
  description: 'Duration of one model call, the model call span from start to end',
  labels: [genAiOperationName, genAiProvider, genAiRequestModel, genAiErrorType],
  buckets: GENAI_OPERATION_BUCKETS,
  convention: GENAI_CONVENTIONS,
});

export const genAiTimeToFirstChunk = histogram({
  name: 'gen_ai.client.operation.time_to_first_chunk',
  unit: 's',
  description: 'Time from a streaming model call\'s request to the first chunk of its answer',
  labels: [genAiOperationName, genAiProvider, genAiRequestModel],
  buckets: GENAI_OPERATION_BUCKETS,
  convention: GENAI_CONVENTIONS,
});

export const genAiInvokeAgentDuration = histogram({
  name: 'gen_ai.invoke_agent.duration',
  unit: 's',
  description: 'Duration of one agent run, the invoke_agent span from start to end',
  labels: [genAiAgentName, genAiErrorType],
  buckets: GENAI_AGENT_BUCKETS,
  convention: GENAI_CONVENTIONS,
});

export const genAiExecuteToolDuration = histogram({
  name: 'gen_ai.execute_tool.duration',
  unit: 's',
  // gen_ai.agent.name is left out: by tool and agent type it would be 31 x 19 x 10 x 20 series.
  description: 'Duration of one tool call, the execute_tool span from start to end',
  labels: [genAiToolName, genAiErrorType],
  buckets: GENAI_OPERATION_BUCKETS,
  convention: GENAI_CONVENTIONS,
});
