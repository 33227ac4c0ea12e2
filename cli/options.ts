import type { ParseArgsConfig } from 'node:util';

/**
 * The options a command (or a shared group of them, like config.ts' trace source) declares,
 * in node:util parseArgs' shape. A module of its own, below command.ts, config.ts and
 * flags.ts, so that none of those three has to import another both ways.
 */
export type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * What a string flag takes, declared next to the flag in its command (`Command.flags`), so that
 * `main` checks every value before the command runs and each mistake reads the same way:
 * `--timeout must be a positive number of seconds, got -5`.
 */
export interface FlagValue<T = unknown> {
  /** `number` and `choice` values are what tests feed wrong values to; `text` is anything non-empty. */
  readonly kind: 'number' | 'choice' | 'duration' | 'time' | 'text';
  /** For messages and help: `a positive number of seconds`. */
  readonly expects: string;
  readonly choices?: readonly string[];
  /** The value, or `undefined` when the text is not one. */
  parse(text: string): T | undefined;
}
