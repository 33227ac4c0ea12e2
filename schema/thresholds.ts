import { AGENT_TYPES } from './agent-types';

/**
 * Alert thresholds, declared once: the alert rules use them, and so will the feedback
 * loop, so the fleet adapts at the same points where people are paged.
 */
/** One agent type's input-token budget per minute (HighTokenUsage; the fleet's per-model budget is a multiple). */
const AGENT_INPUT_TOKENS_PER_MINUTE = 100_000;

export const THRESHOLDS = {
  /** AgentFailureRate: share of an agent type's runs that end in an error (spec 8.1: 10 %). */
  agentFailureRatio: 0.1,
  /** Runs in the 5-minute window below which a failure ratio is noise, not a signal. */
  minRunsForFailureRatio: 10,
  /**
   * Failed runs in the 5-minute window below which the ratio is noise too: even at the
   * fleet's 0.5 % base error rate, 2 failures among the 10-15 runs of an agent type run 2-3
   * times a minute (over 10 %) happen by chance alone every 15-34 hours per type, about
   * every 4 hours somewhere in the fleet, and stay in the window for its 5 minutes, long
   * enough to page.
   */
  minErrorsForFailureRatio: 3,
  /** QualityGateBreach: failed decisions of one gate within an hour (spec 8.1: more than 3). */
  gateFailuresPerHour: 3,
  /**
   * HighTokenUsage: input tokens per minute of one agent type, averaged over the last hour.
   * The spec writes `rate(...[1h]) > 100000`, which is per second: 360M tokens an hour,
   * about $1,080 an hour of input at claude-sonnet-4-5 prices, from one agent type. Per
   * minute (6M tokens an hour, about $18 an hour of input) is the reading that can page
   * someone before the bill does.
   */
  inputTokensPerMinute: AGENT_INPUT_TOKENS_PER_MINUTE,
  /**
   * HighModelTokenUsage: input tokens per minute sent to one model by the whole fleet,
   * averaged over the last hour, read from the standard gen_ai.client.token.usage (cache reads
   * and writes included, as the conventions count input). Every agent type at its own budget on
   * one model.
   */
  modelInputTokensPerMinute: AGENT_TYPES.length * AGENT_INPUT_TOKENS_PER_MINUTE,
  /** PerformanceDegradation: P95 duration of an agent type's runs, seconds (spec 8.2). */
  p95DurationSeconds: 30,
  /** Runs in the 5-minute window below which a P95 is one slow run, not a trend. */
  minRunsForLatency: 5,
  /** CoverageDecline: percentage points lost against the day's highest (spec 8.2: 5). */
  coverageDropPoints: 5,
  /** FlakyTestIncrease: flaky tests known in one project (spec 8.2: 20). */
  flakyTests: 20,

  // ---- the feedback loop's own (feedback/behaviours.ts) ----
  // Where the loop acts at the alert's threshold, it reads the alert's entry above. These
  // are where it differs: it acts earlier than a page (an adaptation is cheap and undone by
  // itself; waking someone is not), and it needs a lower level to undo what it did, so a
  // value sitting on the threshold does not switch an action on and off (hysteresis).

  /**
   * Errors behaviour (spec 10.2: "error rate exceeds 5 %"): the loop trips the circuit breaker
   * at half the AgentFailureRate page, so the fleet sheds a failing agent type before anyone
   * is woken; the same traffic guards (minRunsForFailureRatio, minErrorsForFailureRatio) apply.
   */
  loopFailureRatio: 0.05,
  /** Errors behaviour: retries go back to normal only once the failure ratio is under 2 %. */
  loopFailureRecoverRatio: 0.02,
  /** Performance behaviour: concurrency is restored once P95 is under 80 % of p95DurationSeconds. */
  loopP95RecoverSeconds: 24,
  /** Cost behaviour: the expensive model comes back under 80 % of inputTokensPerMinute. */
  loopInputTokensRecoverPerMinute: 80_000,
  /**
   * Quality behaviour (spec 10.2: "coverage drops below target"): line coverage target of a
   * project. The CoverageDecline alert compares with the day's highest instead: a slide of
   * 5 points from 90 % is worth a warning, but only coverage under target needs more tests.
   */
  loopLineCoverageTargetPercent: 80,
  /** Quality behaviour: the extra test generators go once coverage is 2 points over target. */
  loopLineCoverageRecoverPercent: 82,
  /**
   * Flakiness behaviour (spec 10.2: "flaky rate > 3 %"): share of executed tests that were
   * flaky in the 5-minute window. FlakyTestIncrease counts known flaky tests instead (a
   * backlog, for people); the rate is what a quarantine changes at once.
   */
  loopFlakyRatio: 0.03,
  /** Flakiness behaviour: the quarantine is lifted under 1.5 %. */
  loopFlakyRecoverRatio: 0.015,
} as const;
