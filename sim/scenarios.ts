/**
 * The scenarios: normal operation, and one abnormal behaviour each, aimed at one alert of
 * rules/. Everything else in the fleet stays normal. Times are simulated seconds since the
 * fleet started, except the critical finding, which comes after real seconds (it exercises
 * the 30 s delivery budget of docs/alerting.md, which is wall-clock time).
 */
import type { AgentType, CweCategory, ErrorType, GateName, VulnerabilityCategory } from '../out/instrumentation/labels';
import type { SimProject, Weighted } from './profiles';

export const SCENARIO_NAMES = [
  'normal',
  'error-storm',
  'token-spike',
  'latency-degradation',
  'coverage-drop',
  'flaky-rise',
  'gate-failures',
  'critical-finding',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export function isScenarioName(value: string): value is ScenarioName {
  return (SCENARIO_NAMES as readonly string[]).includes(value);
}

/** The parameters of each abnormal behaviour (documented in sim/README.md). */
export const SCENARIO_PARAMETERS = {
  /** AgentFailureRate: 40 % of qe-test-generator runs fail (threshold 10 %, at least 10 runs in 5 minutes). */
  errorStorm: {
    agentType: 'qe-test-generator' satisfies AgentType,
    startSimSeconds: 60,
    errorRatio: 0.4,
    errors: [
      ['model_error', 0.6],
      ['timeout', 0.4],
    ] satisfies Weighted<ErrorType>,
  },
  /** HighTokenUsage: qe-test-generator sends about 200k input tokens a simulated minute (threshold 100k). */
  tokenSpike: {
    agentType: 'qe-test-generator' satisfies AgentType,
    startSimSeconds: 60,
    inputTokensPerMinute: 200_000,
    sigma: 0.3,
  },
  /** PerformanceDegradation: qe-test-generator runs take about 45 s (P95 threshold 30 s), 6 a minute. */
  latencyDegradation: {
    agentType: 'qe-test-generator' satisfies AgentType,
    startSimSeconds: 60,
    medianSeconds: 45,
    sigma: 0.1,
  },
  /** CoverageDecline: checkout-service line coverage slides from 86 % to 76 % (threshold: 5 points under the day's highest). */
  coverageDrop: {
    project: 'checkout-service' satisfies SimProject,
    startSimSeconds: 120,
    rampSimSeconds: 60,
    toLinePercent: 76,
  },
  /** FlakyTestIncrease: checkout-service known flaky tests climb from about 8 to 30 (threshold 20). */
  flakyRise: {
    project: 'checkout-service' satisfies SimProject,
    startSimSeconds: 60,
    rampSimSeconds: 240,
    toCount: 30,
  },
  /** QualityGateBreach: the release gate fails 2 extra decisions a simulated minute (threshold: more than 3 an hour). */
  gateFailures: {
    gateName: 'release' satisfies GateName,
    startSimSeconds: 60,
    failuresPerMinute: 2,
  },
  /** SecurityCriticalFinding: one critical CWE-89 finding, recorded once, about 10 real seconds after start. */
  criticalFinding: {
    afterRealMs: 10_000,
    cweCategory: 'CWE-89' satisfies CweCategory,
    vulnerabilityCategory: 'injection' satisfies VulnerabilityCategory,
  },
} as const;

export const SCENARIO_DESCRIPTIONS: Record<ScenarioName, string> = {
  normal: 'the whole fleet in normal operation',
  'error-storm': 'qe-test-generator fails 40% of its runs (model_error 60%, timeout 40%)',
  'token-spike': 'qe-test-generator sends about 200k input tokens a simulated minute',
  'latency-degradation': 'qe-test-generator runs take about 45 simulated seconds',
  'coverage-drop': 'checkout-service line coverage slides from 86% to 76% over a simulated minute',
  'flaky-rise': 'checkout-service flaky tests climb to 30 over 4 simulated minutes',
  'gate-failures': 'the release gate fails 2 more decisions a simulated minute',
  'critical-finding': 'one critical CWE-89 security finding',
};
