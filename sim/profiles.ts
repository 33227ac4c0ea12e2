/**
 * What the simulated fleet looks like in normal operation: which tasks each agent type
 * runs, how often, how long they take, which models they call and how many tokens they
 * send. Every agent type, task type and model is a key of a typed record, so a misspelt or
 * missing one does not compile; values of open labels (projects, modules, gates, CWEs) are
 * typed with the label's type from the generated helpers.
 */
import type { AgentType, CodeModule, CweCategory, DefectCategory, ErrorType, GateDecision, GateName, Model, Priority, Project, Severity, TaskType, VulnerabilityCategory } from '../out/instrumentation/labels';
import type { ModelCallSpanAttributes } from '../out/instrumentation/spans';

export type Weighted<T> = readonly (readonly [T, number])[];
export type Provider = ModelCallSpanAttributes['gen_ai.provider.name'];

export const PROJECTS = ['checkout-service', 'payments-api', 'web-frontend'] as const satisfies readonly Project[];
export type SimProject = (typeof PROJECTS)[number];

export const MODULES: Record<SimProject, readonly CodeModule[]> = {
  'checkout-service': ['cart', 'pricing', 'payment-flow', 'order-api', 'notifications'],
  'payments-api': ['ledger', 'card-gateway', 'refunds', 'fraud-rules', 'webhooks'],
  'web-frontend': ['components', 'checkout-ui', 'search', 'account', 'i18n'],
};

/** Line coverage each project sits at in normal operation (the other kinds follow it). */
export const BASE_LINE_COVERAGE: Record<SimProject, number> = {
  'checkout-service': 86,
  'payments-api': 88,
  'web-frontend': 83,
};

export const GATES = ['pull-request', 'release'] as const satisfies readonly GateName[];
export type SimGate = (typeof GATES)[number];

/** Gate picked by a quality-gate task, and what it decides in normal operation. */
export const GATE_WEIGHTS: Weighted<SimGate> = [
  ['pull-request', 2],
  ['release', 1],
];
/** About 0.6 failed decisions an hour per gate at the normal rate: well under QualityGateBreach (more than 3). */
export const GATE_DECISIONS: Record<SimGate, Weighted<GateDecision>> = {
  'pull-request': [
    ['pass', 0.93],
    ['warn', 0.06],
    ['fail', 0.01],
  ],
  release: [
    ['pass', 0.92],
    ['warn', 0.06],
    ['fail', 0.02],
  ],
};

export const PRIORITY_WEIGHTS: Weighted<Priority> = [
  ['critical', 0.05],
  ['high', 0.2],
  ['medium', 0.45],
  ['low', 0.3],
];

/**
 * Share of runs that fail in normal operation (after the agents' own retries), and how the
 * failures spread over kinds. 0.5 %: half of the 1 % error budget of the run-success SLO
 * (99 %, rules/slo.ts), so a healthy fleet keeps its objective with room for incidents and
 * never opens the SLO ticket (1x), while the budget is small enough that every run failing
 * reaches the page's 14.4x over an hour in minutes (docs/slo.md).
 */
export const NORMAL_ERROR_RATIO = 0.005;
export const NORMAL_ERRORS: Weighted<ErrorType> = [
  ['model_error', 25],
  ['rate_limited', 15],
  ['timeout', 20],
  ['tool_error', 20],
  ['validation_error', 10],
  ['crash', 5],
  ['dependency_unavailable', 5],
];
export const CANCEL_RATIO = 0.003;
/** A model or tool call that times out gives up after this many simulated seconds. */
export const CALL_TIMEOUT_SECONDS = 9;

export const PROVIDER_OF: Record<Model, Provider> = {
  'claude-opus-4-1': 'anthropic',
  'claude-sonnet-4-5': 'anthropic',
  'claude-haiku-4-5': 'anthropic',
  'gpt-5': 'openai',
  'gpt-5-mini': 'openai',
  'gpt-4o': 'openai',
  'gpt-4o-mini': 'openai',
  'gemini-2.5-pro': 'gcp.gemini',
  'gemini-2.5-flash': 'gcp.gemini',
};

