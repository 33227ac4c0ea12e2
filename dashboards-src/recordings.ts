import { recordedSeries } from '../core/promql';

/**
 * The recording rules of rules/ that the dashboards read, named by the series each records:
 * dashboards-src/ does not import rules/ (the layers of .dependency-cruiser.cjs).
 * `npm run generate` resolves every name a dashboard query selects against the rules'
 * records, and fails naming the dashboard, the panel and the nearest record when one does
 * not resolve. A dashboard that reads a new recording rule names it here.
 */

/** Agent runs started per second over 5 minutes, by agent type (rules/agents.ts). */
export const spawnRate = recordedSeries('agent_type:aqe_agent_spawn:rate5m');
/** Share of agent runs ending in an error over 5 minutes, by agent type (rules/agents.ts). */
export const failureRatio = recordedSeries('agent_type:aqe_agent_failures_per_spawn:ratio_rate5m');
/** Agent runs finishing per second in each duration bucket, by agent type and task type (rules/agents.ts). */
export const durationBuckets = recordedSeries('agent_type_task_type_le:aqe_agent_duration_seconds_bucket:rate5m');

/** The run-duration percentiles, one record with a `quantile` label per rule (rules/agents.ts). */
const durationQuantile = (quantile: string) => recordedSeries('agent_type_quantile:aqe_agent_duration_seconds:histogram_quantile_rate5m', { quantile });
export const durationP50 = durationQuantile('0.5');
export const durationP95 = durationQuantile('0.95');
export const durationP99 = durationQuantile('0.99');

/** Input tokens per second over the last hour, by agent type (rules/cost.ts). */
export const inputTokenRate = recordedSeries('agent_type:aqe_tokens_input:rate1h');
/** Model spend in USD per second over the last hour, by agent type (rules/cost.ts). */
export const costRate = recordedSeries('agent_type:aqe_cost_usd:rate1h');

/** Failed decisions of each quality gate over the last hour (rules/quality.ts). */
export const gateFailures = recordedSeries('gate_name:aqe_quality_gate_failures:increase1h');
/** Latest test coverage, by project and kind of coverage (rules/quality.ts). */
export const projectCoverage = recordedSeries('project_coverage_type:aqe_quality_coverage_percent:max');
/** Tests currently known to be flaky, by project (rules/quality.ts). */
export const projectFlakyTests = recordedSeries('project:aqe_quality_flaky_tests:max');
