// Generated from schema/ by `npm run generate`. Do not edit: change the source and regenerate.

import { CounterHelper, DurationHistogramHelper, GaugeHelper, HistogramHelper, UpDownCounterHelper } from '../../runtime/instruments';
import { registerExportFailureSink, registerRejectionSink } from '../../runtime/self-health';
import { AGENT_TYPE_VALUES, type AgentType, COVERAGE_TYPE_VALUES, type CoverageType, type CweCategory, DEFECT_CATEGORY_VALUES, type DefectCategory, ERROR_TYPE_VALUES, type ErrorType, EXPORTER_NAME_VALUES, type ExporterName, GATE_DECISION_VALUES, type GateDecision, type GateName, type Model, MODEL_VALUES, OPERATION_TYPE_VALUES, type OperationType, type Outcome, OUTCOME_VALUES, type Priority, PRIORITY_VALUES, type Project, QUALITY_DIMENSION_VALUES, type QualityDimension, SCAN_TYPE_VALUES, type ScanType, type Severity, SEVERITY_VALUES, TASK_TYPE_VALUES, type TaskType, TELEMETRY_SIGNAL_VALUES, type TelemetryLabel, type TelemetryMetric, type TelemetrySignal, TEST_OUTCOME_VALUES, type TestOutcome, VULNERABILITY_CATEGORY_VALUES, type VulnerabilityCategory } from './labels';

/**
 * Labels of `aqe_agent_active`.
 */
export interface AgentsActiveLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
}

/**
 * Agents running now (incremented on spawn, decremented on completion).
 *
 * OpenTelemetry `aqe.agent.active` (updowncounter, unit `{agent}`); Prometheus `aqe_agent_active`.
 *
 * @example
 * agentsActive.inc({ agent_type: "qe-test-generator" });
 */
export const agentsActive = new UpDownCounterHelper<AgentsActiveLabels>({
  name: "aqe.agent.active",
  prometheusName: "aqe_agent_active",
  unit: "{agent}",
  description: "Agents running now (incremented on spawn, decremented on completion)",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }],
});

/**
 * Labels of `aqe_agent_duration_seconds`.
 */
export interface AgentDurationLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The kind of work a task asks for
   */
  readonly task_type: TaskType;
  /**
   * How the agent run ended
   */
  readonly status: Outcome;
}

/**
 * Wall time of one agent run, from spawn to completion.
 *
 * OpenTelemetry `aqe.agent.duration_seconds` (histogram, unit `s`); Prometheus `aqe_agent_duration_seconds_bucket`, `aqe_agent_duration_seconds_count`, `aqe_agent_duration_seconds_sum`.
 *
 * @example
 * agentDuration.record(1, { agent_type: "qe-test-generator", task_type: "unit-test-generation", status: "success" });
 */
export const agentDuration = new DurationHistogramHelper<AgentDurationLabels>({
  name: "aqe.agent.duration_seconds",
  prometheusName: "aqe_agent_duration_seconds",
  unit: "s",
  description: "Wall time of one agent run, from spawn to completion",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "task_type", values: TASK_TYPE_VALUES }, { name: "status", values: OUTCOME_VALUES }],
  buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
});

/**
 * Labels of `aqe_agent_errors_total`.
 */
export interface AgentErrorsLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * What went wrong in a failed agent run
   */
  readonly error_type: ErrorType;
}

/**
 * Agent runs that ended in an error, by kind of error.
 *
 * OpenTelemetry `aqe.agent.errors_total` (counter, unit `{error}`); Prometheus `aqe_agent_errors_total`.
 *
 * @example
 * agentErrors.inc({ agent_type: "qe-test-generator", error_type: "timeout" });
 */
export const agentErrors = new CounterHelper<AgentErrorsLabels>({
  name: "aqe.agent.errors_total",
  prometheusName: "aqe_agent_errors_total",
  unit: "{error}",
  description: "Agent runs that ended in an error, by kind of error",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "error_type", values: ERROR_TYPE_VALUES }],
});

/**
 * Labels of `aqe_agent_spawn_total`.
 */
export interface AgentSpawnsLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * How the agent run ended
   */
  readonly status: Outcome;
}

