/** The 18 agent types of the AQE fleet: a closed set, so a misspelt type does not compile. */
export const AGENT_TYPES = [
  'qe-test-generator',
  'qe-test-executor',
  'qe-coverage-analyzer',
  'qe-quality-gate',
  'qe-quality-analyzer',
  'qe-performance-tester',
  'qe-security-scanner',
  'qe-requirements-validator',
  'qe-production-intelligence',
  'qe-fleet-commander',
  'qe-deployment-readiness',
  'qe-regression-risk-analyzer',
  'qe-test-data-architect',
  'qe-api-contract-validator',
  'qe-flaky-test-hunter',
  'qe-visual-tester',
  'qe-chaos-engineer',
  'qe-code-complexity',
] as const;

