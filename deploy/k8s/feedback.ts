import type { Chart } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-27';
import { SERVICES } from '../../core/services';
import type { StackContext } from './context';
import { hardenedContainer } from './hardened';
import { addSingleInstance } from './single-instance';
import { scratchVolume } from './storage';

/** Where the controller keeps its state file, for `feedback status --state` run in its pod (docs/feedback-loop.md). */
export const FEEDBACK_STATE_DIR = '/var/lib/aqe-feedback';

/** The CLI's arguments for the controller: test/deploy/feedback-deployment.test.ts runs them. */
export function feedbackArgs(context: StackContext): string[] {
  const { name, port } = SERVICES.feedback;
  return [
    'telemetry', 'feedback', 'serve',
    '--prometheus', `http://${SERVICES.prometheus.name}:${SERVICES.prometheus.port}`,
    '--mode', context.config.feedback.mode,
    '--host', '0.0.0.0',
    '--port', String(port),
    '--state', `${FEEDBACK_STATE_DIR}/${name}.json`,
  ];
}

/**
 * The fleet's one feedback controller (`aqe telemetry feedback serve`, feedback/service.ts).
 * One replica with the Recreate strategy: during a rollout the old controller stops before the
 * new one starts, so two never act on the same signal. While none runs (a rollout, a crash)
 * agents keep the last adaptations they fetched, then fall back to their defaults
 * (runtime/adaptation-client.ts, docs/feedback-loop.md). Its state is only its decisions,
 * rebuilt from Prometheus within a few polls, so it needs no claim.
 */
export function addFeedback(chart: Chart, context: StackContext): void {
  const { config } = context;
  const { name, port } = SERVICES.feedback;
  addSingleInstance(chart, {
    name,
    component: 'feedback',
    // The `node` user of the official Node images the CLI image is built on.
    user: 1000,
    mountedFiles: [],
    container: {
      ...hardenedContainer({
        name,
        image: config.images.cli,
        args: feedbackArgs(context),
        ports: [{ name: 'http', number: port }],
        probe: { path: '/healthz', port },
        cpuMillis: { request: 50, limit: 500 },
        memoryMiB: { request: 128, limit: 256 },
        user: 1000,
      }),
      envVariables: {
        // Its own adaptations counter, gauges, spans and logs, to the collector like an agent's.
        OTEL_EXPORTER_OTLP_ENDPOINT: EnvValue.fromValue(`http://${SERVICES.collector.name}:${config.collector.ports.otlpHttp}`),
      },
      volumeMounts: [{ path: FEEDBACK_STATE_DIR, volume: scratchVolume(chart, `${name}-state`, 'state') }],
    },
    servicePorts: [{ name: 'http', port }],
  });
}