/**
 * Agents spawned, by how their run ended.
 *
 * OpenTelemetry `aqe.agent.spawn_total` (counter, unit `{agent}`); Prometheus `aqe_agent_spawn_total`.
 *
 * @example
 * agentSpawns.inc({ agent_type: "qe-test-generator", status: "success" });
 */
export const agentSpawns = new CounterHelper<AgentSpawnsLabels>({
  name: "aqe.agent.spawn_total",
  prometheusName: "aqe_agent_spawn_total",
  unit: "{agent}",
  description: "Agents spawned, by how their run ended",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "status", values: OUTCOME_VALUES }],
});

/**
 * Labels of `aqe_cost_per_task_usd`.
 */
export interface CostPerTaskLabels {
  /**
   * The kind of work a task asks for
   */
  readonly task_type: TaskType;
}

/**
 * Model spend of one task, in USD.
 *
 * OpenTelemetry `aqe.cost.per_task_usd` (histogram, unit `{USD}`); Prometheus `aqe_cost_per_task_usd_bucket`, `aqe_cost_per_task_usd_count`, `aqe_cost_per_task_usd_sum`.
 *
 * @example
 * costPerTask.record(1, { task_type: "unit-test-generation" });
 */
export const costPerTask = new HistogramHelper<CostPerTaskLabels>({
  name: "aqe.cost.per_task_usd",
  prometheusName: "aqe_cost_per_task_usd",
  unit: "{USD}",
  description: "Model spend of one task, in USD",
  labels: [{ name: "task_type", values: TASK_TYPE_VALUES }],
  buckets: [0.001, 0.01, 0.05, 0.1, 0.5, 1, 5],
});

/**
 * Labels of `aqe_cost_usd_total`.
 */
export interface CostUsdLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The model that served the call (priced models only)
   */
  readonly model: Model;
  /**
   * The kind of work a task asks for
   */
  readonly task_type: TaskType;
}

/**
 * Model spend in USD, computed from token counts and the price table in schema/prices.ts.
 *
 * OpenTelemetry `aqe.cost.usd_total` (counter, unit `{USD}`); Prometheus `aqe_cost_usd_total`.
 * The spec calls it `aqe.cost.total_usd`, `aqe.cost.per_agent_usd`.
 *
 * @example
 * costUsd.inc({ agent_type: "qe-test-generator", model: "claude-opus-4-1", task_type: "unit-test-generation" });
 */
export const costUsd = new CounterHelper<CostUsdLabels>({
  name: "aqe.cost.usd_total",
  prometheusName: "aqe_cost_usd_total",
  unit: "{USD}",
  description: "Model spend in USD, computed from token counts and the price table in schema/prices.ts",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "model", values: MODEL_VALUES }, { name: "task_type", values: TASK_TYPE_VALUES }],
});

/**
 * Labels of `aqe_operation_duration_seconds`.
 */
export interface OperationDurationLabels {
  /**
   * The kind of operation timed end to end
   */
  readonly operation_type: OperationType;
}

/**
 * End-to-end duration of an operation; P50/P95/P99 are histogram_quantile() over it.
 *
 * OpenTelemetry `aqe.operation.duration_seconds` (histogram, unit `s`); Prometheus `aqe_operation_duration_seconds_bucket`, `aqe_operation_duration_seconds_count`, `aqe_operation_duration_seconds_sum`.
 * The spec calls it `aqe.latency.p99_seconds`.
 *
 * @example
 * operationDuration.record(1, { operation_type: "agent_spawn" });
 */
