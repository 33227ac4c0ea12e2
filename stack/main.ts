import { startLocalStack } from './local-stack';

/**
 * `npm run stack [scenario]`: the simulated fleet, the collector, Prometheus, Alertmanager and
 * Jaeger on 127.0.0.1 in the production topology with the generated files (time compressed:
 * a minute of rule time per second), and loopback Slack, PagerDuty and SMTP fakes that print
 * every notification. `--feedback off|dry-run|on` sets the fleet's feedback loop (default
 * dry-run). Ctrl-C stops everything.
 */
async function main(): Promise<void> {
  const scenario = (process.argv[2] ?? 'normal') as Parameters<typeof startLocalStack>[0]['scenario'];
  const timeScaleArg = process.argv.indexOf('--time-scale');
  const timeScale = timeScaleArg > 0 ? Number(process.argv[timeScaleArg + 1]) : 60;
  const feedbackArg = process.argv.indexOf('--feedback');
  const feedback = feedbackArg > 0 ? process.argv[feedbackArg + 1] : 'dry-run';
  if (feedback !== 'off' && feedback !== 'dry-run' && feedback !== 'on') {
    console.error(`--feedback must be off, dry-run or on, not ${feedback}`);
    process.exitCode = 2;
    return;
  }
  let stack;
  try {
    stack = await startLocalStack({
      scenario,
      timeScale,
      feedback,
      onNotification: (n) => {
        const firstLine = n.text.split('\n').find((line) => line.trim() && !line.startsWith('[')) ?? '';
        console.log(`${new Date(n.receivedAt).toISOString()}  ${n.kind.padEnd(9)} ${n.channel.padEnd(16)} ${n.status.padEnd(8)} ${n.alertname}  ${firstLine.slice(0, 100)}`);
      },
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
    return;
  }
  console.log(`scenario      ${scenario} (time x${timeScale}: a minute of rule time lasts ${60 / timeScale} s)`);
  console.log(`prometheus    ${stack.prometheus.url}`);
  console.log(`alertmanager  ${stack.alertmanager.url}`);
  console.log(`jaeger        ${stack.jaeger.queryUrl}  (query API; aqe telemetry trace --jaeger ${stack.jaeger.queryUrl})`);
  console.log(`collector     ${stack.otlpEndpoint}  (OTLP/HTTP; health ${stack.collectors[0]!.healthUrl})`);
  console.log(`receivers     Slack, PagerDuty and SMTP fakes on loopback (notifications are printed below)`);
  console.log(`feedback loop ${feedback}, state in ${stack.feedbackStateFile} (aqe telemetry feedback status --state <file>)`);
  console.log('Ctrl-C to stop.');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping...');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

void main();