export interface TaskProfile {
  /** Median simulated duration of the agent's own work, seconds (log-normal). */
  readonly medianSeconds: number;
  readonly sigma: number;
  readonly modelCalls: readonly [number, number];
  readonly toolCalls: readonly [number, number];
  /** Median input (uncached) and output tokens of one model call. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Engineer time one successful task saves, seconds (before per-task scaling). */
  readonly timeSavedSeconds: number;
}

/**
 * Medians of 1.5-5 s with sigma 0.35-0.45 keep under 5 % of runs above 10 s, so the P95
 * that histogram_quantile() estimates from the buckets (.., 5, 10, 30, ..) stays around
 * 10 s in normal operation (PerformanceDegradation: 30 s). qe-fleet-commander runs last as
 * long as their slowest child and come out higher (about 25 s), below the alert's traffic guard.
 */
export const TASK_PROFILES: Record<TaskType, TaskProfile> = {
  'unit-test-generation': { medianSeconds: 4, sigma: 0.45, modelCalls: [1, 3], toolCalls: [1, 2], inputTokens: 2500, outputTokens: 900, timeSavedSeconds: 180 },
  'integration-test-generation': { medianSeconds: 4.5, sigma: 0.45, modelCalls: [2, 3], toolCalls: [1, 3], inputTokens: 3500, outputTokens: 1200, timeSavedSeconds: 300 },
  'e2e-test-generation': { medianSeconds: 5, sigma: 0.45, modelCalls: [2, 3], toolCalls: [1, 3], inputTokens: 4000, outputTokens: 1500, timeSavedSeconds: 600 },
  'test-execution': { medianSeconds: 4, sigma: 0.45, modelCalls: [1, 1], toolCalls: [1, 3], inputTokens: 1500, outputTokens: 300, timeSavedSeconds: 600 },
  'coverage-analysis': { medianSeconds: 3, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 2000, outputTokens: 400, timeSavedSeconds: 600 },
  'quality-gate': { medianSeconds: 1.5, sigma: 0.4, modelCalls: [1, 1], toolCalls: [1, 2], inputTokens: 1500, outputTokens: 200, timeSavedSeconds: 300 },
  'quality-analysis': { medianSeconds: 4, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 3000, outputTokens: 800, timeSavedSeconds: 900 },
  'performance-test': { medianSeconds: 5, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 3], inputTokens: 1500, outputTokens: 500, timeSavedSeconds: 1800 },
  'security-scan': { medianSeconds: 4.5, sigma: 0.45, modelCalls: [1, 2], toolCalls: [1, 3], inputTokens: 3000, outputTokens: 700, timeSavedSeconds: 1200 },
  'requirements-validation': { medianSeconds: 3, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 1], inputTokens: 3500, outputTokens: 900, timeSavedSeconds: 900 },
  'production-analysis': { medianSeconds: 4, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 4000, outputTokens: 700, timeSavedSeconds: 600 },
  'fleet-coordination': { medianSeconds: 1.5, sigma: 0.35, modelCalls: [1, 2], toolCalls: [1, 1], inputTokens: 2500, outputTokens: 600, timeSavedSeconds: 300 },
  'deployment-readiness': { medianSeconds: 3, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 2500, outputTokens: 500, timeSavedSeconds: 600 },
  'regression-risk': { medianSeconds: 2.5, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 3000, outputTokens: 500, timeSavedSeconds: 600 },
  'test-data-generation': { medianSeconds: 3, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 2000, outputTokens: 1500, timeSavedSeconds: 900 },
  'contract-validation': { medianSeconds: 2.5, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 2500, outputTokens: 400, timeSavedSeconds: 600 },
  'flaky-detection': { medianSeconds: 4, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 3], inputTokens: 2000, outputTokens: 500, timeSavedSeconds: 900 },
  'visual-regression': { medianSeconds: 4, sigma: 0.4, modelCalls: [1, 2], toolCalls: [1, 2], inputTokens: 3000, outputTokens: 400, timeSavedSeconds: 600 },
  'chaos-experiment': { medianSeconds: 5, sigma: 0.35, modelCalls: [1, 2], toolCalls: [1, 3], inputTokens: 2000, outputTokens: 600, timeSavedSeconds: 1800 },
  'complexity-analysis': { medianSeconds: 2, sigma: 0.4, modelCalls: [1, 1], toolCalls: [1, 1], inputTokens: 2500, outputTokens: 400, timeSavedSeconds: 600 },
};