export const operationDuration = new DurationHistogramHelper<OperationDurationLabels>({
  name: "aqe.operation.duration_seconds",
  prometheusName: "aqe_operation_duration_seconds",
  unit: "s",
  description: "End-to-end duration of an operation; P50/P95/P99 are histogram_quantile() over it",
  labels: [{ name: "operation_type", values: OPERATION_TYPE_VALUES }],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/**
 * Labels of `aqe_quality_coverage_percent`.
 */
export interface CoverageLabels {
  /**
   * The project (repository) under test
   */
  readonly project: Project;
  /**
   * What the coverage counts
   */
  readonly coverage_type: CoverageType;
}

/**
 * Test coverage, 0 to 100 percent.
 *
 * OpenTelemetry `aqe.quality.coverage_percent` (gauge, unit `%`); Prometheus `aqe_quality_coverage_percent`.
 *
 * @example
 * coverage.set(1, { project: "example", coverage_type: "line" });
 */
export const coverage = new GaugeHelper<CoverageLabels>({
  name: "aqe.quality.coverage_percent",
  prometheusName: "aqe_quality_coverage_percent",
  unit: "%",
  description: "Test coverage, 0 to 100 percent",
  labels: [{ name: "project", cap: 50 }, { name: "coverage_type", values: COVERAGE_TYPE_VALUES }],
});

/**
 * Labels of `aqe_quality_defects_found_total`.
 */
export interface DefectsFoundLabels {
  /**
   * How severe a defect or finding is
   */
  readonly severity: Severity;
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The kind of defect
   */
  readonly category: DefectCategory;
}

/**
 * Defects discovered by agents.
 *
 * OpenTelemetry `aqe.quality.defects_found` (counter, unit `{defect}`); Prometheus `aqe_quality_defects_found_total`.
 *
 * @example
 * defectsFound.inc({ severity: "critical", agent_type: "qe-test-generator", category: "functional" });
 */
export const defectsFound = new CounterHelper<DefectsFoundLabels>({
  name: "aqe.quality.defects_found",
  prometheusName: "aqe_quality_defects_found_total",
  unit: "{defect}",
  description: "Defects discovered by agents",
  labels: [{ name: "severity", values: SEVERITY_VALUES }, { name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "category", values: DEFECT_CATEGORY_VALUES }],
});

/**
 * Labels of `aqe_quality_flaky_tests`.
 */
export interface FlakyTestsLabels {
  /**
   * The project (repository) under test
   */
  readonly project: Project;
}

/**
 * Tests currently known to be flaky (the FlakyTestIncrease alert of spec 8.2).
 *
 * OpenTelemetry `aqe.quality.flaky_tests` (gauge, unit `{test}`); Prometheus `aqe_quality_flaky_tests`.
 *
 * @example
 * flakyTests.set(1, { project: "example" });
 */
export const flakyTests = new GaugeHelper<FlakyTestsLabels>({
  name: "aqe.quality.flaky_tests",
  prometheusName: "aqe_quality_flaky_tests",
  unit: "{test}",
  description: "Tests currently known to be flaky (the FlakyTestIncrease alert of spec 8.2)",
  labels: [{ name: "project", cap: 50 }],
});

/**
 * Labels of `aqe_quality_gate_decisions_total`.
 */
export interface GateDecisionsLabels {
  /**
   * The quality gate that decided
   */
  readonly gate_name: GateName;
  /**
   * What the quality gate decided
   */
  readonly decision: GateDecision;
}

/**
 * Quality gate decisions, by gate and outcome.
 *
 * OpenTelemetry `aqe.quality.gate_decisions` (counter, unit `{decision}`); Prometheus `aqe_quality_gate_decisions_total`.
 *
 * @example
 * gateDecisions.inc({ gate_name: "example", decision: "pass" });
 */
export const gateDecisions = new CounterHelper<GateDecisionsLabels>({
  name: "aqe.quality.gate_decisions",
  prometheusName: "aqe_quality_gate_decisions_total",
  unit: "{decision}",
  description: "Quality gate decisions, by gate and outcome",
  labels: [{ name: "gate_name", cap: 30 }, { name: "decision", values: GATE_DECISION_VALUES }],
});

/**
 * Labels of `aqe_quality_score`.
 */
export interface QualityScoreLabels {
  /**
   * The project (repository) under test
   */
  readonly project: Project;
  /**
   * Which part of quality the score measures
   */
  readonly dimension: QualityDimension;
}

/**
 * Current quality score, 0 to 100.
 *
 * OpenTelemetry `aqe.quality.score` (gauge, unit `{score}`); Prometheus `aqe_quality_score`.
 *
 * @example
 * qualityScore.set(1, { project: "example", dimension: "overall" });
 */
export const qualityScore = new GaugeHelper<QualityScoreLabels>({
  name: "aqe.quality.score",
  prometheusName: "aqe_quality_score",
  unit: "{score}",
  description: "Current quality score, 0 to 100",
  labels: [{ name: "project", cap: 50 }, { name: "dimension", values: QUALITY_DIMENSION_VALUES }],
});

/**
 * Labels of `aqe_quality_tests_run_total`.
 */
export interface TestsRunLabels {
  /**
   * The project (repository) under test
   */
  readonly project: Project;
  /**
   * How one test execution ended
   */
  readonly outcome: TestOutcome;
}

/**
 * Test executions, by how each ended (flaky: failed, then passed on retry).
 *
 * OpenTelemetry `aqe.quality.tests_run_total` (counter, unit `{test}`); Prometheus `aqe_quality_tests_run_total`.
 *
 * @example
 * testsRun.inc({ project: "example", outcome: "passed" });
 */
export const testsRun = new CounterHelper<TestsRunLabels>({
  name: "aqe.quality.tests_run_total",
  prometheusName: "aqe_quality_tests_run_total",
  unit: "{test}",
  description: "Test executions, by how each ended (flaky: failed, then passed on retry)",
  labels: [{ name: "project", cap: 50 }, { name: "outcome", values: TEST_OUTCOME_VALUES }],
});

/**
 * Labels of `aqe_roi_time_saved_seconds_total`.
 */
export interface TimeSavedLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
}

/**
 * Engineer time the agent saved, as estimated by the agent from the work it did (for example 3 minutes per generated test).
 *
 * OpenTelemetry `aqe.roi.time_saved_seconds` (counter, unit `s`); Prometheus `aqe_roi_time_saved_seconds_total`.
 *
 * @example
 * timeSaved.inc({ agent_type: "qe-test-generator" });
 */
export const timeSaved = new CounterHelper<TimeSavedLabels>({
  name: "aqe.roi.time_saved_seconds",
  prometheusName: "aqe_roi_time_saved_seconds_total",
  unit: "s",
  description: "Engineer time the agent saved, as estimated by the agent from the work it did (for example 3 minutes per generated test)",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }],
});

