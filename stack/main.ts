import { startLocalStack } from './local-stack';

/**
 * `npm run stack [scenario]`: the simulated fleet, a real Prometheus and Alertmanager on
 * 127.0.0.1 with the generated rules and routes (time compressed: a minute of rule time
 * per second), and a webhook that prints every delivered alert. `--feedback off|dry-run|on`
 * sets the fleet's feedback loop (default dry-run). Ctrl-C stops everything.
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
      onAlert: (a) => {
        const labels = Object.entries(a.labels).filter(([k]) => k !== 'alertname').map(([k, v]) => `${k}=${v}`).join(' ');
        console.log(`${new Date(a.receivedAt).toISOString()}  ${a.channel.padEnd(16)} ${a.status.padEnd(8)} ${a.alertname}  ${labels}`);
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
  console.log(`fleet metrics ${stack.fleet.metricsUrl}`);
  console.log(`webhook       ${stack.webhook.url}  (delivered alerts are printed below)`);
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
