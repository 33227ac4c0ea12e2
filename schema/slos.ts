import { formatDuration } from '../core/duration';
import type { PanelKey } from '../core/dashboard-uids';
import type { Window } from '../core/promql';
import type { Label } from './define';
import { agentType } from './labels';
import { SLO_PERIOD } from './slo-policy';
import { THRESHOLDS } from './thresholds';

/**
 * The fleet's service level objectives as promises (docs/slo.md): what each counts, the
 * objective, the label it is kept by, and the names of the series it records. Declared
 * here, below rules/ and dashboards-src/, because both state them: rules/slo.ts adds what
 * the SLO counts and its alert tests, and the SLO dashboard draws a section per SLO, reading
 * the recorded series by the names below (the generators check that rules/ records them).
 */

export interface SloSpec {
  /** snake_case: records are `<by>:aqe_slo_<name>...`, alerts `<Name>BudgetFastBurn`... */
  readonly name: string;
  /** For people: `Run success`. */
  readonly title: string;
  /** What the events are, in messages: `runs`. */
  readonly eventsName: string;
  /** What every good event does, after "99 % of runs must": `end without an error`. */
  readonly promise: string;
  /** What bad events are, in messages: `failed runs`. */
  readonly badEventsName: string;
  /** Share of valid events that must be good over the period, below 1: `0.99`. */
  readonly objective: number;
  /** One objective, and one error budget, per value of this label. */
  readonly by: Label;
  /** Where its section of the SLO dashboard starts (core/dashboard-uids.ts PANELS.slo): what its alerts open. */
  readonly panel: PanelKey<'slo'>;
}

export const RUN_SUCCESS: SloSpec = {
  name: 'run_success',
  title: 'Run success',
  eventsName: 'runs',
  promise: 'end without an error',
  badEventsName: 'failed runs',
  // 99 %: at the normal 0.5 % the fleet spends half its budget; a steady 5 % spends it in six
  // days (a ticket), and every run failing pages 9 minutes in.
  objective: 0.99,
  by: agentType,
  panel: 'runSuccess',
};

export const RUN_LATENCY: SloSpec = {
  name: 'run_latency',
  title: 'Run latency',
  // Successful runs only: a failed run is already spent from the run success budget, and a
  // run that fails fast would otherwise count as a fast one.
  eventsName: 'successful runs',
  // PerformanceDegradation's threshold read as an SLO, asked of more runs: 99 % of runs
  // within 30 s is a P99 of at most 30 s.
  promise: `finish within ${THRESHOLDS.p95DurationSeconds}s`,
  badEventsName: 'slow runs',
  // 99 %, as run success: the simulated fleet ran none of its successful runs over 30 s
  // (0 of 25,992 in twelve simulated hours; docs/slo.md), so the normal fleet spends next
  // to nothing, and every run slow pages 9 minutes in.
  objective: 0.99,
  by: agentType,
  panel: 'runLatency',
};

/** Every SLO, in the order of the rule file and the SLO dashboard. */
export const SLO_SPECS: readonly SloSpec[] = [RUN_SUCCESS, RUN_LATENCY];

/** 1 - objective: the share of bad events the period allows. */
export function errorBudget(spec: Pick<SloSpec, 'objective'>): number {
  // Rounded: 1 - 0.99 is 0.010000000000000009, which would be the rule text otherwise.
  return Number((1 - spec.objective).toPrecision(6));
}

/**
 * A recording rule's name, `level:metric:operations` as Prometheus names them: the SLO's
 * label, `aqe_slo_<name>` (with `_errors` / `_events` for counts), the operation and the
 * window. Built here only, so no window is ever typed twice in a name.
 *
 * @example sloRecordName(runSuccess, '', 'burn_rate', ONE_HOUR) // 'agent_type:aqe_slo_run_success:burn_rate1h'
 */
export function sloRecordName(slo: Pick<SloSpec, 'name' | 'by'>, what: '' | 'errors' | 'events', operation: string, window: Window): string {
  const metric = what === '' ? `aqe_slo_${slo.name}` : `aqe_slo_${slo.name}_${what}`;
  return `${slo.by.name}:${metric}:${operation}${formatDuration(window.ms)}`;
}

/** The names of the series an SLO records, as rules/slo-define.ts records them and dashboards read them. */
export interface SloRecordNames {
  /** Valid events within a window of SLO_WINDOWS, per `by`. */
  events(window: Window): string;
  /** Bad events within a window of SLO_WINDOWS, per `by`. */
  badEvents(window: Window): string;
  /** Error ratio over a window of SLO_WINDOWS (or the period) divided by the budget: 1 spends the budget in exactly the period. */
  burnRate(window: Window): string;
  /** Share of bad events over the period. */
  readonly periodErrorRatio: string;
  /** Share of the period's budget not spent yet: 1 untouched, 0 spent, below 0 overspent. */
  readonly budgetRemaining: string;
}

export function sloRecordNames(slo: Pick<SloSpec, 'name' | 'by'>): SloRecordNames {
  return {
    events: (w) => sloRecordName(slo, 'events', 'increase', w),
    badEvents: (w) => sloRecordName(slo, 'errors', 'increase', w),
    burnRate: (w) => sloRecordName(slo, '', 'burn_rate', w),
    periodErrorRatio: sloRecordName(slo, 'errors', 'ratio_rate', SLO_PERIOD),
    budgetRemaining: sloRecordName(slo, '', 'error_budget_remaining', SLO_PERIOD),
  };
}