/**
 * Labels of `aqe_security_findings_total`.
 */
export interface SecurityFindingsLabels {
  /**
   * How severe a defect or finding is
   */
  readonly severity: Severity;
  /**
   * CWE identifier of the finding, e.g. CWE-79
   */
  readonly cwe_category: CweCategory;
}

/**
 * Security findings discovered.
 *
 * OpenTelemetry `aqe.security.findings_total` (counter, unit `{finding}`); Prometheus `aqe_security_findings_total`.
 *
 * @example
 * securityFindings.inc({ severity: "critical", cwe_category: "example" });
 */
export const securityFindings = new CounterHelper<SecurityFindingsLabels>({
  name: "aqe.security.findings_total",
  prometheusName: "aqe_security_findings_total",
  unit: "{finding}",
  description: "Security findings discovered",
  labels: [{ name: "severity", values: SEVERITY_VALUES }, { name: "cwe_category", cap: 40 }],
});

/**
 * Labels of `aqe_security_scan_duration_seconds`.
 */
export interface ScanDurationLabels {
  /**
   * The kind of security scan
   */
  readonly scan_type: ScanType;
}

/**
 * Wall time of one security scan.
 *
 * OpenTelemetry `aqe.security.scan_duration_seconds` (histogram, unit `s`); Prometheus `aqe_security_scan_duration_seconds_bucket`, `aqe_security_scan_duration_seconds_count`, `aqe_security_scan_duration_seconds_sum`.
 *
 * @example
 * scanDuration.record(1, { scan_type: "sast" });
 */
export const scanDuration = new DurationHistogramHelper<ScanDurationLabels>({
  name: "aqe.security.scan_duration_seconds",
  prometheusName: "aqe_security_scan_duration_seconds",
  unit: "s",
  description: "Wall time of one security scan",
  labels: [{ name: "scan_type", values: SCAN_TYPE_VALUES }],
  buckets: [1, 5, 10, 30, 60, 120, 300, 600, 1800],
});

/**
 * Labels of `aqe_security_vulnerabilities`.
 */
export interface VulnerabilitiesLabels {
  /**
   * How severe a defect or finding is
   */
  readonly severity: Severity;
  /**
   * The kind of vulnerability
   */
  readonly category: VulnerabilityCategory;
}

/**
 * Open vulnerabilities found by the last scans.
 *
 * OpenTelemetry `aqe.security.vulnerabilities` (gauge, unit `{vulnerability}`); Prometheus `aqe_security_vulnerabilities`.
 *
 * @example
 * vulnerabilities.set(1, { severity: "critical", category: "injection" });
 */
