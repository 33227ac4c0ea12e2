// Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.

import { runInSpan, SpanKind, type SpanOptions, type SpanSpec, type TypedSpan } from '../../runtime/spans';

/**
 * Attributes of the `invoke_agent {gen_ai.agent.name}` span.
 */
export interface AgentExecuteSpanAttributes {
  /**
   * The kind of QE agent
   */
  readonly "aqe.agent.type": "qe-test-generator" | "qe-test-executor" | "qe-coverage-analyzer" | "qe-quality-gate" | "qe-quality-analyzer" | "qe-performance-tester" | "qe-security-scanner" | "qe-requirements-validator" | "qe-production-intelligence" | "qe-fleet-commander" | "qe-deployment-readiness" | "qe-regression-risk-analyzer" | "qe-test-data-architect" | "qe-api-contract-validator" | "qe-flaky-test-hunter" | "qe-visual-tester" | "qe-chaos-engineer" | "qe-code-complexity";
  /**
   * Human-readable name of the agent (its agent type)
   */
  readonly "gen_ai.agent.name": string;
  /**
   * Unique identifier of the agent
   */
  readonly "gen_ai.agent.id"?: string;
  /**
   * Identifier of this agent instance
   */
  readonly "aqe.agent.id"?: string;
  /**
   * Identifier of the task
   */
  readonly "aqe.task.id"?: string;
  /**
   * The kind of work the task asks for
   */
  readonly "aqe.task.type"?: "unit-test-generation" | "integration-test-generation" | "e2e-test-generation" | "test-execution" | "coverage-analysis" | "quality-gate" | "quality-analysis" | "performance-test" | "security-scan" | "requirements-validation" | "production-analysis" | "fleet-coordination" | "deployment-readiness" | "regression-risk" | "test-data-generation" | "contract-validation" | "flaky-detection" | "visual-regression" | "chaos-experiment" | "complexity-analysis";
  /**
   * Priority of the task
   */
  readonly "aqe.task.priority"?: "critical" | "high" | "medium" | "low";
  /**
   * Identifier of the fleet session the task belongs to
   */
  readonly "aqe.session.id"?: string;
  /**
   * Identifier of the conversation (session)
   */
  readonly "gen_ai.conversation.id"?: string;
  /**
   * How the agent run ended
   */
  readonly "aqe.agent.status"?: "success" | "failure" | "timeout" | "cancelled";
  /**
   * Class of the error that ended the operation
   */
  readonly "error.type"?: string;
}

const AGENT_EXECUTE_SPAN: SpanSpec<AgentExecuteSpanAttributes> = {
  name: (a) => `invoke_agent ${a["gen_ai.agent.name"]}`,
  kind: SpanKind.INTERNAL,
  fixedAttributes: { "gen_ai.operation.name": "invoke_agent" },
};

/**
 * One agent run. It ends OK with aqe.agent.status (agent.complete), or ERROR with the exception recorded (agent.error).
 * Instrumentation points (spec A4): agent.execute(), agent.complete(), agent.error().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withAgentExecuteSpan({ "aqe.agent.type": "qe-test-generator", "gen_ai.agent.name": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withAgentExecuteSpan<T>(attributes: AgentExecuteSpanAttributes, fn: (span: TypedSpan<AgentExecuteSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(AGENT_EXECUTE_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `create_agent {gen_ai.agent.name}` span.
 */
export interface AgentSpawnSpanAttributes {
  /**
   * The kind of QE agent
   */
  readonly "aqe.agent.type": "qe-test-generator" | "qe-test-executor" | "qe-coverage-analyzer" | "qe-quality-gate" | "qe-quality-analyzer" | "qe-performance-tester" | "qe-security-scanner" | "qe-requirements-validator" | "qe-production-intelligence" | "qe-fleet-commander" | "qe-deployment-readiness" | "qe-regression-risk-analyzer" | "qe-test-data-architect" | "qe-api-contract-validator" | "qe-flaky-test-hunter" | "qe-visual-tester" | "qe-chaos-engineer" | "qe-code-complexity";
  /**
   * Human-readable name of the agent (its agent type)
   */
  readonly "gen_ai.agent.name": string;
  /**
   * Unique identifier of the agent
   */
  readonly "gen_ai.agent.id"?: string;
  /**
   * Identifier of this agent instance
   */
  readonly "aqe.agent.id"?: string;
  /**
   * Identifier of the agent that spawned this one
   */
  readonly "aqe.agent.parent_id"?: string;
  /**
   * Identifier of the task
   */
  readonly "aqe.task.id"?: string;
  /**
   * Identifier of the fleet session the task belongs to
   */
  readonly "aqe.session.id"?: string;
}

