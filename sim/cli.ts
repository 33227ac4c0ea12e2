/**
 * The simulator's command line: `ts-node --swc sim/main.ts [scenario] [--time-scale 60]
 * [--seed 1] [--port 0] [--host 127.0.0.1]`. Prints the metrics URL, then each scenario
 * event as it happens, and stops cleanly on SIGINT or SIGTERM.
 */
import { startFleet, type FleetEvent } from './fleet';
import { isScenarioName, SCENARIO_DESCRIPTIONS, SCENARIO_NAMES, type ScenarioName } from './scenarios';

export interface CliOptions {
  readonly scenario: ScenarioName;
  readonly timeScale: number;
  readonly seed: number;
  readonly port: number;
  readonly host?: string;
}

export const USAGE = `usage: ts-node --swc sim/main.ts [scenario] [--time-scale N] [--seed N] [--port N] [--host H]

scenarios (default normal):
${SCENARIO_NAMES.map((name) => `  ${name.padEnd(20)} ${SCENARIO_DESCRIPTIONS[name]}`).join('\n')}

  --time-scale N   simulated seconds per real second (default 60)
  --seed N         seed of the random draws: the same seed gives the same runs (default 1)
  --port N         port of the metrics endpoint (default 0: a free one)
  --host H         address it listens on (default 127.0.0.1; 0.0.0.0 in a container)`;

/** Parses the arguments; throws an Error whose message says what is wrong (and `help` for --help). */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let scenario: ScenarioName = 'normal';
  let timeScale = 60;
  let seed = 1;
  let port = 0;
  let host: string | undefined;
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') throw new Error('help');
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const number = (min: number, integer: boolean): number => {
      const text = value();
      const n = Number(text);
      if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) throw new Error(`${flag} takes ${integer ? 'an integer' : 'a number'} >= ${min}, not ${text}`);
      return n;
    };
    switch (flag) {
      case '--time-scale':
        timeScale = number(Number.MIN_VALUE, false);
        break;
      case '--seed':
        seed = number(0, true);
        break;
      case '--port':
        port = number(0, true);
        break;
      case '--host':
        host = value();
        break;
      default:
        if (flag.startsWith('-')) throw new Error(`unknown option ${flag}`);
        if (positional++ > 0) throw new Error(`one scenario only, got ${flag} too`);
        if (!isScenarioName(flag)) throw new Error(`unknown scenario ${flag}: one of ${SCENARIO_NAMES.join(', ')}`);
        scenario = flag;
    }
  }
  return { scenario, timeScale, seed, port, ...(host !== undefined ? { host } : {}) };
}

export function describeEvent(event: FleetEvent): string | undefined {
  const at = `${new Date(event.atMs).toISOString()} (simulated ${formatSim(event.simSeconds)})`;
  if (event.kind === 'scenario-start') return `${at} scenario ${event.scenario} starts: ${event.detail}`;
  if (event.kind === 'critical-finding') return `${at} critical finding ${event.cweCategory} recorded by ${event.agentId} (${event.taskId})`;
  return undefined;
}

function formatSim(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return `${m}m${String(s).padStart(2, '0')}s`;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    const message = (error as Error).message;
    if (message === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    process.stderr.write(`${message}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const fleet = await startFleet({
    scenario: options.scenario,
    timeScale: options.timeScale,
    seed: options.seed,
    prometheusPort: options.port,
    ...(options.host !== undefined ? { prometheusHost: options.host } : {}),
    // Only the scenario events are kept: a long run would otherwise keep every run in memory.
    maxRunEvents: 0,
    onEvent: (event) => {
      const line = describeEvent(event);
      if (line) process.stdout.write(`${line}\n`);
    },
  });
  process.stdout.write(`aqe fleet simulator: scenario ${options.scenario}, ${options.timeScale} simulated s per real s, seed ${options.seed}\n`);
  process.stdout.write(`metrics: ${fleet.metricsUrl}\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: stopping\n`);
    fleet.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
