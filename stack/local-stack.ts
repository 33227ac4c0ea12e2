import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { formatDuration } from '../core/duration';
import { renderLocalStack, type LocalOverrides, type LocalStackFiles } from '../generators/local-stack';
import { readSources } from '../generators/sources';
import type { LoopMode } from '../feedback/controller';
import { startFleet, type RunningFleet, type ScenarioName } from '../sim/fleet';
import { startAlertmanager, type RunningAlertmanager } from './alertmanager';
import { startCollector } from './collector';
import { startJaeger, type RunningJaeger } from './jaeger';
import { startLogSink, type RunningLogSink } from './log-sink';
import { freePort, isPortTaken, type RunningProcess } from './process';
import { startServiceProxy, type RunningServiceProxy } from './service-proxy';
import { startPrometheus, type RunningPrometheus } from './prometheus';
import { startReceivers } from './notification-receivers';
import { collectorTiming, localTiming, type LocalTiming } from './timing';
import type { Notification } from './receivers';

/**
 * A whole local stack on loopback, in the production topology: the simulated fleet sends
 * OTLP/HTTP to the OpenTelemetry Collector (the generated config and the distribution built
 * from the generated OCB manifest); the collector exposes metrics to Prometheus (the
 * generated scrape config, rules and alerting), sends traces to Jaeger v2 and logs to a sink
 * standing in for Loki's OTLP endpoint; Alertmanager (the generated routes and receivers)
 * notifies loopback fakes of Slack, PagerDuty and an SMTP relay through the receivers'
 * secret files. Every file is rendered by generators/local-stack.ts: out/ with only addresses,
 * paths and the time scale changed. Used by `npm run stack`, the end-to-end tests and the
 * bench; `stop()` ends every process, whatever failed.
 */
export interface LocalStack {
  readonly fleet: RunningFleet;
  readonly prometheus: RunningPrometheus;
  readonly alertmanager: RunningAlertmanager;
  readonly collectors: readonly RunningCollector[];
  readonly jaeger: RunningJaeger;
  readonly logs: RunningLogSink;
  /** Every notification the receivers' fakes got, in order. */
  readonly notifications: readonly Notification[];
  readonly timeScale: number;
  /** The intervals this stack runs at (stack/timing.ts): what a test's waits derive from. */
  readonly timing: LocalTiming;
  /** The files the stack runs, by their out/ paths. */
  readonly files: LocalStackFiles;
  /** The OTLP/HTTP endpoint the fleet sends to (OTEL_EXPORTER_OTLP_ENDPOINT): the replicas' "Service". */
  readonly otlpEndpoint: string;
  readonly collectorService: RunningServiceProxy;
  /** Where the fleet's feedback loop writes its state (`aqe telemetry feedback status --state`). */
  readonly feedbackStateFile: string;
  stop(): Promise<void>;
}