const AGENT_SPAWN_SPAN: SpanSpec<AgentSpawnSpanAttributes> = {
  name: (a) => `create_agent ${a["gen_ai.agent.name"]}`,
  kind: SpanKind.INTERNAL,
  fixedAttributes: { "gen_ai.operation.name": "create_agent" },
};

/**
 * A parent agent (or the fleet) spawns an agent; the child run is a separate trace-linked span.
 * Instrumentation points (spec A4): agent.spawn().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withAgentSpawnSpan({ "aqe.agent.type": "qe-test-generator", "gen_ai.agent.name": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withAgentSpawnSpan<T>(attributes: AgentSpawnSpanAttributes, fn: (span: TypedSpan<AgentSpawnSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(AGENT_SPAWN_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `memory.read` span.
 */
export interface MemoryReadSpanAttributes {
  /**
   * Memory namespace, such as aqe/tracing/context
   */
  readonly "aqe.memory.namespace": string;
  /**
   * Key read or written within the namespace
   */
  readonly "aqe.memory.key"?: string;
  /**
   * Whether a read found a value
   */
  readonly "aqe.memory.hit"?: boolean;
}

const MEMORY_READ_SPAN: SpanSpec<MemoryReadSpanAttributes> = {
  name: (a) => `memory.read`,
  kind: SpanKind.CLIENT,
  fixedAttributes: {  },
};

/**
 * A read from the fleet memory.
 * Instrumentation points (spec A4): memory.read().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withMemoryReadSpan({ "aqe.memory.namespace": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withMemoryReadSpan<T>(attributes: MemoryReadSpanAttributes, fn: (span: TypedSpan<MemoryReadSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(MEMORY_READ_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `memory.write` span.
 */
export interface MemoryWriteSpanAttributes {
  /**
   * Memory namespace, such as aqe/tracing/context
   */
  readonly "aqe.memory.namespace": string;
  /**
   * Key read or written within the namespace
   */
  readonly "aqe.memory.key"?: string;
}

const MEMORY_WRITE_SPAN: SpanSpec<MemoryWriteSpanAttributes> = {
  name: (a) => `memory.write`,
  kind: SpanKind.CLIENT,
  fixedAttributes: {  },
};

/**
 * A write to the fleet memory.
 * Instrumentation points (spec A4): memory.write().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withMemoryWriteSpan({ "aqe.memory.namespace": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withMemoryWriteSpan<T>(attributes: MemoryWriteSpanAttributes, fn: (span: TypedSpan<MemoryWriteSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(MEMORY_WRITE_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `chat {gen_ai.request.model}` span.
 */
export interface ModelCallSpanAttributes {
  /**
   * The model provider
   */
  readonly "gen_ai.provider.name": "anthropic" | "openai" | "gcp.gemini" | "gcp.vertex_ai" | "aws.bedrock" | "azure.ai.openai";
  /**
   * The model the call asked for
   */
  readonly "gen_ai.request.model": string;
  /**
   * The model that answered
   */
  readonly "gen_ai.response.model"?: string;
  /**
   * The kind of QE agent
   */
  readonly "aqe.agent.type"?: "qe-test-generator" | "qe-test-executor" | "qe-coverage-analyzer" | "qe-quality-gate" | "qe-quality-analyzer" | "qe-performance-tester" | "qe-security-scanner" | "qe-requirements-validator" | "qe-production-intelligence" | "qe-fleet-commander" | "qe-deployment-readiness" | "qe-regression-risk-analyzer" | "qe-test-data-architect" | "qe-api-contract-validator" | "qe-flaky-test-hunter" | "qe-visual-tester" | "qe-chaos-engineer" | "qe-code-complexity";
  /**
   * Human-readable name of the agent (its agent type)
   */
  readonly "gen_ai.agent.name"?: string;
  /**
   * Identifier of the conversation (session)
   */
  readonly "gen_ai.conversation.id"?: string;
  /**
   * Input tokens of the call, cache reads included
   */
  readonly "gen_ai.usage.input_tokens"?: number;
  /**
   * Output tokens of the call
   */
  readonly "gen_ai.usage.output_tokens"?: number;
  /**
   * Input tokens served from the provider cache
   */
  readonly "gen_ai.usage.cache_read.input_tokens"?: number;
  /**
   * Input tokens written to the provider cache
   */
  readonly "gen_ai.usage.cache_creation.input_tokens"?: number;
  /**
   * Model spend of this call in USD, from schema/prices.ts
   */
  readonly "aqe.cost.usd"?: number;
  /**
   * Class of the error that ended the operation
   */
  readonly "error.type"?: string;
}

