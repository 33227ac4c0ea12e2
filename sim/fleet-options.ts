/** What a fleet is started with, and the names other parts (stack, tests) read from it. */
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { LoopMode } from '../feedback/controller';
import type { FleetEvent } from './fleet-events';
import type { ScenarioName } from './scenarios';

/** Real milliseconds between the fleet's ticks: nothing it does changes more often than this. */
export const DEFAULT_TICK_MS = 100;

/** The fleet's `service.name`: what Jaeger lists it under and its logs carry. */
export const FLEET_SERVICE_NAME = 'aqe-fleet-simulator';

export interface FleetOptions {
  readonly scenario: ScenarioName;
  /** Simulated seconds per real second (60: a simulated minute passes each real second). */
  readonly timeScale: number;
  /** @default 1 */
  readonly seed?: number;
  readonly spanProcessors?: SpanProcessor[];
  /** Real milliseconds between ticks. @default DEFAULT_TICK_MS */
  readonly tickMs?: number;
  /** Port of the metrics endpoint. @default 0 (a free one; read metricsUrl) */
  readonly prometheusPort?: number;
  /** @default '127.0.0.1' (OTEL_EXPORTER_PROMETHEUS_HOST) */
  readonly prometheusHost?: string;
  /** critical-finding: real milliseconds before the finding. @default 10000 */
  readonly criticalFindingAfterMs?: number;
  /** `agent-run` and `handoff` events kept in `events` (the others always are). @default 20000 */
  readonly maxRunEvents?: number;
  /** Called with every event as it is logged (the CLI prints the scenario ones). */
  readonly onEvent?: (event: FleetEvent) => void;
  /**
   * Simulated seconds before the scenario's abnormal behaviour starts, instead of the
   * scenario's own; a local stack sets it so Prometheus has seen the normal values first.
   */
  readonly scenarioStartSimSeconds?: number;
  /** Also export over OTLP (to OTEL_EXPORTER_OTLP_ENDPOINT), as agents do. @default false */
  readonly otlp?: boolean;
  /**
   * The feedback loop (feedback/). Agents always go through the in-process
   * adaptation (concurrency limit, circuit breaker, model switch, retries); a controller
   * observing `prometheusUrl` changes it ('on'), or only records what it would do ('dry-run').
   * @default { mode: 'off' }
   */
  readonly feedback?: FleetFeedbackOptions;
}

export interface FleetFeedbackOptions {
  readonly mode: LoopMode;
  /** The Prometheus that scrapes this fleet; without it no controller runs. */
  readonly prometheusUrl?: string;
  /** Where the controller writes its state (feedback/state-file.ts). */
  readonly stateFile?: string;
  /** Log lines of adaptations to stdout. @default true */
  readonly logToStdout?: boolean;
}