export const vulnerabilities = new GaugeHelper<VulnerabilitiesLabels>({
  name: "aqe.security.vulnerabilities",
  prometheusName: "aqe_security_vulnerabilities",
  unit: "{vulnerability}",
  description: "Open vulnerabilities found by the last scans",
  labels: [{ name: "severity", values: SEVERITY_VALUES }, { name: "category", values: VULNERABILITY_CATEGORY_VALUES }],
});

/**
 * Labels of `aqe_task_completed_total`.
 */
export interface TasksCompletedLabels {
  /**
   * The kind of work a task asks for
   */
  readonly task_type: TaskType;
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
}

/**
 * Tasks completed; throughput is its rate.
 *
 * OpenTelemetry `aqe.task.completed_total` (counter, unit `{task}`); Prometheus `aqe_task_completed_total`.
 * The spec calls it `aqe.task.throughput`.
 *
 * @example
 * tasksCompleted.inc({ task_type: "unit-test-generation", agent_type: "qe-test-generator" });
 */
export const tasksCompleted = new CounterHelper<TasksCompletedLabels>({
  name: "aqe.task.completed_total",
  prometheusName: "aqe_task_completed_total",
  unit: "{task}",
  description: "Tasks completed; throughput is its rate",
  labels: [{ name: "task_type", values: TASK_TYPE_VALUES }, { name: "agent_type", values: AGENT_TYPE_VALUES }],
});

/**
 * Labels of `aqe_task_queue_depth`.
 */
export interface QueueDepthLabels {
  /**
   * Task priority in the queue
   */
  readonly priority: Priority;
}

/**
 * Tasks waiting for an agent.
 *
 * OpenTelemetry `aqe.task.queue_depth` (gauge, unit `{task}`); Prometheus `aqe_task_queue_depth`.
 *
 * @example
 * queueDepth.set(1, { priority: "critical" });
 */
export const queueDepth = new GaugeHelper<QueueDepthLabels>({
  name: "aqe.task.queue_depth",
  prometheusName: "aqe_task_queue_depth",
  unit: "{task}",
  description: "Tasks waiting for an agent",
  labels: [{ name: "priority", values: PRIORITY_VALUES }],
});

/**
 * Labels of `aqe_telemetry_export_failures_total`.
 */
export interface ExportFailuresLabels {
  /**
   * The telemetry signal that failed to export
   */
  readonly signal: TelemetrySignal;
  /**
   * The exporter that failed
   */
  readonly exporter: ExporterName;
}

/**
 * Export batches that failed to reach their destination; their data is lost.
 *
 * OpenTelemetry `aqe.telemetry.export_failures_total` (counter, unit `{batch}`); Prometheus `aqe_telemetry_export_failures_total`.
 *
 * @example
 * exportFailures.inc({ signal: "traces", exporter: "otlp" });
 */
export const exportFailures = new CounterHelper<ExportFailuresLabels>({
  name: "aqe.telemetry.export_failures_total",
  prometheusName: "aqe_telemetry_export_failures_total",
  unit: "{batch}",
  description: "Export batches that failed to reach their destination; their data is lost",
  labels: [{ name: "signal", values: TELEMETRY_SIGNAL_VALUES }, { name: "exporter", values: EXPORTER_NAME_VALUES }],
});

/**
 * Labels of `aqe_telemetry_label_values_rejected_total`.
 */
export interface RejectedLabelValuesLabels {
  /**
   * The metric (Prometheus name) whose label value was rejected
   */
  readonly metric: TelemetryMetric;
  /**
   * The label whose value was rejected
   */
  readonly label: TelemetryLabel;
}

/**
 * Label values recorded as "other" because they were outside the label set or past an open label cap.
 *
 * OpenTelemetry `aqe.telemetry.label_values_rejected_total` (counter, unit `{value}`); Prometheus `aqe_telemetry_label_values_rejected_total`.
 *
 * @example
 * rejectedLabelValues.inc({ metric: "example", label: "example" });
 */
export const rejectedLabelValues = new CounterHelper<RejectedLabelValuesLabels>({
  name: "aqe.telemetry.label_values_rejected_total",
  prometheusName: "aqe_telemetry_label_values_rejected_total",
  unit: "{value}",
  description: "Label values recorded as \"other\" because they were outside the label set or past an open label cap",
  labels: [{ name: "metric", cap: 60 }, { name: "label", cap: 40 }],
});

