import { didYouMean } from '../generators/nearest';
import type { Command } from './command';
import type { Options } from './options';
import { config } from './commands/config';
import { exportCommand } from './commands/export';
import { feedback } from './commands/feedback';
import { metrics } from './commands/metrics';
import { report } from './commands/report';
import { status } from './commands/status';
import { testAlert } from './commands/test-alert';
import { trace } from './commands/trace';
import { resolveConfig, TRACE_SOURCE_HELP, TRACE_SOURCE_OPTIONS } from './config';
import { CliError, EXIT, UsageError } from './errors';
import { parseCommandLine, usageLine } from './flags';
import { paint, processIo, type Io } from './output';

/**
 * `aqe telemetry <command> [...]` (also `telemetry <command>`): the commands of COMMANDS, one
 * file each under cli/commands/. Exit codes: 0 ok, 1 a check failed or a name was not found, 2 usage
 * error, 3 a backend is unreachable (the table in docs/user-guide.md, section 5).
 */
export const COMMANDS: readonly Command[] = [status, metrics, exportCommand, config, testAlert, trace, report, feedback];

const GLOBAL_OPTIONS: Options = {
  json: { type: 'boolean' },
  prometheus: { type: 'string' },
  alertmanager: { type: 'string' },
  collector: { type: 'string' },
  ...TRACE_SOURCE_OPTIONS,
  help: { type: 'boolean', short: 'h' },
};

const GLOBAL_HELP = [
  'Global flags:',
  '  --json                 machine-readable output',
  '  --prometheus <url>     Prometheus (else $AQE_PROMETHEUS_URL, else http://prometheus:9090)',
  '  --alertmanager <url>   Alertmanager (else $AQE_ALERTMANAGER_URL, else http://alertmanager:9093)',
  '  --collector <url>      OTLP/HTTP endpoint of the collector (else $OTEL_EXPORTER_OTLP_ENDPOINT, else http://localhost:4318)',
  TRACE_SOURCE_HELP,
  '  -h, --help             help of a command',
  'Exit codes: 0 ok; 1 a check failed, not found, or a backend answered but not as expected;',
  '2 usage error (unknown command or flag, a wrong value, extra arguments, an unusable path);',
  '3 a backend is unreachable.',
].join('\n');

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return ['Usage: aqe telemetry <command> [options]', '', 'Commands:', ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`), '', GLOBAL_HELP, ''].join('\n');
}

function commandHelp(command: Command): string {
  return [`Usage: ${usageLine(command)}`, '', command.summary, '', command.usage, '', GLOBAL_HELP, ''].join('\n');
}

/** Splits off the command name: the first argument that is neither a flag nor a global flag's value. */
function splitCommand(args: readonly string[]): { name?: string; rest: string[] } {
  const takesValue = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([n]) => `--${n}`));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (takesValue.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return { name: arg, rest: [...args.slice(0, i), ...args.slice(i + 1)] };
  }
  return { rest: [...args] };
}

/** Runs the CLI; resolves to the exit code (never calls process.exit, so tests can run it in-process). */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let args = [...argv];
  if (args[0] === 'aqe') args = args.slice(1);
  if (args[0] === 'telemetry') args = args.slice(1);
  const { name, rest } = splitCommand(args);
  try {
    if (name === undefined) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(mainHelp());
        return EXIT.ok;
      }
      throw new UsageError(`missing command: aqe telemetry <command> (${COMMANDS.map((c) => c.name).join(', ')}); --help lists them`);
    }
    const command = COMMANDS.find((c) => c.name === name);
    if (!command) {
      const names = COMMANDS.map((c) => c.name);
      throw new UsageError(`unknown command "${name}"${didYouMean(name, names)}: expected one of ${names.join(', ')}; aqe telemetry --help lists them`);
    }
    const parsed = parseCommandLine(command, rest, GLOBAL_OPTIONS);
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.out(commandHelp(command));
      return EXIT.ok;
    }
    const resolved = resolveConfig(values, io.env);
    return await command.run({ io, config: resolved, json: values.json === true, paint: paint(io.color) }, positionals, values);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`error: ${error.message}\n`);
      return error.exitCode;
    }
    return internalError(io, error, name);
  }
}

/**
 * What no check foresaw is a bug of the CLI, not the user's mistake: one line that says so,
 * and the stack trace only when asked for (AQE_DEBUG=1).
 */
function internalError(io: Io, error: unknown, command: string | undefined): number {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  io.err(`error: aqe telemetry${command ? ` ${command}` : ''} failed unexpectedly: ${message}\n(a bug in the CLI; run again with AQE_DEBUG=1 for the stack trace, and report it)\n`);
  if (io.env.AQE_DEBUG) io.err(`${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.failed;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
