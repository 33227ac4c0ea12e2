import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../generators/model';
import { generateInstrumentation } from '../../../generators/targets/instrumentation';
import { schema } from '../../../schema';
import { miniSchema } from '../../fixtures/mini-schema';

describe('instrumentation', () => {
  const model = buildModel(schema);
  const files = Object.fromEntries(generateInstrumentation(model).map((f) => [f.path, f.content]));
  const metrics = files['instrumentation/metrics.ts']!;
  const spans = files['instrumentation/spans.ts']!;

  it('carries the do-not-edit header on every file', () => {
    for (const content of Object.values(files)) expect(content.startsWith('// Generated from schema/')).toBe(true);
  });

  it('exports one helper per metric, of the class that matches its kind', () => {
    for (const metric of model.metrics) {
      expect(metrics).toMatch(new RegExp(`export const ${metric.helperName} = new (Counter|UpDownCounter|Gauge|Histogram|DurationHistogram)Helper<`));
    }
    expect(metrics).toContain('export const agentDuration = new DurationHistogramHelper<');
    expect(metrics).toContain('export const costPerTask = new HistogramHelper<');
  });

  it('types closed labels as unions and open labels as strings', () => {
    const labels = files['instrumentation/labels.ts']!;
    expect(labels).toContain('export type AgentType = (typeof AGENT_TYPE_VALUES)[number];');
    expect(labels).toContain('export type Project = string;');
  });

  it('exports one with...Span function per span, with GenAI span names', () => {
    for (const span of model.spans) expect(spans).toContain(`export function with${span.helperName[0]!.toUpperCase()}${span.helperName.slice(1)}<T>(`);
    expect(spans).toContain('name: (a) => `invoke_agent ${a["gen_ai.agent.name"]}`');
  });

  it('imports nothing but @opentelemetry/api, runtime/ and its own files', () => {
    for (const content of Object.values(files)) {
      for (const [, from] of content.matchAll(/from '([^']+)'/g)) {
        expect(from === '@opentelemetry/api' || from!.startsWith('../../runtime/') || from!.startsWith('./'), from).toBe(true);
      }
    }
  });

  it('matches the snapshot for the mini schema', () => {
    for (const file of generateInstrumentation(buildModel(miniSchema()))) {
      expect(file.content).toMatchSnapshot(file.path);
    }
  });
});
