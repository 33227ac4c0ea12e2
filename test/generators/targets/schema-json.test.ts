import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../generators/model';
import { generateSchemaJson } from '../../../generators/targets/schema-json';
import { schema } from '../../../schema';
import { miniSchema } from '../../fixtures/mini-schema';

describe('schema.json', () => {
  it('is the resolved model, with a do-not-edit note', () => {
    const model = buildModel(schema);
    const [file] = generateSchemaJson(model);
    const parsed = JSON.parse(file!.content);
    expect(parsed.$comment).toMatch(/Do not edit/);
    const { $comment, ...rest } = parsed;
    expect(rest).toEqual(JSON.parse(JSON.stringify(model)));
  });

  it('gives each metric its otel name, prometheus name, series, kind, unit, labels and worst case', () => {
    const [file] = generateSchemaJson(buildModel(schema));
    const parsed = JSON.parse(file!.content);
    const spawn = parsed.metrics.find((m: { otelName: string }) => m.otelName === 'aqe.agent.spawn_total');
    expect(spawn).toMatchObject({
      prometheusName: 'aqe_agent_spawn_total',
      series: ['aqe_agent_spawn_total'],
      kind: 'counter',
      unit: '{agent}',
      worstCaseSeries: 19 * 5,
    });
    expect(spawn.labels.map((l: { name: string }) => l.name)).toEqual(['agent_type', 'status']);
  });

  it('matches the snapshot for the mini schema', () => {
    expect(generateSchemaJson(buildModel(miniSchema()))[0]!.content).toMatchSnapshot();
  });
});