const MODEL_CALL_SPAN: SpanSpec<ModelCallSpanAttributes> = {
  name: (a) => `chat ${a["gen_ai.request.model"]}`,
  kind: SpanKind.CLIENT,
  fixedAttributes: { "gen_ai.operation.name": "chat" },
};

/**
 * One call to a language model; token usage and cost are set by recordTokenUsage().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withModelCallSpan({ "gen_ai.provider.name": "anthropic", "gen_ai.request.model": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withModelCallSpan<T>(attributes: ModelCallSpanAttributes, fn: (span: TypedSpan<ModelCallSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(MODEL_CALL_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `task {aqe.task.type}` span.
 */
export interface TaskSpanAttributes {
  /**
   * The kind of work the task asks for
   */
  readonly "aqe.task.type": "unit-test-generation" | "integration-test-generation" | "e2e-test-generation" | "test-execution" | "coverage-analysis" | "quality-gate" | "quality-analysis" | "performance-test" | "security-scan" | "requirements-validation" | "production-analysis" | "fleet-coordination" | "deployment-readiness" | "regression-risk" | "test-data-generation" | "contract-validation" | "flaky-detection" | "visual-regression" | "chaos-experiment" | "complexity-analysis";
  /**
   * Identifier of the task
   */
  readonly "aqe.task.id": string;
  /**
   * Priority of the task
   */
  readonly "aqe.task.priority"?: "critical" | "high" | "medium" | "low";
  /**
   * The kind of QE agent
   */
  readonly "aqe.agent.type"?: "qe-test-generator" | "qe-test-executor" | "qe-coverage-analyzer" | "qe-quality-gate" | "qe-quality-analyzer" | "qe-performance-tester" | "qe-security-scanner" | "qe-requirements-validator" | "qe-production-intelligence" | "qe-fleet-commander" | "qe-deployment-readiness" | "qe-regression-risk-analyzer" | "qe-test-data-architect" | "qe-api-contract-validator" | "qe-flaky-test-hunter" | "qe-visual-tester" | "qe-chaos-engineer" | "qe-code-complexity";
  /**
   * Identifier of the fleet session the task belongs to
   */
  readonly "aqe.session.id"?: string;
  /**
   * Class of the error that ended the operation
   */
  readonly "error.type"?: string;
}

const TASK_SPAN: SpanSpec<TaskSpanAttributes> = {
  name: (a) => `task ${a["aqe.task.type"]}`,
  kind: SpanKind.INTERNAL,
  fixedAttributes: {  },
};

/**
 * One task, from start (task.start) to completion (task.complete).
 * Instrumentation points (spec A4): task.start(), task.complete().
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withTaskSpan({ "aqe.task.type": "unit-test-generation", "aqe.task.id": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withTaskSpan<T>(attributes: TaskSpanAttributes, fn: (span: TypedSpan<TaskSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(TASK_SPAN, attributes, fn, options);
}

/**
 * Attributes of the `execute_tool {gen_ai.tool.name}` span.
 */
export interface ToolCallSpanAttributes {
  /**
   * Name of the tool the agent called
   */
  readonly "gen_ai.tool.name": string;
  /**
   * Identifier of the tool call
   */
  readonly "gen_ai.tool.call.id"?: string;
  /**
   * The kind of QE agent
   */
  readonly "aqe.agent.type"?: "qe-test-generator" | "qe-test-executor" | "qe-coverage-analyzer" | "qe-quality-gate" | "qe-quality-analyzer" | "qe-performance-tester" | "qe-security-scanner" | "qe-requirements-validator" | "qe-production-intelligence" | "qe-fleet-commander" | "qe-deployment-readiness" | "qe-regression-risk-analyzer" | "qe-test-data-architect" | "qe-api-contract-validator" | "qe-flaky-test-hunter" | "qe-visual-tester" | "qe-chaos-engineer" | "qe-code-complexity";
  /**
   * Class of the error that ended the operation
   */
  readonly "error.type"?: string;
}

const TOOL_CALL_SPAN: SpanSpec<ToolCallSpanAttributes> = {
  name: (a) => `execute_tool ${a["gen_ai.tool.name"]}`,
  kind: SpanKind.INTERNAL,
  fixedAttributes: { "gen_ai.operation.name": "execute_tool" },
};

/**
 * One tool call made by an agent.
 *
 * Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with
 * status OK, or ERROR with the exception recorded (the exception is rethrown).
 *
 * @example
 * await withToolCallSpan({ "gen_ai.tool.name": "example" }, async (span) => {
 *   // ... the work ...
 * });
 */
export function withToolCallSpan<T>(attributes: ToolCallSpanAttributes, fn: (span: TypedSpan<ToolCallSpanAttributes>) => T, options?: SpanOptions): T {
  return runInSpan(TOOL_CALL_SPAN, attributes, fn, options);
}
