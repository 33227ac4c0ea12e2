import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { BEHAVIOURS } from '../../feedback/behaviours';

it('docs/feedback-loop.md lists each behaviour with its trigger and cooldown as the code declares them', () => {
  const doc = readFileSync(resolve(__dirname, '../../docs/feedback-loop.md'), 'utf8');
  for (const behaviour of BEHAVIOURS) {
    const row = doc.split('\n').find((line) => line.startsWith(`| ${behaviour.name} |`));
    expect(row, behaviour.name).toBeDefined();
    expect(row).toContain(behaviour.trigger);
    expect(row).toContain(`| ${behaviour.cooldown} |`);
  }
});
