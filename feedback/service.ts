/**
 * The feedback loop as its own application: the one controller of the fleet. It observes the
 * fleet through Prometheus, decides, and publishes what agents must do on the adaptation
 * channel; agent processes anywhere follow that channel (runtime/adaptation-client.ts). One
 * instance only: two would act on the same signal twice (out/k8s deploys one replica with the
 * Recreate strategy, deploy/k8s/feedback.ts). `aqe telemetry feedback serve` runs it.
 *
 * Its own telemetry (the adaptations counter, the concurrency and circuit gauges of what it
 * decided, its spans and logs) leaves through the standard OTEL_* variables like any agent's.
 */
import type { ControllerMode } from '../core/feedback-mode';
import { SERVICES } from '../core/services';
import { initializeTelemetry, shutdownTelemetry } from '../runtime/bootstrap';
import { createLogger } from '../runtime/logger';
import { InProcessAdaptation } from './adaptation';
import { startAdaptationChannel, type AdaptationChannel } from './channel';
import { FeedbackController } from './controller';
import { PrometheusObserver } from './prometheus-observer';
import { AdaptationRecorder } from './recorder';

export interface FeedbackServiceOptions {
  /** Where the fleet's metrics and the recording rules are, e.g. http://prometheus:9090. */
  readonly prometheusUrl: string;
  /** 'dry-run' decides and records but publishes nothing for agents to obey. */
  readonly mode: ControllerMode;
  /** @default '127.0.0.1'; '0.0.0.0' in a pod */
  readonly host?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** The stack's time scale (compressed tests): windows, cooldowns and the poll interval shrink by it. @default 1 */
  readonly timeScale?: number;
  /** Also write the state to this file after each step (what `feedback status` reads). */
  readonly stateFile?: string;
  /** Start the OpenTelemetry SDK from the OTEL_* variables. @default true */
  readonly telemetry?: boolean;
}

export interface FeedbackService {
  readonly controller: FeedbackController;
  readonly channel: AdaptationChannel;
  /** Stops deciding, closes the channel, flushes telemetry. Never rejects. */
  stop(): Promise<void>;
}

export async function startFeedbackService(options: FeedbackServiceOptions): Promise<FeedbackService> {
  const telemetry = options.telemetry ?? true;
  if (telemetry) initializeTelemetry({ serviceName: SERVICES.feedback.name });
  const timeScale = options.timeScale ?? 1;
  const controller = new FeedbackController({
    mode: options.mode,
    // No agent runs here: this adaptation is only the fleet's current decisions, which the
    // channel serialises. Its gauges are the fleet's limits, published once, from here.
    adaptation: new InProcessAdaptation({ timeScale }),
    observer: new PrometheusObserver({ url: options.prometheusUrl, timeScale }),
    timeScale,
    recorder: new AdaptationRecorder(createLogger({ name: SERVICES.feedback.name })),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
  });
  let channel: AdaptationChannel;
  try {
    channel = await startAdaptationChannel({ state: () => controller.snapshot(), host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    if (telemetry) await shutdownTelemetry();
    throw error;
  }
  controller.start();
  let stopping: Promise<void> | undefined;
  return {
    controller,
    channel,
    stop: () =>
      (stopping ??= (async () => {
        await controller.stop();
        await channel.close().catch(() => undefined);
        if (telemetry) await shutdownTelemetry();
      })()),
  };
}
