import { parseArgs } from 'node:util';
import { didYouMean } from '../generators/nearest';
import type { Command, Values } from './command';
import type { FlagValue, Options } from './options';
import { UsageError } from './errors';

export function positiveNumber(unit: string): FlagValue<number> {
  return { kind: 'number', expects: `a positive number of ${unit}`, parse: (t) => (t.trim() !== '' && Number(t) > 0 && Number.isFinite(Number(t)) ? Number(t) : undefined) };
}

export function positiveWholeNumber(): FlagValue<number> {
  return { kind: 'number', expects: 'a positive whole number', parse: (t) => (/^[1-9]\d*$/.test(t) ? Number(t) : undefined) };
}

export function oneOf<T extends string>(choices: readonly T[]): FlagValue<T> {
  return { kind: 'choice', expects: `one of ${choices.join(', ')}`, choices, parse: (t) => (choices as readonly string[]).includes(t) ? (t as T) : undefined };
}

/** A duration, time or free text, as its own parser reads it (`expects` says what that is). */
export function parsed<T>(kind: 'duration' | 'time' | 'text', expects: string, parse: (text: string) => T | undefined): FlagValue<T> {
  return { kind, expects, parse: (t) => (t === '' ? undefined : parse(t)) };
}

export const freeText = (expects: string): FlagValue<string> => parsed('text', expects, (t) => t);

const shown = (value: string) => (/^\S+$/.test(value) ? value : JSON.stringify(value));

/** The checked value of a string flag (`undefined` when not given); a wrong one is a usage error that names it. */
export function flagValue<T>(values: Values, name: string, spec: FlagValue<T>): T | undefined {
  const given = values[name];
  if (typeof given !== 'string') return undefined;
  const value = spec.parse(given);
  if (value === undefined) throw new UsageError(`--${name} must be ${spec.expects}, got ${shown(given)}${spec.choices ? didYouMean(given, spec.choices) : ''}`);
  return value;
}

/** `aqe telemetry export [json|csv|openmetrics] [options]`: what `--help` and usage errors show. */
export function usageLine(command: Command): string {
  return ['aqe telemetry', command.name, ...command.arguments, '[options]'].join(' ');
}

const NUMBER = /^-\d|^-\.\d/;

/**
 * The command's arguments, checked: unknown flags (with the nearest known one), flags without
 * their value, boolean flags given one, more positionals than the command takes, and every
 * declared flag value. Node's own strict mode would call `--timeout -5` "ambiguous"; here a
 * negative number is the flag's value, and its check says what is wrong with it.
 */
export function parseCommandLine(command: Command, args: readonly string[], globalOptions: Options): { values: Values; positionals: string[] } {
  const options: Options = { ...globalOptions, ...command.options };
  const help = `aqe telemetry ${command.name} --help`;
  const { values, positionals, tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    const spec = command.flags[token.name];
    if (option === undefined) {
      const known = Object.keys(options).map((n) => `--${n}`);
      throw new UsageError(`unknown flag ${token.rawName} for ${command.name}${didYouMean(token.rawName.replace(/^-(?!-)/, '--'), known)}; ${help} lists its flags`);
    }
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value, got ${token.rawName}=${token.value} (${help})`);
    if (option.type !== 'string') continue;
    const expects = spec ? ` (${spec.expects})` : '';
    if (token.value === undefined) throw new UsageError(`${token.rawName} needs a value${expects}, got nothing after it (${help})`);
    if (!token.inlineValue && token.value.startsWith('-') && !NUMBER.test(token.value)) {
      throw new UsageError(`${token.rawName} needs a value${expects}, got the flag ${token.value}; write ${token.rawName}=${token.value} if that is the value`);
    }
  }
  const extra = positionals.slice(command.arguments.length);
  if (extra.length > 0) {
    const takes = command.arguments.length === 0 ? 'takes no arguments' : `takes at most ${command.arguments.length} argument${command.arguments.length > 1 ? 's' : ''} (${command.arguments.join(' ')})`;
    throw new UsageError(`${command.name} ${takes}, got also ${extra.map(shown).join(' ')}; usage: ${usageLine(command)}`);
  }
  for (const [name, spec] of Object.entries(command.flags)) flagValue(values, name, spec);
  return { values, positionals };
}
