// Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.

/**
 * The kind of QE agent. Prometheus label `agent_type`.
 */
export const AGENT_TYPE_VALUES = [
  "qe-test-generator",
  "qe-test-executor",
  "qe-coverage-analyzer",
  "qe-quality-gate",
  "qe-quality-analyzer",
  "qe-performance-tester",
  "qe-security-scanner",
  "qe-requirements-validator",
  "qe-production-intelligence",
  "qe-fleet-commander",
  "qe-deployment-readiness",
  "qe-regression-risk-analyzer",
  "qe-test-data-architect",
  "qe-api-contract-validator",
  "qe-flaky-test-hunter",
  "qe-visual-tester",
  "qe-chaos-engineer",
  "qe-code-complexity",
] as const;
export type AgentType = (typeof AGENT_TYPE_VALUES)[number];

/**
 * What the coverage counts. Prometheus label `coverage_type`.
 */
export const COVERAGE_TYPE_VALUES = [
  "line",
  "branch",
  "function",
  "statement",
] as const;
export type CoverageType = (typeof COVERAGE_TYPE_VALUES)[number];

/**
 * CWE identifier of the finding, e.g. CWE-79. Prometheus label `cwe_category`: open, at most 40 distinct
 * values per process; the rest are recorded as `other` and counted.
 */
export type CweCategory = string;

/**
 * The kind of defect. Prometheus label `category`.
 */
export const DEFECT_CATEGORY_VALUES = [
  "functional",
  "performance",
  "security",
  "usability",
  "reliability",
  "compatibility",
  "data",
] as const;
export type DefectCategory = (typeof DEFECT_CATEGORY_VALUES)[number];

/**
 * What went wrong in a failed agent run. Prometheus label `error_type`.
 */
export const ERROR_TYPE_VALUES = [
  "timeout",
  "model_error",
  "rate_limited",
  "tool_error",
  "validation_error",
  "crash",
  "dependency_unavailable",
] as const;
export type ErrorType = (typeof ERROR_TYPE_VALUES)[number];

/**
 * The exporter that failed. Prometheus label `exporter`.
 */
export const EXPORTER_NAME_VALUES = [
  "otlp",
  "prometheus",
] as const;
export type ExporterName = (typeof EXPORTER_NAME_VALUES)[number];

/**
 * What the quality gate decided. Prometheus label `decision`.
 */
export const GATE_DECISION_VALUES = [
  "pass",
  "fail",
  "warn",
] as const;
export type GateDecision = (typeof GATE_DECISION_VALUES)[number];

/**
 * The quality gate that decided. Prometheus label `gate_name`: open, at most 30 distinct
 * values per process; the rest are recorded as `other` and counted.
 */
export type GateName = string;

/**
 * The model that served the call (priced models only). Prometheus label `model`.
 */
export const MODEL_VALUES = [
  "claude-opus-4-1",
  "claude-sonnet-4-5",
  "claude-haiku-4-5",
  "gpt-5",
  "gpt-5-mini",
  "gpt-4o",
  "gpt-4o-mini",
  "gemini-2.5-pro",
  "gemini-2.5-flash",
] as const;
export type Model = (typeof MODEL_VALUES)[number];

/**
 * The kind of operation timed end to end. Prometheus label `operation_type`.
 */
export const OPERATION_TYPE_VALUES = [
  "agent_spawn",
  "task_execution",
  "memory_read",
  "memory_write",
  "model_call",
  "tool_call",
  "workflow",
] as const;
export type OperationType = (typeof OPERATION_TYPE_VALUES)[number];

/**
 * How the agent run ended. Prometheus label `status`.
 */
export const OUTCOME_VALUES = [
  "success",
  "failure",
  "timeout",
  "cancelled",
] as const;
export type Outcome = (typeof OUTCOME_VALUES)[number];

/**
 * Task priority in the queue. Prometheus label `priority`.
 */
export const PRIORITY_VALUES = [
  "critical",
  "high",
  "medium",
  "low",
] as const;
export type Priority = (typeof PRIORITY_VALUES)[number];

/**
 * The project (repository) under test. Prometheus label `project`: open, at most 50 distinct
 * values per process; the rest are recorded as `other` and counted.
 */
export type Project = string;

/**
 * Which part of quality the score measures. Prometheus label `dimension`.
 */
export const QUALITY_DIMENSION_VALUES = [
  "overall",
  "reliability",
  "maintainability",
  "security",
  "performance",
  "test_effectiveness",
] as const;
export type QualityDimension = (typeof QUALITY_DIMENSION_VALUES)[number];

/**
 * The kind of security scan. Prometheus label `scan_type`.
 */
export const SCAN_TYPE_VALUES = [
  "sast",
  "dast",
  "dependency",
  "secrets",
  "container",
  "iac",
] as const;
export type ScanType = (typeof SCAN_TYPE_VALUES)[number];

/**
 * How severe a defect or finding is. Prometheus label `severity`.
 */
export const SEVERITY_VALUES = [
  "critical",
  "high",
  "medium",
  "low",
  "info",
] as const;
export type Severity = (typeof SEVERITY_VALUES)[number];

/**
 * The kind of work a task asks for. Prometheus label `task_type`.
 */
export const TASK_TYPE_VALUES = [
  "unit-test-generation",
  "integration-test-generation",
  "e2e-test-generation",
  "test-execution",
  "coverage-analysis",
  "quality-gate",
  "quality-analysis",
  "performance-test",
  "security-scan",
  "requirements-validation",
  "production-analysis",
  "fleet-coordination",
  "deployment-readiness",
  "regression-risk",
  "test-data-generation",
  "contract-validation",
  "flaky-detection",
  "visual-regression",
  "chaos-experiment",
  "complexity-analysis",
] as const;
export type TaskType = (typeof TASK_TYPE_VALUES)[number];

/**
 * The label whose value was rejected. Prometheus label `label`: open, at most 40 distinct
 * values per process; the rest are recorded as `other` and counted.
 */
export type TelemetryLabel = string;

/**
 * The metric (Prometheus name) whose label value was rejected. Prometheus label `metric`: open, at most 60 distinct
 * values per process; the rest are recorded as `other` and counted.
 */
export type TelemetryMetric = string;

/**
 * The telemetry signal that failed to export. Prometheus label `signal`.
 */
export const TELEMETRY_SIGNAL_VALUES = [
  "traces",
  "metrics",
  "logs",
] as const;
export type TelemetrySignal = (typeof TELEMETRY_SIGNAL_VALUES)[number];

/**
 * How one test execution ended. Prometheus label `outcome`.
 */
export const TEST_OUTCOME_VALUES = [
  "passed",
  "failed",
  "skipped",
  "flaky",
] as const;
export type TestOutcome = (typeof TEST_OUTCOME_VALUES)[number];

/**
 * The kind of vulnerability. Prometheus label `category`.
 */
export const VULNERABILITY_CATEGORY_VALUES = [
  "injection",
  "xss",
  "authentication",
  "authorization",
  "cryptography",
  "secrets",
  "dependency",
  "configuration",
  "deserialization",
] as const;
export type VulnerabilityCategory = (typeof VULNERABILITY_CATEGORY_VALUES)[number];
