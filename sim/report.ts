/** What a successful run reports (tests, coverage, gate decisions, findings, time saved), by task type. */
import { SCAN_TYPE_VALUES } from '../out/instrumentation/labels';
import { defectsFound, gateDecisions, scanDuration, securityFindings, testsGenerated, testsRun, timeSaved } from '../out/instrumentation/metrics';
import { CWES, DEFECT_SEVERITIES, DEFECTS_BY_TASK, FINDING_SEVERITIES, GATE_DECISIONS, GATE_WEIGHTS, TASK_PROFILES } from './profiles';
import { round3, type RunPlan } from './run-plan';
import { SCENARIO_PARAMETERS as P } from './scenarios';
import type { World } from './world';

/**
 * What a successful run reports, by task type, drawing from the run's own generator.
 * `onCriticalFinding` runs when a forced critical finding is recorded (the fleet logs it).
 */
export function reportRun(plan: RunPlan, world: World, onCriticalFinding: () => void): void {
  const { rng, project, agentType } = plan;
  const task = TASK_PROFILES[plan.taskType];
  let saved = task.timeSavedSeconds * rng.between(0.6, 1.4);
  switch (plan.taskType) {
    case 'unit-test-generation':
    case 'integration-test-generation':
    case 'e2e-test-generation': {
      const tests = plan.taskType === 'e2e-test-generation' ? rng.int(1, 6) : rng.int(3, 20);
      testsGenerated.add(tests, { agent_type: agentType });
      saved = tests * task.timeSavedSeconds;
      break;
    }
    case 'test-execution': {
      const total = rng.int(150, 600);
      const flaky = Math.round(total * 0.01 * rng.between(0.5, 1.5));
      const failed = Math.round(total * 0.015 * rng.between(0, 2));
      const skipped = Math.round(total * 0.01 * rng.between(0.5, 1.5));
      testsRun.add(total - flaky - failed - skipped, { project, outcome: 'passed' });
      testsRun.add(failed, { project, outcome: 'failed' });
      testsRun.add(skipped, { project, outcome: 'skipped' });
      testsRun.add(flaky, { project, outcome: 'flaky' });
      if (failed > 0 && rng.chance(0.3)) defectsFound.inc({ severity: rng.weighted(DEFECT_SEVERITIES), agent_type: agentType, category: 'functional' });
      world.reportCoverage(project, rng);
      world.reportFlaky(project, rng);
      break;
    }
    case 'flaky-detection':
      world.reportFlaky(project, rng);
      break;
    case 'coverage-analysis':
      world.reportCoverage(project, rng);
      break;
    case 'quality-gate': {
      const gate = plan.forced.gate ?? rng.weighted(GATE_WEIGHTS);
      gateDecisions.inc({ gate_name: gate, decision: plan.forced.decision ?? rng.weighted(GATE_DECISIONS[gate]) });
      break;
    }
    case 'quality-analysis':
      world.reportQuality(project, rng, ['reliability', 'maintainability', 'security', 'performance', 'test_effectiveness']);
      break;
    case 'complexity-analysis':
      world.reportQuality(project, rng, ['maintainability']);
      break;
    case 'security-scan':
      securityScan(plan, world, onCriticalFinding);
      break;
    default:
      break;
  }
  const defects = DEFECTS_BY_TASK[plan.taskType];
  if (defects && rng.chance(defects[1])) defectsFound.inc({ severity: rng.weighted(DEFECT_SEVERITIES), agent_type: agentType, category: defects[0] });
  timeSaved.add(Math.round(saved), { agent_type: agentType });
}

function securityScan(plan: RunPlan, world: World, onCriticalFinding: () => void): void {
  const { rng } = plan;
  const scanSeconds = plan.steps.reduce((sum, step) => sum + (step.kind === 'tool' ? step.seconds : 0), 0);
  scanDuration.record(round3(scanSeconds), { scan_type: rng.pick(SCAN_TYPE_VALUES) });
  const findings = rng.poisson(0.6);
  for (let i = 0; i < findings; i++) {
    const [cwe, category] = rng.pick(CWES);
    const severity = rng.weighted(FINDING_SEVERITIES);
    securityFindings.inc({ severity, cwe_category: cwe });
    world.addVulnerability(severity, category);
  }
  if (rng.chance(0.35)) world.fixVulnerability(rng);
  if (plan.forced.criticalFinding) {
    securityFindings.inc({ severity: 'critical', cwe_category: P.criticalFinding.cweCategory });
    onCriticalFinding();
    world.addVulnerability('critical', P.criticalFinding.vulnerabilityCategory);
  }
}
