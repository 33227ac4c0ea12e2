import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../generators/model';
import { generateMetricsDocs } from '../../../generators/targets/metrics-docs';
import { schema } from '../../../schema';
import { miniSchema } from '../../fixtures/mini-schema';

describe('metrics.md', () => {
  const model = buildModel(schema);
  const doc = generateMetricsDocs(model)[0]!.content;

  it('has a section per metric under its Prometheus name, and every span', () => {
    for (const metric of model.metrics) expect(doc).toContain(`### \`${metric.prometheusName}\``);
    for (const span of model.spans) expect(doc).toContain(`### \`${span.nameTemplate}\``);
  });

  it('keeps each renamed spec name findable, next to the name that replaced it and why', () => {
    const row = doc.split('\n').find((l) => l.startsWith('| `aqe.latency.p99_seconds` |'));
    expect(row).toContain('`aqe.operation.duration_seconds`');
    expect(row).toMatch(/histogram of durations/);
    for (const name of ['aqe.task.throughput', 'aqe.tokens.cached', 'aqe.cost.per_agent_usd']) expect(doc).toContain(`\`${name}\``);
  });

  it('states the worst-case series against the budget', () => {
    expect(doc).toContain(`**${model.totalWorstCaseSeries}** of a budget of 100000`);
  });

  it('matches the snapshot for the mini schema', () => {
    expect(generateMetricsDocs(buildModel(miniSchema()))[0]!.content).toMatchSnapshot();
  });
});