export interface AgentProfile {
  /** Runs started per simulated minute, not counting those spawned by a parent agent. */
  readonly runsPerMinute: number;
  readonly tasks: Weighted<TaskType>;
  readonly models: Weighted<Model>;
  readonly tools: readonly string[];
  /** Agent types this one may spawn when it is itself a child of qe-fleet-commander (level 2). */
  readonly spawns?: readonly AgentType[];
}

export const AGENT_PROFILES: Record<AgentType, AgentProfile> = {
  'qe-test-generator': {
    runsPerMinute: 6,
    tasks: [['unit-test-generation', 0.6], ['integration-test-generation', 0.3], ['e2e-test-generation', 0.1]],
    models: [['claude-sonnet-4-5', 0.8], ['claude-haiku-4-5', 0.2]],
    tools: ['read_file', 'write_file', 'analyze_ast'],
    spawns: ['qe-test-executor'],
  },
  'qe-test-executor': {
    runsPerMinute: 5,
    tasks: [['test-execution', 0.85], ['flaky-detection', 0.15]],
    models: [['claude-haiku-4-5', 0.6], ['gpt-4o-mini', 0.4]],
    tools: ['run_tests', 'collect_coverage'],
  },
  'qe-coverage-analyzer': {
    runsPerMinute: 3,
    tasks: [['coverage-analysis', 0.75], ['quality-analysis', 0.25]],
    models: [['claude-haiku-4-5', 0.5], ['gemini-2.5-flash', 0.5]],
    tools: ['collect_coverage', 'read_file'],
  },
  'qe-quality-gate': {
    runsPerMinute: 2,
    tasks: [['quality-gate', 0.75], ['deployment-readiness', 0.25]],
    models: [['claude-sonnet-4-5', 1]],
    tools: ['query_metrics', 'evaluate_policy'],
    spawns: ['qe-coverage-analyzer'],
  },
  'qe-quality-analyzer': {
    runsPerMinute: 1.5,
    tasks: [['quality-analysis', 0.7], ['complexity-analysis', 0.3]],
    models: [['claude-sonnet-4-5', 0.6], ['gpt-5', 0.4]],
    tools: ['query_metrics', 'read_file'],
  },
  'qe-performance-tester': {
    runsPerMinute: 1,
    tasks: [['performance-test', 1]],
    models: [['gpt-5-mini', 1]],
    tools: ['k6_run', 'query_metrics'],
  },
  'qe-security-scanner': {
    runsPerMinute: 2,
    tasks: [['security-scan', 1]],
    models: [['claude-sonnet-4-5', 0.9], ['claude-opus-4-1', 0.1]],
    tools: ['semgrep', 'dependency_audit', 'secret_scan'],
  },
  'qe-requirements-validator': {
    runsPerMinute: 1.5,
    tasks: [['requirements-validation', 0.8], ['contract-validation', 0.2]],
    models: [['gpt-5', 0.6], ['gemini-2.5-pro', 0.4]],
    tools: ['read_spec', 'read_file'],
  },
  'qe-production-intelligence': {
    runsPerMinute: 1,
    tasks: [['production-analysis', 0.7], ['regression-risk', 0.3]],
    models: [['gemini-2.5-pro', 1]],
    tools: ['query_logs', 'query_metrics'],
  },
  'qe-fleet-commander': {
    runsPerMinute: 0.6,
    tasks: [['fleet-coordination', 1]],
    models: [['claude-sonnet-4-5', 0.7], ['claude-opus-4-1', 0.3]],
    tools: ['schedule_agents'],
  },
  'qe-deployment-readiness': {
    runsPerMinute: 1,
    tasks: [['deployment-readiness', 0.7], ['regression-risk', 0.3]],
    models: [['claude-sonnet-4-5', 1]],
    tools: ['query_metrics', 'evaluate_policy'],
    spawns: ['qe-security-scanner'],
  },
  'qe-regression-risk-analyzer': {
    runsPerMinute: 2,
    tasks: [['regression-risk', 0.7], ['coverage-analysis', 0.3]],
    models: [['gpt-5-mini', 1]],
    tools: ['git_diff', 'read_file'],
  },
  'qe-test-data-architect': {
    runsPerMinute: 1.5,
    tasks: [['test-data-generation', 1]],
    models: [['gpt-4o-mini', 0.7], ['gpt-4o', 0.3]],
    tools: ['read_schema', 'write_file'],
  },
  'qe-api-contract-validator': {
    runsPerMinute: 2,
    tasks: [['contract-validation', 0.8], ['integration-test-generation', 0.2]],
    models: [['claude-haiku-4-5', 1]],
    tools: ['read_spec', 'http_request'],
  },
  'qe-flaky-test-hunter': {
    runsPerMinute: 2,
    tasks: [['flaky-detection', 0.8], ['test-execution', 0.2]],
    models: [['claude-haiku-4-5', 1]],
    tools: ['run_tests', 'read_file'],
    spawns: ['qe-test-executor'],
  },
  'qe-visual-tester': {
    runsPerMinute: 1.5,
    tasks: [['visual-regression', 0.8], ['e2e-test-generation', 0.2]],
    models: [['gpt-4o', 1]],
    tools: ['screenshot', 'image_diff'],
  },
  'qe-chaos-engineer': {
    runsPerMinute: 0.5,
    tasks: [['chaos-experiment', 0.8], ['performance-test', 0.2]],
    models: [['gpt-5', 1]],
    tools: ['inject_fault', 'query_metrics'],
  },
  'qe-code-complexity': {
    runsPerMinute: 2,
    tasks: [['complexity-analysis', 0.8], ['quality-analysis', 0.2]],
    models: [['gemini-2.5-flash', 1]],
    tools: ['analyze_ast'],
  },
};