/** One collector replica, which a test may stop and start again (same ports, same config). */
export interface RunningCollector {
  readonly healthUrl: string;
  readonly telemetryUrl: string;
  readonly metricsUrl: string;
  readonly otlpHttpEndpoint: string;
  current(): RunningProcess | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface LocalStackStartOptions {
  readonly scenario: ScenarioName;
  /** One real second stands for this many seconds of rule time. @default 60 */
  readonly timeScale?: number;
  readonly seed?: number;
  readonly spanProcessors?: SpanProcessor[];
  readonly onNotification?: (notification: Notification) => void;
  /**
   * How Prometheus gets the fleet's metrics: through the collector (the production path), or
   * by scraping the agents' own pull endpoint (the `aqe-agents` job; the collector then carries
   * traces and logs only, so nothing is counted twice). @default 'collector'
   */
  readonly metricsPath?: 'collector' | 'direct';
  /** Collector replicas behind the fleet's one OTLP address (stack/service-proxy.ts). @default 1 */
  readonly collectorReplicas?: number;
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
  /** critical-finding: real milliseconds from the fleet's start to the finding. @default the fleet's 10 s */
  readonly criticalFindingAfterMs?: number;
}

const ROOT = resolve(__dirname, '..');

/** Start attempts when a port was taken between choosing it and binding it (stack/process.ts). */
const START_ATTEMPTS = 3;

export async function startLocalStack(options: LocalStackStartOptions): Promise<LocalStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startLocalStackOnce(options);
    } catch (error) {
      if (!isPortTaken(error) || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

async function startLocalStackOnce(options: LocalStackStartOptions): Promise<LocalStack> {
  const timeScale = options.timeScale ?? 60;
  const sources = readSources(ROOT);
  const timing = localTiming(sources, timeScale);
  const started: { stop(): Promise<void> }[] = [];
  const stop = async () => {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'aqe-stack-'));
    started.push({ stop: async () => rmSync(dir, { recursive: true, force: true }) });
    const feedbackStateFile = join(dir, 'feedback', 'state.json');
    mkdirSync(dirname(feedbackStateFile));

    const receivers = await startReceivers(sources, options.onNotification);
    started.push(receivers);
    const logs = await startLogSink();
    started.push(logs);

    const port = freePort;
    const replicas = await Promise.all(
      Array.from({ length: options.collectorReplicas ?? 1 }, async () => ({ otlpGrpc: await port(), otlpHttp: await port(), prometheus: await port(), health: await port(), telemetry: await port() })),
    );
    const [alertmanagerPort, prometheusPort, agentsPort] = [await port(), await port(), await port()];
    const direct = options.metricsPath === 'direct';
    const jaegerPorts = { otlpGrpcPort: await port(), queryHttpPort: await port(), queryGrpcPort: await port(), healthPort: await port(), telemetryPort: await port() };
    const loopback = (p: number) => `127.0.0.1:${p}`;
    const interval = formatDuration(timing.scrapeMs);
    const overrides = (replica: (typeof replicas)[number]): LocalOverrides => ({
      timeScale,
      interval,
      prometheus: {
        collector: direct ? [] : replicas.map((r) => loopback(r.prometheus)),
        collectorTelemetry: replicas.map((r) => loopback(r.telemetry)),
        agents: direct ? [loopback(agentsPort)] : [],
        alertmanager: [loopback(alertmanagerPort)],
        prometheus: loopback(prometheusPort),
      },
      alertmanager: receivers.overrides,
      collector: { listenHost: '127.0.0.1', ports: replica, jaegerOtlpGrpc: loopback(jaegerPorts.otlpGrpcPort), lokiOtlpHttp: logs.otlpUrl },
      collectorTiming: collectorTiming(timing),
      jaeger: { listenHost: '127.0.0.1', ...jaegerPorts, badgerDir: join(dir, 'jaeger') },
    });
    const files = renderLocalStack(sources, overrides(replicas[0]!));

    const jaeger = await startJaeger(files['jaeger/config.yaml']!, { query: `http://${loopback(jaegerPorts.queryHttpPort)}`, health: `http://${loopback(jaegerPorts.healthPort)}/status` });
    started.push(jaeger);
    const alertmanager = await startAlertmanager({ text: files['alertmanager/alertmanager.yaml']! }, alertmanagerPort, receivers.alertmanagerEnv);
    started.push(alertmanager);
    const prometheusFiles = Object.fromEntries(Object.entries(files).filter(([path]) => path.startsWith('prometheus/')).map(([path, content]) => [path.slice('prometheus/'.length), content]));
    const prometheus = await startPrometheus(prometheusFiles, prometheusPort);
    started.push(prometheus);

    const collectors: RunningCollector[] = replicas.map((replica, i) => {
      const config = renderLocalStack(sources, overrides(replica))['otel-collector/config.yaml']!;
      let current: RunningProcess | undefined;
      const collector: RunningCollector = {
        healthUrl: `http://${loopback(replica.health)}/`,
        telemetryUrl: `http://${loopback(replica.telemetry)}/metrics`,
        metricsUrl: `http://${loopback(replica.prometheus)}/metrics`,
        otlpHttpEndpoint: `http://${loopback(replica.otlpHttp)}`,
        current: () => current,
        start: async () => {
          current = await startCollector(config, collector.healthUrl, `otel-collector-${i}`);
        },
        stop: async () => {
          await current?.stop();
          current = undefined;
        },
      };
      return collector;
    });
    for (const collector of collectors) {
      await collector.start();
      started.push(collector);
    }

    // Agents reach the replicas through one address, as through the collector's Service.
    const service = await startServiceProxy(replicas.map((r) => r.otlpHttp));
    started.push(service);
    const otlpEndpoint = `http://${loopback(service.port)}`;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlpEndpoint;
    process.env.OTEL_EXPORTER_OTLP_TIMEOUT = '1000';
    process.env.OTEL_METRIC_EXPORT_INTERVAL = String(timing.exportMs);
    const fleet = await startFleet({
      scenario: options.scenario,
      timeScale,
      seed: options.seed,
      spanProcessors: options.spanProcessors,
      otlp: true,
      ...(options.criticalFindingAfterMs !== undefined ? { criticalFindingAfterMs: options.criticalFindingAfterMs } : {}),
      // Its pull endpoint is scraped only on the direct path.
      prometheusPort: agentsPort,
      // Let Prometheus see normalFirstMs of normal values before the scenario turns.
      scenarioStartSimSeconds: (timing.normalFirstMs / 1000) * timeScale,
      feedback: { mode: options.feedback ?? 'dry-run', prometheusUrl: prometheus.url, stateFile: feedbackStateFile, logToStdout: options.feedbackLogToStdout ?? true },
    });
    started.push(fleet);
    return { fleet, prometheus, alertmanager, collectors, jaeger, logs, notifications: receivers.notifications, timeScale, timing, files, otlpEndpoint, collectorService: service, feedbackStateFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
