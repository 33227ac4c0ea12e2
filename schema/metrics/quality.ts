import { counter, gauge } from '../define';
import {
  agentType,
  codeModule,
  coverageType,
  defectCategory,
  gateDecision,
  gateName,
  project,
  qualityDimension,
  severity,
  testOutcome,
} from '../labels';

/** Quality scores and measurements (spec 6.2), plus what the QA dashboards and alerts need. */

export const qualityScore = gauge({
  name: 'aqe.quality.score',
  // An annotation, not `1`: the score is 0-100, and unit `1` would make the collector
  // append `_ratio` to the Prometheus name.
  unit: '{score}',
  description: 'Current quality score, 0 to 100',
  labels: [project, qualityDimension],
});

export const coverage = gauge({
  name: 'aqe.quality.coverage_percent',
  unit: '%',
  description: 'Test coverage, 0 to 100 percent',
  labels: [project, coverageType],
});

export const moduleCoverage = gauge({
  name: 'aqe.quality.module_coverage_percent',
  unit: '%',
  description: 'Line coverage of one module of a project, 0 to 100 percent (the QA coverage heatmap)',
  labels: [project, codeModule],
});

export const defectsFound = counter({
  name: 'aqe.quality.defects_found',
  unit: '{defect}',
  description: 'Defects discovered by agents',
  labels: [severity, agentType, defectCategory],
});

export const gateDecisions = counter({
  name: 'aqe.quality.gate_decisions',
  unit: '{decision}',
  description: 'Quality gate decisions, by gate and outcome',
  labels: [gateName, gateDecision],
});

export const testsGenerated = counter({
  name: 'aqe.quality.tests_generated_total',
  unit: '{test}',
  description: 'Tests written by agents and kept (the executive summary counts them)',
  labels: [agentType],
});

export const testsRun = counter({
  name: 'aqe.quality.tests_run_total',
  unit: '{test}',
  description: 'Test executions, by how each ended (flaky: failed, then passed on retry)',
  labels: [project, testOutcome],
});

export const flakyTests = gauge({
  name: 'aqe.quality.flaky_tests',
  unit: '{test}',
  description: 'Tests currently known to be flaky (the FlakyTestIncrease alert of spec 8.2)',
  labels: [project],
});