/** What qe-fleet-commander hands out: each workflow is 2-3 child agents run in parallel. */
export const WORKFLOWS: readonly (readonly AgentType[])[] = [
  ['qe-test-generator', 'qe-coverage-analyzer'],
  ['qe-security-scanner', 'qe-api-contract-validator'],
  ['qe-regression-risk-analyzer', 'qe-quality-gate'],
  ['qe-deployment-readiness', 'qe-performance-tester', 'qe-chaos-engineer'],
  ['qe-flaky-test-hunter', 'qe-test-executor', 'qe-visual-tester'],
];
/** Chance that a child of the commander spawns its own child (when its profile names one). */
export const LEVEL_TWO_SPAWN_CHANCE = 0.5;

export const FINDING_SEVERITIES: Weighted<Severity> = [
  ['high', 0.15],
  ['medium', 0.4],
  ['low', 0.45],
];
export const DEFECT_SEVERITIES: Weighted<Severity> = [
  ['high', 0.15],
  ['medium', 0.45],
  ['low', 0.3],
  ['info', 0.1],
];

/** CWE of a finding and the vulnerability category it counts under. CWE-89 is kept for the critical-finding scenario. */
export const CWES: readonly (readonly [CweCategory, VulnerabilityCategory])[] = [
  ['CWE-79', 'xss'],
  ['CWE-78', 'injection'],
  ['CWE-287', 'authentication'],
  ['CWE-862', 'authorization'],
  ['CWE-327', 'cryptography'],
  ['CWE-798', 'secrets'],
  ['CWE-1104', 'dependency'],
  ['CWE-16', 'configuration'],
  ['CWE-502', 'deserialization'],
];

/** Defects some task types find, with the chance per successful run. */
export const DEFECTS_BY_TASK: Partial<Record<TaskType, readonly [DefectCategory, number]>> = {
  'performance-test': ['performance', 0.15],
  'requirements-validation': ['functional', 0.2],
  'production-analysis': ['reliability', 0.1],
  'test-data-generation': ['data', 0.05],
  'contract-validation': ['compatibility', 0.15],
  'visual-regression': ['usability', 0.15],
  'chaos-experiment': ['reliability', 0.25],
  'security-scan': ['security', 0.1],
};

/** Queue depth by priority: the range each walks in. */
export const QUEUE_RANGES: Record<Priority, readonly [number, number]> = {
  critical: [0, 3],
  high: [1, 10],
  medium: [4, 25],
  low: [8, 40],
};