/**
 * Labels of `aqe_tokens_cache_read_total`.
 */
export interface CacheReadTokensLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The model that served the call (priced models only)
   */
  readonly model: Model;
}

/**
 * Input tokens served from the provider prompt cache (billed at the cache-read price).
 *
 * OpenTelemetry `aqe.tokens.cache_read_total` (counter, unit `{token}`); Prometheus `aqe_tokens_cache_read_total`.
 * The spec calls it `aqe.tokens.cached`.
 *
 * @example
 * cacheReadTokens.inc({ agent_type: "qe-test-generator", model: "claude-opus-4-1" });
 */
export const cacheReadTokens = new CounterHelper<CacheReadTokensLabels>({
  name: "aqe.tokens.cache_read_total",
  prometheusName: "aqe_tokens_cache_read_total",
  unit: "{token}",
  description: "Input tokens served from the provider prompt cache (billed at the cache-read price)",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "model", values: MODEL_VALUES }],
});

/**
 * Labels of `aqe_tokens_cache_write_total`.
 */
export interface CacheWriteTokensLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The model that served the call (priced models only)
   */
  readonly model: Model;
}

/**
 * Input tokens written to the provider prompt cache (billed at the cache-write price).
 *
 * OpenTelemetry `aqe.tokens.cache_write_total` (counter, unit `{token}`); Prometheus `aqe_tokens_cache_write_total`.
 *
 * @example
 * cacheWriteTokens.inc({ agent_type: "qe-test-generator", model: "claude-opus-4-1" });
 */
export const cacheWriteTokens = new CounterHelper<CacheWriteTokensLabels>({
  name: "aqe.tokens.cache_write_total",
  prometheusName: "aqe_tokens_cache_write_total",
  unit: "{token}",
  description: "Input tokens written to the provider prompt cache (billed at the cache-write price)",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "model", values: MODEL_VALUES }],
});

/**
 * Labels of `aqe_tokens_input_total`.
 */
export interface InputTokensLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The model that served the call (priced models only)
   */
  readonly model: Model;
}

/**
 * Input (prompt) tokens sent to models, cache reads excluded.
 *
 * OpenTelemetry `aqe.tokens.input_total` (counter, unit `{token}`); Prometheus `aqe_tokens_input_total`.
 *
 * @example
 * inputTokens.inc({ agent_type: "qe-test-generator", model: "claude-opus-4-1" });
 */
export const inputTokens = new CounterHelper<InputTokensLabels>({
  name: "aqe.tokens.input_total",
  prometheusName: "aqe_tokens_input_total",
  unit: "{token}",
  description: "Input (prompt) tokens sent to models, cache reads excluded",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "model", values: MODEL_VALUES }],
});

/**
 * Labels of `aqe_tokens_output_total`.
 */
export interface OutputTokensLabels {
  /**
   * The kind of QE agent
   */
  readonly agent_type: AgentType;
  /**
   * The model that served the call (priced models only)
   */
  readonly model: Model;
}

/**
 * Output (completion) tokens generated by models.
 *
 * OpenTelemetry `aqe.tokens.output_total` (counter, unit `{token}`); Prometheus `aqe_tokens_output_total`.
 *
 * @example
 * outputTokens.inc({ agent_type: "qe-test-generator", model: "claude-opus-4-1" });
 */
export const outputTokens = new CounterHelper<OutputTokensLabels>({
  name: "aqe.tokens.output_total",
  prometheusName: "aqe_tokens_output_total",
  unit: "{token}",
  description: "Output (completion) tokens generated by models",
  labels: [{ name: "agent_type", values: AGENT_TYPE_VALUES }, { name: "model", values: MODEL_VALUES }],
});

// The runtime reports its own data loss through these two metrics (see runtime/self-health.ts).
// Their values come from the runtime untyped; the label guard keeps them inside the sets.
registerRejectionSink((metric, label) => rejectedLabelValues.inc({ metric, label } as RejectedLabelValuesLabels));
registerExportFailureSink((signal, exporter) => exportFailures.inc({ signal, exporter } as ExportFailuresLabels));
