/**
 * A simulated fleet of the 18 QE agent types, driving only the generated helpers of
 * out/instrumentation and the runtime: metrics for Prometheus to scrape, and traces in
 * which a parent agent hands its trace context to each child through the agent memory.
 *
 * Time: one real second stands for `timeScale` simulated seconds. Rates are per simulated
 * time, recorded values are simulated quantities (a 12 s run records 12). A timer tick every
 * `tickMs` real milliseconds advances simulated time by exactly tickMs * timeScale / 1000,
 * however late the tick fires, and everything random comes from one seeded generator, so
 * the same seed gives the same runs (only the critical finding, due after real seconds,
 * depends on the wall clock).
 */
import { initializeTelemetry, shutdownTelemetry } from '../runtime/bootstrap';
import type { InProcessAdaptation } from '../feedback/adaptation';
import { FeedbackController, watchedPairs } from '../feedback/controller';
import { PrometheusObserver } from '../feedback/prometheus-observer';
import { AdaptationRecorder, initialiseAdaptationCounters } from '../feedback/recorder';
import { createLogger } from '../runtime/logger';
import type { FleetEvent } from './fleet-events';
import { FLEET_SERVICE_NAME, type FleetOptions } from './fleet-options';
import { Fleet } from './runner';
import { SCENARIO_NAMES } from './scenarios';

export type { ScenarioName } from './scenarios';
export type { FleetEvent } from './fleet-events';
export { DEFAULT_TICK_MS, FLEET_SERVICE_NAME, type FleetOptions } from './fleet-options';
export { DISPATCHER_AGENT_ID } from './run-plan';

export interface RunningFleet {
  readonly metricsUrl: string;
  readonly events: FleetEvent[];
  /** What the agents obey: read its state for concurrency, refusals, circuit state. */
  readonly adaptation: InProcessAdaptation;
  /** The feedback loop, when one runs. */
  readonly controller?: FeedbackController;
  stop(): Promise<void>;
}

let running = false;

/**
 * Starts telemetry (Prometheus pull endpoint, no OTLP) and the fleet. Only one fleet per
 * process: telemetry is process-global.
 *
 * @example
 * const fleet = await startFleet({ scenario: 'error-storm', timeScale: 60, seed: 7 });
 * console.log(fleet.metricsUrl);
 * await fleet.stop();
 */
export async function startFleet(options: FleetOptions): Promise<RunningFleet> {
  if (!SCENARIO_NAMES.includes(options.scenario)) throw new Error(`unknown scenario ${String(options.scenario)}: one of ${SCENARIO_NAMES.join(', ')}`);
  if (!(Number.isFinite(options.timeScale) && options.timeScale > 0)) throw new Error(`timeScale must be a positive number, not ${options.timeScale}`);
  if (running) throw new Error('a fleet is already running in this process: stop it first');
  running = true;
  try {
    const handle = initializeTelemetry({
      serviceName: FLEET_SERVICE_NAME,
      otlp: options.otlp ?? false,
      prometheus: { port: options.prometheusPort ?? 0, ...(options.prometheusHost ? { host: options.prometheusHost } : {}) },
      spanProcessors: options.spanProcessors ?? [],
    });
    const metricsUrl = await handle.prometheusUrl;
    if (!metricsUrl) throw new Error('the Prometheus endpoint did not start (port taken, or OTEL_SDK_DISABLED=true)');
    const fleet = new Fleet(options);
    const feedback = options.feedback;
    const controller =
      feedback && feedback.mode !== 'off' && feedback.prometheusUrl
        ? new FeedbackController({
            mode: feedback.mode,
            adaptation: fleet.adaptation,
            observer: new PrometheusObserver({ url: feedback.prometheusUrl, timeScale: options.timeScale }),
            timeScale: options.timeScale,
            recorder: new AdaptationRecorder(createLogger({ name: 'aqe-feedback', stdout: feedback.logToStdout ?? true })),
            ...(feedback.stateFile ? { stateFile: feedback.stateFile } : {}),
          })
        : undefined;
    // Without a loop nothing is ever applied: the counters say so, at 0, like a loop's would.
    if (!controller) initialiseAdaptationCounters(watchedPairs(), 'applied');
    fleet.start();
    controller?.start();
    let stopped: Promise<void> | undefined;
    return {
      metricsUrl,
      events: fleet.events,
      adaptation: fleet.adaptation,
      ...(controller ? { controller } : {}),
      stop: () =>
        (stopped ??= (async () => {
          await controller?.stop();
          fleet.stop();
          await shutdownTelemetry();
          running = false;
        })()),
    };
  } catch (error) {
    await shutdownTelemetry();
    running = false;
    throw error;
  }
}
