import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { prometheusLabelName } from '../../core/prometheus-name';
import { schema } from '../../schema';
import { GENAI_CONVENTIONS, GENAI_METRICS, GENAI_OPT_IN } from '../../schema/genai-conventions';

const doc = readFileSync(resolve(__dirname, '../../docs/genai-conventions.md'), 'utf8');
const standard = Object.values(schema.metrics).filter((m) => m.convention !== undefined);

it('docs/genai-conventions.md names the pinned revision, the default and the opt-in value as the schema declares them', () => {
  expect(doc).toContain(GENAI_CONVENTIONS);
  expect(doc).toContain(`\`${GENAI_METRICS}\` (the default)`);
  expect(doc).toContain(`lists\n    \`${GENAI_OPT_IN}\``);
});

it('docs/genai-conventions.md lists every standard metric of the schema with its unit and Prometheus labels', () => {
  expect(standard.length).toBeGreaterThan(0);
  for (const metric of standard) {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${metric.name}\` |`));
    expect(row, metric.name).toBeDefined();
    expect(row).toContain(`| \`${metric.unit}\` |`);
    const labels = metric.labels.map((l) => `\`${prometheusLabelName(l.name)}\``).join(', ');
    expect(row, metric.name).toContain(`| ${labels} |`);
  }
});
