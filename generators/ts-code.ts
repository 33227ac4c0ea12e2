/** Small pieces for writing TypeScript source from the model. */

/** A string literal (JSON string syntax is valid TypeScript). */
export const literal = (value: string): string => JSON.stringify(value);

/** A property key: bare when it is an identifier, quoted otherwise (`'gen_ai.agent.name'`). */
export const key = (name: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name));

export const pascalCase = (identifier: string): string => identifier.charAt(0).toUpperCase() + identifier.slice(1);

/** `FOO_BAR` from `fooBar`. */
export const constantCase = (identifier: string): string => identifier.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

/** A TSDoc block, indented by `indent`. */
export function docComment(lines: readonly string[], indent = ''): string {
  const body = lines.flatMap((l) => l.split('\n')).map((l) => `${indent} *${l ? ` ${l}` : ''}`);
  return `${indent}/**\n${body.join('\n')}\n${indent} */\n`;
}
