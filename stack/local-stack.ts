import { resolve } from 'node:path';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { renderLocalStack } from '../generators/local-stack';
import { readSources } from '../generators/sources';
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
  stop(): Promise<void>;
}

export interface LocalStackStartOptions {
  readonly scenario: ScenarioName;
  /** One real second stands for this many seconds of rule time. @default 60 */
  readonly timeScale?: number;
  readonly seed?: number;
  readonly spanProcessors?: SpanProcessor[];
  readonly onAlert?: (alert: DeliveredAlert) => void;
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
    });
    started.push(fleet);
    return { fleet, prometheus, alertmanager, webhook, timeScale, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
