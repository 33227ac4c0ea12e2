import type { ResolvedConfig } from './config';
import type { FlagValue, Options } from './options';
import type { Io, Paint } from './output';

export type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface Context {
  readonly io: Io;
  readonly config: ResolvedConfig;
  readonly json: boolean;
  readonly paint: Paint;
}

/** One `aqe telemetry <name>` command, in its own file under cli/commands/. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** `--help` text after the usage line. */
  readonly usage: string;
  /** The positional arguments as the usage line shows them (`[name]`, `daily|weekly`); more is a usage error. */
  readonly arguments: readonly string[];
  readonly options: Options;
  /** What each string option takes, checked before `run` (a test holds every string option to having one). */
  readonly flags: Readonly<Record<string, FlagValue>>;
  /** Resolves to the exit code; throws a CliError for a one-line error. */
  run(context: Context, positionals: readonly string[], values: Values): Promise<number>;
}

export function stringValue(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}
