import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { renderLocalStack } from '../generators/local-stack';
import { readSources } from '../generators/sources';
import type { LoopMode } from '../runtime/feedback/controller';
import { startFleet, type RunningFleet, type ScenarioName } from '../sim/fleet';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager';
import { freePort } from './process';
import { startPrometheus, type RunningPrometheus } from './prometheus';
import { startWebhook, type DeliveredAlert, type RunningWebhook } from './webhook';

/**
 * A whole local stack on loopback: the simulated fleet, a real Prometheus and
 * Alertmanager from Debian's packages running the generated rules and routes with time
 * compressed, and a webhook receiving every channel. Used by `npm run stack` and by the
 * end-to-end tests; `stop()` ends every process, whatever failed.
 */
export interface LocalStack {
  readonly fleet: RunningFleet;
  readonly prometheus: RunningPrometheus;
  readonly alertmanager: RunningAlertmanager;
  readonly webhook: RunningWebhook;
  readonly timeScale: number;
  /** Where the fleet's feedback loop writes its state (`aqe telemetry feedback status --state`). */
  readonly feedbackStateFile: string;
  stop(): Promise<void>;
}

export interface LocalStackStartOptions {
  readonly scenario: ScenarioName;
  /** One real second stands for this many seconds of rule time. @default 60 */
  readonly timeScale?: number;
  readonly seed?: number;
  readonly spanProcessors?: SpanProcessor[];
  readonly onAlert?: (alert: DeliveredAlert) => void;
  /**
   * The fleet's feedback loop, observing this stack's Prometheus. 'dry-run' by default: it
   * decides and records, but the fleet behaves exactly as without it, so each scenario
   * still raises exactly its alerts (an acting loop would, say, stop an error storm with
   * its circuit breaker before AgentFailureRate pages).
   * @default 'dry-run'
   */
  readonly feedback?: LoopMode;
  /** Adaptation log lines on stdout. @default true */
  readonly feedbackLogToStdout?: boolean;
}

const ROOT = resolve(__dirname, '..');
/** Real milliseconds of normal behaviour before a scenario's abnormal part begins. */
const NORMAL_FIRST_MS = 10_000;

export async function startLocalStack(options: LocalStackStartOptions): Promise<LocalStack> {
  const timeScale = options.timeScale ?? 60;
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const stateDir = mkdtempSync(join(tmpdir(), 'aqe-feedback-'));
    started.push({ stop: async () => rmSync(stateDir, { recursive: true, force: true }) });
    const feedbackStateFile = join(stateDir, 'state.json');
    const webhook = await startWebhook(options.onAlert);
    started.push(webhook);
    const [fleetPort, alertmanagerPort, prometheusPort, noCollectorPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
    const files = renderLocalStack(readSources(ROOT), {
      timeScale,
      fleetTargets: [`127.0.0.1:${fleetPort}`],
      alertmanager: `127.0.0.1:${alertmanagerPort}`,
      prometheus: `127.0.0.1:${prometheusPort}`,
      webhookBaseUrl: webhook.url,
    });
    const alertmanager = await startAlertmanager({ text: files.alertmanagerYaml }, alertmanagerPort);
    started.push(alertmanager);
    const prometheus = await startPrometheus(files.prometheus, prometheusPort);
    started.push(prometheus);
    // There is no collector here: agents export OTLP to a port nobody listens on, as they
    // would with the collector down, so the export-failure accounting is exercised too.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${noCollectorPort}`;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '1000';
    const fleet = await startFleet({
      scenario: options.scenario,
      timeScale,
      seed: options.seed,
      spanProcessors: options.spanProcessors,
      prometheusPort: fleetPort,
      otlp: true,
      // Let Prometheus see NORMAL_FIRST_MS of normal values before the scenario turns.
      scenarioStartSimSeconds: (NORMAL_FIRST_MS / 1000) * timeScale,
      feedback: { mode: options.feedback ?? 'dry-run', prometheusUrl: prometheus.url, stateFile: feedbackStateFile, logToStdout: options.feedbackLogToStdout ?? true },
    });
    started.push(fleet);
    return { fleet, prometheus, alertmanager, webhook, timeScale, feedbackStateFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
