import { closedLabel, openLabel } from './define';
import { AGENT_TYPES } from './agent-types';
import { MODEL_NAMES } from './prices';
import { GENAI_PROVIDERS, OTHER_ERROR_TYPE } from './genai-conventions';

/**
 * Every label a metric may carry. A label is defined once here and shared by the metrics
 * that use it, so `agent_type` means the same set everywhere. Each value set gets an
 * implicit `other`, which is what the runtime records for a value outside the set.
 */

export const agentType = closedLabel('agent_type', 'The kind of QE agent', AGENT_TYPES);

export const outcome = closedLabel('status', 'How the agent run ended', [
  'success',
  'failure',
  'timeout',
  'cancelled',
] as const);

export const taskType = closedLabel('task_type', 'The kind of work a task asks for', [
  'unit-test-generation',
  'integration-test-generation',
  'e2e-test-generation',
  'test-execution',
  'coverage-analysis',
  'quality-gate',
  'quality-analysis',
  'performance-test',
  'security-scan',
  'requirements-validation',
  'production-analysis',
  'fleet-coordination',
  'deployment-readiness',
  'regression-risk',
  'test-data-generation',
  'contract-validation',
  'flaky-detection',
  'visual-regression',
  'chaos-experiment',
  'complexity-analysis',
] as const);

export const errorType = closedLabel('error_type', 'What went wrong in a failed agent run', [
  'timeout',
  'model_error',
  'rate_limited',
  'tool_error',
  'validation_error',
  'crash',
  'dependency_unavailable',
] as const);

export const project = openLabel('project', 'The project (repository) under test', 50);

export const codeModule = openLabel('module', 'A module (package, directory) of the project under test', 100);

export const qualityDimension = closedLabel('dimension', 'Which part of quality the score measures', [
  'overall',
  'reliability',
  'maintainability',
  'security',
  'performance',
  'test_effectiveness',
] as const);

export const coverageType = closedLabel('coverage_type', 'What the coverage counts', [
  'line',
  'branch',
  'function',
  'statement',
] as const);

export const severity = closedLabel('severity', 'How severe a defect or finding is', [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const);

export const defectCategory = closedLabel('category', 'The kind of defect', [
  'functional',
  'performance',
  'security',
  'usability',
  'reliability',
  'compatibility',
  'data',
] as const);

export const gateName = openLabel('gate_name', 'The quality gate that decided', 30);

export const gateDecision = closedLabel('decision', 'What the quality gate decided', [
  'pass',
  'fail',
  'warn',
] as const);

export const testOutcome = closedLabel('outcome', 'How one test execution ended', [
  'passed',
  'failed',
  'skipped',
  'flaky',
] as const);

export const priority = closedLabel('priority', 'Task priority in the queue', [
  'critical',
  'high',
  'medium',
  'low',
] as const);

export const operationType = closedLabel('operation_type', 'The kind of operation timed end to end', [
  'agent_spawn',
  'task_execution',
  'memory_read',
  'memory_write',
  'model_call',
  'tool_call',
  'workflow',
] as const);

export const model = closedLabel('model', 'The model that served the call (priced models only)', MODEL_NAMES);

/** Open, unlike `model`: the name of a model the price table lacks is what has to be seen. */
export const unpricedModel = openLabel('unpriced_model', 'A model name the price table does not price, as the agent passed it', 20);

export const vulnerabilityCategory = closedLabel('category', 'The kind of vulnerability', [
  'injection',
  'xss',
  'authentication',
  'authorization',
  'cryptography',
  'secrets',
  'dependency',
  'configuration',
  'deserialization',
] as const);

export const scanType = closedLabel('scan_type', 'The kind of security scan', [
  'sast',
  'dast',
  'dependency',
  'secrets',
  'container',
  'iac',
] as const);

export const cweCategory = openLabel('cwe_category', 'CWE identifier of the finding, e.g. CWE-79', 40);

export const telemetryMetric = openLabel(
  'metric',
  'The metric (Prometheus name) whose label value was rejected',
  60,
);

export const telemetryLabel = openLabel('label', 'The label whose value was rejected', 40);

export const telemetrySignal = closedLabel('signal', 'The telemetry signal that failed to export', [
  'traces',
  'metrics',
  'logs',
] as const);

export const exporterName = closedLabel('exporter', 'The exporter that failed', ['otlp', 'prometheus', 'file'] as const);

export const feedbackBehaviour = closedLabel('behaviour', 'Which adaptive behaviour of the feedback loop (spec 10.2) acted', [
  'performance',
  'cost',
  'quality',
  'errors',
  'flakiness',
] as const);

export const feedbackAction = closedLabel('action', 'What the feedback loop did (or, in dry-run, would have done)', [
  'lower_concurrency',
  'restore_concurrency',
  'switch_model',
  'restore_model',
  'spawn_agents',
  'release_agents',
  'trip_circuit_breaker',
  'disarm_circuit_breaker',
  'quarantine_flaky_tests',
  'release_quarantine',
] as const);

export const feedbackMode = closedLabel('mode', 'Whether the adaptation was applied or only recorded (dry-run)', [
  'applied',
  'dry_run',
] as const);

// The GenAI conventions' attributes on their metrics (schema/metrics/genai.ts), under the
// conventions' keys: Prometheus shows them with `_` for the dots (gen_ai_token_type).

export const genAiOperationName = closedLabel('gen_ai.operation.name', 'The GenAI operation of a model call', [
  'chat',
  'text_completion',
  'generate_content',
  'embeddings',
] as const);

export const genAiRequestModel = closedLabel('gen_ai.request.model', 'The model the call asked for (priced models only)', MODEL_NAMES);

export const genAiProvider = closedLabel('gen_ai.provider.name', 'The model provider, as the price table gives it for the model', GENAI_PROVIDERS, {
  functionOf: genAiRequestModel,
});

export const genAiTokenType = closedLabel('gen_ai.token.type', 'Input tokens (cache reads and writes included) or output tokens', ['input', 'output'] as const);

export const genAiErrorType = closedLabel('error.type', 'The class of error the operation ended with; absent when it succeeded', [...errorType.values, OTHER_ERROR_TYPE], {
  optional: true,
});

export const genAiAgentName = closedLabel('gen_ai.agent.name', 'The agent invoked (its agent type)', AGENT_TYPES);

export const genAiToolName = openLabel('gen_ai.tool.name', 'The tool an agent executed', 30);
