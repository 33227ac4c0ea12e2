import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../generators/model';
import { DiagnosticError, type Diagnostic } from '../../generators/diagnostics';
import { alsoAs, attribute, closedLabel, counter, defaulted, gauge, histogram, openLabel, type Schema } from '../../schema/define';
import { schema } from '../../schema';
import { color, miniSchema, team } from '../fixtures/mini-schema';

function diagnosticsOf(input: Schema): readonly Diagnostic[] {
  try {
    buildModel(input);
  } catch (error) {
    if (error instanceof DiagnosticError) return error.diagnostics;
    throw error;
  }
  return [];
}

const withMetrics = (extra: Schema['metrics']) => miniSchema({ metrics: { ...miniSchema().metrics, ...extra } });
const withLabels = (extra: Schema['labels'], metrics: Schema['metrics']) =>
  miniSchema({ labels: { ...miniSchema().labels, ...extra }, metrics: { ...miniSchema().metrics, ...metrics } });

describe('buildModel on the real schema', () => {
  const model = buildModel(schema);

  it('has every metric of spec section 6, under its own or its spec name', () => {
    const names = new Set(model.metrics.flatMap((m) => [m.otelName, ...m.specNames]));
    for (const specName of [
      'aqe.agent.spawn_total', 'aqe.agent.duration_seconds', 'aqe.agent.active', 'aqe.agent.errors_total',
      'aqe.quality.score', 'aqe.quality.coverage_percent', 'aqe.quality.defects_found', 'aqe.quality.gate_decisions',
      'aqe.task.queue_depth', 'aqe.task.throughput', 'aqe.latency.p99_seconds',
      'aqe.tokens.input_total', 'aqe.tokens.output_total', 'aqe.tokens.cached', 'aqe.cost.usd_total', 'aqe.cost.per_task_usd',
      'aqe.cost.total_usd', 'aqe.cost.per_agent_usd',
      'aqe.security.vulnerabilities', 'aqe.security.scan_duration_seconds', 'aqe.security.findings_total',
    ]) {
      expect(names, specName).toContain(specName);
    }
  });

  it('closes agent_type over exactly the 18 agent types', () => {
    const agentType = model.labels.find((l) => l.name === 'agent_type');
    expect(agentType?.kind).toBe('closed');
    expect(agentType?.values).toHaveLength(18);
    expect(agentType?.values).toContain('qe-flaky-test-hunter');
  });

  it('gives every label a closed set or a cap', () => {
    for (const label of model.labels) {
      expect(label.kind === 'closed' ? (label.values?.length ?? 0) > 0 : (label.cap ?? 0) > 0, label.name).toBe(true);
    }
  });

  it('stays within the 100k series budget of spec 11.2', () => {
    expect(model.totalWorstCaseSeries).toBeLessThanOrEqual(100_000);
    expect(model.totalWorstCaseSeries).toBe(model.metrics.reduce((n, m) => n + m.worstCaseSeries, 0));
  });

  it('counts a histogram series per bucket, +Inf, _sum and _count, for every label combination', () => {
    const duration = model.metrics.find((m) => m.otelName === 'aqe.agent.duration_seconds');
    // 18 agent types + other, 20 task types + other, 4 outcomes + other; 10 buckets + 3.
    expect(duration?.worstCaseSeries).toBe(19 * 21 * 5 * 13);
  });

  it('spans carry the GenAI names and attributes', () => {
    const templates = model.spans.map((s) => s.nameTemplate);
    expect(templates).toContain('invoke_agent {gen_ai.agent.name}');
    expect(templates).toContain('execute_tool {gen_ai.tool.name}');
    const attributeNames = new Set(model.spans.flatMap((s) => [...s.attributes.map((a) => a.name), ...Object.keys(s.fixedAttributes)]));
    for (const name of [
      'gen_ai.operation.name', 'gen_ai.provider.name', 'gen_ai.request.model', 'gen_ai.response.model', 'gen_ai.agent.name',
      'gen_ai.agent.id', 'gen_ai.conversation.id', 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens',
      'gen_ai.usage.cache_read.input_tokens', 'aqe.agent.type', 'aqe.task.id',
    ]) {
      expect(attributeNames, name).toContain(name);
    }
    const points = model.spans.flatMap((s) => s.specPoints);
    for (const point of ['agent.spawn()', 'agent.execute()', 'agent.complete()', 'agent.error()', 'task.start()', 'task.complete()', 'memory.read()', 'memory.write()']) {
      expect(points, point).toContain(point);
    }
  });

  it('prices every model of the model label, naming the pinned package the prices come from', () => {
    const modelLabel = model.labels.find((l) => l.name === 'model');
    expect(model.prices.models.map((p) => p.model).sort()).toEqual([...(modelLabel?.values ?? [])].filter((v) => v !== 'other').sort());
    const pin = (JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['@pydantic/genai-prices'];
    expect(model.prices.source).toBe(`@pydantic/genai-prices@${pin}`);
  });
});

describe('buildModel rejects a wrong schema with place, problem and fix', () => {
  const cases: ReadonlyArray<{ sentence: string; input: () => Schema; place: RegExp; problem: RegExp; fix: RegExp }> = [
    {
      sentence: 'a metric name that is not aqe.<area>.<what> is refused',
      input: () => withMetrics({ bad: counter({ name: 'Widgets-Made', unit: '{w}', description: 'x', labels: [] }) }),
      place: /metric Widgets-Made/, problem: /not a valid metric name/, fix: /aqe\.<area>\.<what>/,
    },
    {
      sentence: 'two metrics with one name are refused',
      input: () => withMetrics({ again: counter({ name: 'aqe.widget.made_total', unit: '{w}', description: 'x', labels: [] }) }),
      place: /aqe\.widget\.made_total/, problem: /already used by schema export widgets/, fix: /rename/,
    },
    {
      sentence: 'x and x_total, which both become x_total in Prometheus, are refused',
      input: () => withMetrics({ twin: counter({ name: 'aqe.widget.made', unit: '{w}', description: 'x', labels: [] }) }),
      place: /aqe\.widget\.made/, problem: /aqe_widget_made_total is also produced by aqe\.widget\.made/, fix: /rename one/,
    },
    {
      sentence: 'a gauge named like a histogram series (_count) is refused',
      input: () => withMetrics({ clash: gauge({ name: 'aqe.widget.duration_seconds_count', unit: '{w}', description: 'x', labels: [] }) }),
      place: /aqe\.widget\.duration_seconds_count/, problem: /also produced by aqe\.widget\.duration_seconds/, fix: /rename/,
    },
    {
      sentence: 'the reserved label le is refused',
      input: () => withLabels({ le: closedLabel('le', 'x', ['a'] as const) }, { m: counter({ name: 'aqe.widget.le_total', unit: '{w}', description: 'x', labels: [closedLabel('le', 'x', ['a'] as const)] }) }),
      place: /label le/, problem: /reserved.*histogram buckets/, fix: /choose another name/,
    },
    {
      sentence: 'an otel_scope_ label is refused',
      input: () => withLabels({ scope: openLabel('otel_scope_name', 'x', 3) }, {}),
      place: /label otel_scope_name/, problem: /added by the OpenTelemetry exporter/, fix: /without the otel_scope_ prefix/,
    },
    {
      sentence: 'a label name with a dash is refused',
      input: () => withLabels({ dashed: openLabel('agent-type', 'x', 3) }, {}),
      place: /label agent-type/, problem: /not a valid label name/, fix: /letters, digits and _/,
    },
    {
      sentence: 'a label used by a metric but not exported from schema/labels.ts is refused',
      input: () => withMetrics({ stray: counter({ name: 'aqe.widget.stray_total', unit: '{w}', description: 'x', labels: [openLabel('stray', 'x', 2)] }) }),
      place: /aqe\.widget\.stray_total .*, label stray/, problem: /not exported from schema\/labels\.ts/, fix: /closedLabel\(\) or openLabel\(\)/,
    },
    {
      sentence: 'histogram buckets that do not increase are refused',
      input: () => withMetrics({ widgetTime: histogram({ name: 'aqe.widget.duration_seconds', unit: 's', description: 'x', labels: [], buckets: [1, 0.5, 5] }) }),
      place: /aqe\.widget\.duration_seconds/, problem: /strictly increasing, but bucket 1 \(0\.5\) follows 1/, fix: /sort the buckets/,
    },
    {
      sentence: 'a seconds unit on a name without _seconds is refused, because the collector would rename it',
      input: () => withMetrics({ widgetTime: histogram({ name: 'aqe.widget.duration', unit: 's', description: 'x', labels: [], buckets: [1] }) }),
      place: /aqe\.widget\.duration/, problem: /agents expose aqe_widget_duration but the collector would expose aqe_widget_duration_seconds/, fix: /end the name with _seconds/,
    },
    {
      sentence: 'a name ending in _seconds with a unit of milliseconds is refused',
      input: () => withMetrics({ widgetTime: histogram({ name: 'aqe.widget.duration_seconds', unit: 'ms', description: 'x', labels: [], buckets: [1] }) }),
      place: /aqe\.widget\.duration_seconds/, problem: /collector would expose aqe_widget_duration_seconds_milliseconds/, fix: /_milliseconds/,
    },
    {
      sentence: 'a name ending in _percent with an annotation unit is refused',
      input: () => withMetrics({ p: gauge({ name: 'aqe.widget.done_percent', unit: '{widget}', description: 'x', labels: [] }) }),
      place: /aqe\.widget\.done_percent/, problem: /ends in "percent" but the unit is "\{widget\}"/, fix: /"%" for percent/,
    },
    {
      sentence: 'a metric over its own series cap is refused, naming the widest label',
      input: () => withMetrics({ widgets: counter({ name: 'aqe.widget.made_total', unit: '{w}', description: 'x', labels: [color, team], maxSeries: 5 }) }),
      place: /aqe\.widget\.made_total/, problem: /worst case 12 series is over its cap of 5/, fix: /widest is team, 4 values/,
    },
    {
      sentence: 'a schema over the total series budget is refused, naming the largest metrics',
      input: () => miniSchema({ seriesBudget: 10 }),
      place: /all metrics/, problem: /over the budget of 10/, fix: /aqe\.widget\.duration_seconds \(18\)/,
    },
    {
      sentence: 'an open label without a cap is refused',
      input: () => withLabels({ uncapped: openLabel('uncapped', 'x', 0) }, {}),
      place: /label uncapped/, problem: /positive integer cap/, fix: /how many distinct values/,
    },
    {
      sentence: 'a standard metric (convention) must keep the standard\'s gen_ai.* name',
      input: () => withMetrics({ std: histogram({ name: 'aqe.widget.standard_seconds', unit: 's', description: 'x', labels: [], buckets: [1], convention: 'conventions@1' }) }),
      place: /metric aqe\.widget\.standard_seconds/, problem: /not a valid standard metric name/, fix: /conventions@1 gives it, gen_ai\./,
    },
    {
      sentence: 'a label that follows from another needs that one on the metric',
      input: () => {
        const model = closedLabel('gen_ai.request.model', 'x', ['m1'] as const);
        const provider = closedLabel('gen_ai.provider.name', 'x', ['p1'] as const, { functionOf: model });
        return withLabels({ model, provider }, { calls: counter({ name: 'aqe.widget.calls_total', unit: '{call}', description: 'x', labels: [provider] }) });
      },
      place: /label gen_ai\.provider\.name/, problem: /follows from label gen_ai\.request\.model, which the metric does not have/, fix: /add gen_ai\.request\.model/,
    },
    {
      sentence: 'two labels that Prometheus shows under one name are refused',
      input: () => {
        const dotted = closedLabel('widget.kind', 'x', ['a'] as const);
        const underscored = closedLabel('widget_kind', 'x', ['a'] as const);
        return withLabels({ dotted, underscored }, { made: counter({ name: 'aqe.widget.kinds_total', unit: '{w}', description: 'x', labels: [dotted, underscored] }) });
      },
      place: /label widget_kind/, problem: /Prometheus shows it as widget_kind, like label widget\.kind/, fix: /rename one/,
    },
    {
      sentence: 'a span duration metric whose label the span lacks is refused with a suggestion',
      input: () => {
        const base = miniSchema();
        const kindLabel = closedLabel('aqe.widget.knd', 'x', ['a'] as const);
        const took = histogram({ name: 'aqe.widget.took_seconds', unit: 's', description: 'x', labels: [kindLabel], buckets: [1] });
        return miniSchema({ labels: { ...base.labels, kindLabel }, metrics: { ...base.metrics, took }, spans: { widgetSpan: { ...base.spans.widgetSpan!, durationMetric: took } } });
      },
      place: /span widget.*durationMetric aqe\.widget\.took_seconds/, problem: /label aqe\.widget\.knd is no attribute of the span.*did you mean aqe\.widget\.kind\?/, fix: /add aqe\.widget\.knd/,
    },
    {
      sentence: 'a span attribute default outside its values is refused',
      input: () => {
        const base = miniSchema();
        const widgetSpan = base.spans.widgetSpan!;
        const provider = attribute('gen_ai.provider.name', 'string', 'Provider', ['anthropic']);
        return miniSchema({ spans: { widgetSpan: { ...widgetSpan, attributes: [...widgetSpan.attributes, defaulted(provider, 'anthropc')] } } });
      },
      place: /span widget.*attribute gen_ai\.provider\.name/, problem: /default "anthropc" is not one of its values \(did you mean anthropic\?\)/, fix: /use one of: anthropic/,
    },
    {
      sentence: 'a span attribute also recorded under a standard key of another type is refused',
      input: () => {
        const base = miniSchema();
        const widgetSpan = base.spans.widgetSpan!;
        const [kindUse, ...rest] = widgetSpan.attributes;
        return miniSchema({ spans: { widgetSpan: { ...widgetSpan, attributes: [alsoAs(kindUse!, attribute('gen_ai.widget.count', 'int', 'x')), ...rest] } } });
      },
      place: /span widget.*attribute aqe\.widget\.kind/, problem: /also recorded as gen_ai\.widget\.count, a int, but is a string/, fix: /same type/,
    },
    {
      sentence: 'a span name placeholder that is not an attribute is refused with a suggestion',
      input: () => {
        const base = miniSchema();
        const widgetSpan = base.spans.widgetSpan!;
        return miniSchema({ spans: { widgetSpan: { ...widgetSpan, name: 'make {aqe.widget.kin}' } } });
      },
      place: /span widget/, problem: /\{aqe\.widget\.kin\}.*did you mean aqe\.widget\.kind\?/, fix: /add the attribute/,
    },
  ];

  it.each(cases)('$sentence', ({ input, place, problem, fix }) => {
    const found = diagnosticsOf(input());
    const match = found.find((d) => place.test(d.place) && problem.test(d.problem));
    expect(match, `diagnostics were:\n${found.map((d) => `${d.place}: ${d.problem}`).join('\n')}`).toBeDefined();
    expect(match?.fix).toMatch(fix);
  });

  it('reports every problem at once, not the first only', () => {
    const input = miniSchema({
      metrics: {
        ...miniSchema().metrics,
        a: counter({ name: 'Bad', unit: '{w}', description: 'x', labels: [] }),
        b: histogram({ name: 'aqe.widget.t_seconds', unit: 's', description: 'x', labels: [], buckets: [2, 1] }),
      },
      seriesBudget: 1,
    });
    const problems = diagnosticsOf(input).map((d) => d.problem);
    expect(problems.some((p) => /not a valid metric name/.test(p))).toBe(true);
    expect(problems.some((p) => /strictly increasing/.test(p))).toBe(true);
    expect(problems.some((p) => /over the budget/.test(p))).toBe(true);
  });

  it('accepts the mini schema as it is, so each case above fails for its own reason', () => {
    expect(diagnosticsOf(miniSchema())).toEqual([]);
    expect(buildModel(miniSchema()).metrics.map((m) => m.helperName)).toEqual(
      expect.arrayContaining(['widgets', 'widgetTime']),
    );
  });
});
