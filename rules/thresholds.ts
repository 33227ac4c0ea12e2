/**
 * Alert thresholds, declared once: the alert rules use them, and so will the feedback
 * loop, so the fleet adapts at the same points where people are paged.
 */
export const THRESHOLDS = {
  /** AgentFailureRate: share of an agent type's runs that end in an error (spec 8.1: 10 %). */
  agentFailureRatio: 0.1,
  /** Runs in the 5-minute window below which a failure ratio is noise, not a signal. */
  minRunsForFailureRatio: 10,
  /**
   * Failed runs in the 5-minute window below which the ratio is noise too: at a 2 % base
   * error rate, 2 failures among 10-20 runs happen every few hours by chance alone, and
   * stay in the window for its 5 minutes, long enough to page.
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
  inputTokensPerMinute: 100_000,
  /** PerformanceDegradation: P95 duration of an agent type's runs, seconds (spec 8.2). */
  p95DurationSeconds: 30,
  /** Runs in the 5-minute window below which a P95 is one slow run, not a trend. */
  minRunsForLatency: 5,
  /** CoverageDecline: percentage points lost against the day's highest (spec 8.2: 5). */
  coverageDropPoints: 5,
  /** FlakyTestIncrease: flaky tests known in one project (spec 8.2: 20). */
  flakyTests: 20,
} as const;
