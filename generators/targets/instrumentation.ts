import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { Model, ResolvedAttribute, ResolvedLabel, ResolvedMetric, ResolvedSpan } from '../model-types';
import { header, type GeneratedFile } from '../generated-file';
import { pricesFile } from './prices-file';
import { GENAI_CALL_LABELS, GENAI_TOKEN_TYPE } from '../model';
import { constantCase, docComment, key, literal, pascalCase } from '../ts-code';

/**
 * Model -> out/instrumentation/: typed helpers agents import. Label keys and values are
 * checked by the compiler; the runtime half (runtime/instruments.ts, runtime/spans.ts)
 * keeps untyped callers inside the sets too. The files depend on @opentelemetry/api and
 * runtime/ only.
 */

// By package name, as an installed package resolves it (through package.json exports); in the repo
// the aqe-telemetry-source condition maps it to runtime/*.ts (see tsconfig.json).
const RUNTIME = 'aqe-telemetry/runtime';
const DIR = 'instrumentation';

export function generateInstrumentation(model: Model): GeneratedFile[] {
  return [
    { path: `${DIR}/labels.ts`, content: labelsFile(model) },
    { path: `${DIR}/metrics.ts`, content: metricsFile(model) },
    { path: `${DIR}/spans.ts`, content: spansFile(model) },
    { path: `${DIR}/prices.ts`, content: pricesFile(model, RUNTIME) },
    { path: `${DIR}/token-usage.ts`, content: tokenUsageFile(model) },
    { path: `${DIR}/index.ts`, content: indexFile(model) },
  ];
}

const valuesConst = (label: ResolvedLabel): string => `${constantCase(label.typeName)}_VALUES`;

function labelsFile(model: Model): string {
  const parts = model.labels.map((label) => {
    const doc = docComment([`${label.description}. Prometheus label \`${label.prometheusName}\`.`]);
    if (label.kind === 'open') {
      return `${docComment([
        `${label.description}. Prometheus label \`${label.prometheusName}\`: open, at most ${label.cap} distinct`,
        'values per process; the rest are recorded as `other` and counted.',
      ])}export type ${label.typeName} = string;\n`;
    }
    const values = (label.values ?? []).map((v) => `  ${literal(v)},`).join('\n');
    return `${doc}export const ${valuesConst(label)} = [\n${values}\n] as const;\nexport type ${label.typeName} = (typeof ${valuesConst(label)})[number];\n`;
  });
  return `${header.typescript}\n${parts.join('\n')}`;
}

const labelsType = (metric: ResolvedMetric): string => `${pascalCase(metric.helperName)}Labels`;

const HELPER_CLASS: Record<ResolvedMetric['kind'], string> = {
  counter: 'CounterHelper',
  updowncounter: 'UpDownCounterHelper',
  gauge: 'GaugeHelper',
  histogram: 'HistogramHelper',
};

function helperClass(metric: ResolvedMetric): string {
  return metric.kind === 'histogram' && metric.unit === 's' ? 'DurationHistogramHelper' : HELPER_CLASS[metric.kind];
}

const EXAMPLE_CALL: Record<ResolvedMetric['kind'], string> = {
  counter: 'inc',
  updowncounter: 'inc',
  gauge: 'set',
  histogram: 'record',
};

function exampleLabels(metric: ResolvedMetric): string {
  const pairs = metric.labels.map((l) => `${key(l.name)}: ${literal(l.values?.[0] ?? 'example')}`);
  return `{ ${pairs.join(', ')} }`;
}

/**
 * A metric with several labels: the first bound once, the rest given per call; a duration's
 * last label at the end of its timer (the outcome, known only then).
 */
function bindExample(metric: ResolvedMetric): string[] {
  const pair = (l: ResolvedLabel) => `${key(l.name)}: ${literal(l.values?.[0] ?? 'example')}`;
  const [first, ...rest] = metric.labels as [ResolvedLabel, ...ResolvedLabel[]];
  const bound = `const handle = ${metric.helperName}.bind({ ${pair(first)} });`;
  if (helperClass(metric) === 'DurationHistogramHelper') {
    const atEnd = rest.at(-1) as ResolvedLabel;
    const atStart = rest.slice(0, -1);
    return [bound, `const end = handle.startTimer(${atStart.length ? `{ ${atStart.map(pair).join(', ')} }` : ''});`, `end({ ${pair(atEnd)} }); // records and returns the seconds`];
  }
  const call = EXAMPLE_CALL[metric.kind];
  const labels = `{ ${rest.map(pair).join(', ')} }`;
  return [bound, `handle.${call}(${call === 'inc' ? labels : `1, ${labels}`});`];
}

function metricBlock(metric: ResolvedMetric): string {
  const fields = metric.labels
    .map((l) => `${docComment([l.optional ? `${l.description} Left out when not given.` : l.description], '  ')}  readonly ${key(l.name)}${l.optional ? '?' : ''}: ${l.typeName};`)
    .join('\n');
  const call = EXAMPLE_CALL[metric.kind];
  const exampleArgs = call === 'inc' ? exampleLabels(metric) : `1, ${exampleLabels(metric)}`;
  const example = metric.labels.length > 1 ? bindExample(metric) : [`${metric.helperName}.${call}(${exampleArgs});`];
  const labelSpecs = metric.labels
    .map((l) => `{ name: ${literal(l.name)}, ${l.kind === 'closed' ? `values: ${valuesConst(l)}` : `cap: ${l.cap}`}${l.optional ? ', optional: true' : ''} }`)
    .join(', ');
  const spec = [
    `name: ${literal(metric.otelName)}`,
    `prometheusName: ${literal(metric.prometheusName)}`,
    `unit: ${literal(metric.unit)}`,
    `description: ${literal(metric.description)}`,
    `labels: [${labelSpecs}]`,
    ...(metric.buckets ? [`buckets: [${metric.buckets.join(', ')}]`] : []),
  ];
  const doc = docComment([
    `${metric.description}.`,
    '',
    `OpenTelemetry \`${metric.otelName}\` (${metric.kind}, unit \`${metric.unit}\`); Prometheus \`${metric.series.join('`, `')}\`.`,
    ...(metric.specNames.length ? [`The spec calls it \`${metric.specNames.join('`, `')}\`.`] : []),
    '',
    '@example',
    ...example,
  ]);
  return [
    `${docComment([`Labels of \`${metric.prometheusName}\`.`])}export interface ${labelsType(metric)} {\n${fields}\n}`,
    `${doc}export const ${metric.helperName} = new ${helperClass(metric)}<${labelsType(metric)}>({\n${spec.map((s) => `  ${s},`).join('\n')}\n});`,
  ].join('\n\n');
}

function metricsFile(model: Model): string {
  const classes = [...new Set(model.metrics.map(helperClass))].sort();
  const labelImports = [
    ...new Set(model.metrics.flatMap((m) => m.labels.flatMap((l) => (l.kind === 'closed' ? [valuesConst(l), `type ${l.typeName}`] : [`type ${l.typeName}`])))),
  ].sort((a, b) => a.replace('type ', '').localeCompare(b.replace('type ', '')));
  const rejected = model.metrics.find((m) => m.helperName === model.health.rejectedLabelValues);
  const failures = model.metrics.find((m) => m.helperName === model.health.exportFailures);
  const wiring = [
    '// The runtime reports its own data loss through these two metrics (see runtime/self-health.ts).',
    '// Their values come from the runtime untyped; the label guard keeps them inside the sets.',
    `registerRejectionSink((metric, label) => ${rejected?.helperName}.inc({ metric, label } as ${rejected ? labelsType(rejected) : 'never'}));`,
    `registerExportFailureSink((signal, exporter, batches) => ${failures?.helperName}.add(batches, { signal, exporter } as ${failures ? labelsType(failures) : 'never'}));`,
  ].join('\n');
  return [
    header.typescript,
    `import { ${classes.join(', ')} } from '${RUNTIME}/instruments';`,
    `import { registerExportFailureSink, registerRejectionSink } from '${RUNTIME}/self-health';`,
    `import { ${labelImports.join(', ')} } from './labels';`,
    '',
    model.metrics.map(metricBlock).join('\n\n'),
    '',
    wiring,
    '',
  ].join('\n');
}

const ATTRIBUTE_TS_TYPE: Record<ResolvedAttribute['type'], string> = {
  string: 'string',
  int: 'number',
  double: 'number',
  boolean: 'boolean',
};

function attributeType(attr: ResolvedAttribute): string {
  if (attr.values) return attr.values.map(literal).join(' | ');
  return ATTRIBUTE_TS_TYPE[attr.type];
}

const SPAN_KIND: Record<ResolvedSpan['kind'], string> = {
  internal: 'SpanKind.INTERNAL',
  client: 'SpanKind.CLIENT',
  server: 'SpanKind.SERVER',
  producer: 'SpanKind.PRODUCER',
  consumer: 'SpanKind.CONSUMER',
};

/**
 * A span's standard duration metric, recorded when it ends: each label from the span's
 * attribute of the same key, `error.type` as the metric knows it (runtime/genai-metrics.ts).
 */
function durationHook(model: Model, span: ResolvedSpan): string {
  const metric = model.metrics.find((m) => m.otelName === span.durationMetric) as ResolvedMetric;
  const g = model.genAi;
  const pairs = metric.labels.map((l) =>
    l.name === ATTR_ERROR_TYPE && l.values
      ? `${key(l.name)}: standardErrorType(a[${literal(l.name)}], ${valuesConst(l)}, ${literal(g?.otherErrorType ?? 'other')})`
      : `${key(l.name)}: a[${literal(l.name)}]`,
  );
  const on = g ? `if (genAiMetricsOn(${literal(g.metrics)}, ${literal(g.optIn)})) ` : '';
  return `  onEnd: (seconds, a) => {\n    ${on}${metric.helperName}.record(seconds, { ${pairs.join(', ')} } as ${labelsType(metric)});\n  },\n`;
}

function spanBlock(model: Model, span: ResolvedSpan): string {
  const typeName = `${pascalCase(span.helperName)}Attributes`;
  const fnName = `with${pascalCase(span.helperName)}`;
  const fields = span.attributes
    .map((a) => `${docComment([a.description], '  ')}  readonly ${key(a.name)}${a.requirement === 'required' ? '' : '?'}: ${attributeType(a)};`)
    .join('\n');
  // The name template becomes a template literal over the (required, string) attributes.
  const nameExpr = '`' + span.nameTemplate.replace(/`/g, '\\`').replace(/\{([^}]+)\}/g, (_, a: string) => `\${a[${literal(a)}]}`) + '`';
  const fixed = Object.entries(span.fixedAttributes)
    .map(([k, v]) => `${key(k)}: ${literal(v)}`)
    .join(', ');
  const required = span.attributes.filter((a) => a.requirement === 'required');
  const example = `{ ${required.map((a) => `${key(a.name)}: ${literal(a.values?.[0] ?? 'example')}`).join(', ')} }`;
  return [
    `${docComment([`Attributes of the \`${span.nameTemplate}\` span.`])}export interface ${typeName} {\n${fields}\n}`,
    `const ${constantCase(span.helperName)}: SpanSpec<${typeName}> = {\n  name: (a) => ${nameExpr},\n  kind: ${SPAN_KIND[span.kind]},\n  fixedAttributes: { ${fixed} },\n${span.copies ? `  copies: { ${Object.entries(span.copies).map(([k, v]) => `${key(k)}: ${literal(v)}`).join(', ')} },\n` : ''}${span.durationMetric ? durationHook(model, span) : ''}};`,
    `${docComment([
      `${span.description}.`,
      ...(span.specPoints.length ? [`Instrumentation points (spec A4): ${span.specPoints.join(', ')}.`] : []),
      '',
      'Runs `fn` with the span active; ends it when `fn` returns or its promise settles, with',
      'status OK, or ERROR with the exception recorded (the exception is rethrown).',
      '',
      '@example',
      `await ${fnName}(${example}, async (span) => {`,
      '  // ... the work ...',
      '});',
    ])}export function ${fnName}<T>(attributes: ${typeName}, fn: (span: TypedSpan<${typeName}>) => T, options?: SpanOptions): T {\n  return runInSpan(${constantCase(span.helperName)}, attributes, fn, options);\n}`,
  ].join('\n\n');
}

function spansFile(model: Model): string {
  const measured = model.spans.filter((sp) => sp.durationMetric).map((sp) => model.metrics.find((m) => m.otelName === sp.durationMetric) as ResolvedMetric);
  const errorLabels = [...new Set(measured.flatMap((m) => m.labels.filter((l) => l.name === ATTR_ERROR_TYPE && l.values).map(valuesConst)))];
  return [
    header.typescript,
    `import { runInSpan, SpanKind, type SpanOptions, type SpanSpec, type TypedSpan } from '${RUNTIME}/spans';`,
    ...(measured.length
      ? [
          `import { ${[...(model.genAi ? ['genAiMetricsOn'] : []), ...(errorLabels.length ? ['standardErrorType'] : [])].join(', ')} } from '${RUNTIME}/genai-metrics';`,
          ...(errorLabels.length ? [`import { ${errorLabels.sort().join(', ')} } from './labels';`] : []),
          `import { ${measured.map((m) => m.helperName).sort().join(', ')}, ${measured.map((m) => `type ${labelsType(m)}`).sort().join(', ')} } from './metrics';`,
        ]
      : []),
    '',
    model.spans.map((sp) => spanBlock(model, sp)).join('\n\n'),
    '',
  ].join('\n');
}

function tokenUsageFile(model: Model): string {
  const t = model.tokenUsage;
  const metric = (name: string) => model.metrics.find((m) => m.helperName === name) as ResolvedMetric;
  const cost = metric(t.cost);
  const counters = [
    [t.inputTokens, 'usage.inputTokens'],
    [t.outputTokens, 'usage.outputTokens'],
    [t.cacheReadTokens, 'usage.cacheReadTokens ?? 0'],
    [t.cacheWriteTokens, 'usage.cacheWriteTokens ?? 0'],
  ] as const;
  const records = counters.map(([name, value]) => {
    const subset = metric(name).labels.map((l) => `${key(l.name)}: labels[${literal(l.name)}]`);
    return `    ${name}.add(${value}, { ${subset.join(', ')} });`;
  });
  const a = t.attributes;
  const g = model.genAi;
  const standard = g ? genAiTokenRecords(model, g) : { imports: [], lines: [] };
  return [
    header.typescript,
    `import { trace } from '@opentelemetry/api';`,
    `import { costOf, tokenCount, type TokenUsage } from '${RUNTIME}/cost';`,
    ...standard.imports,
    `import { ${[...new Set([t.inputTokens, t.outputTokens, t.cacheReadTokens, t.cacheWriteTokens, t.cost, ...(g ? [g.tokenUsage, g.timeToFirstChunk] : [])])].sort().join(', ')}, ${[cost, ...(g ? [g.tokenUsage, g.timeToFirstChunk].map(metric) : [])].map((m) => `type ${labelsType(m)}`).join(', ')} } from './metrics';`,
    `import { priceOfCall } from './prices';`,
    '',
    `export type { TokenUsage };`,
    '',
    docComment([
      'Records one model call: the token counters, its cost from the price table, and the',
      '`gen_ai.usage.*` attributes (plus its cost) on the active span. Returns the cost in USD.',
      'The value first, then its labels, as every metric helper takes them.',
      'A model missing from the price table costs 0 and is recorded as `other`, and counted.',
      '',
      '@example',
      `recordTokenUsage({ inputTokens: 1200, outputTokens: 300, cacheReadTokens: 5000 }, ${exampleLabels(cost)});`,
    ]) +
      `export function recordTokenUsage(usage: TokenUsage, labels: ${labelsType(cost)}): number {\n  try {\n${records.join('\n')}\n    const price = priceOfCall(labels.model);\n    const usd = costOf(usage, price);\n    ${t.cost}.add(usd, labels);\n    // The counts the counters kept (untyped callers pass strings, NaN, 1e308): a sum of\n    // raw values could be a concatenated string or Infinity on the span.\n    const cacheRead = tokenCount(usage.cacheReadTokens);\n    const cacheWrite = tokenCount(usage.cacheWriteTokens);\n${g ? `    // A streaming call: a time to the first chunk that is a duration at all.\n    const streamed = typeof usage.timeToFirstChunkSeconds === 'number' && usage.timeToFirstChunkSeconds >= 0 && Number.isFinite(usage.timeToFirstChunkSeconds);\n` : ''}    trace.getActiveSpan()?.setAttributes({\n      // The GenAI conventions count cached tokens as input tokens too.\n      ${literal(a.inputTokens)}: tokenCount(usage.inputTokens) + cacheRead + cacheWrite,\n      ${literal(a.outputTokens)}: tokenCount(usage.outputTokens),\n      ${literal(a.cacheReadTokens)}: cacheRead,\n      ${literal(a.cacheWriteTokens)}: cacheWrite,\n      ${literal(a.cost)}: usd,${g ? `\n      // Only when given: 0 would claim the model did not reason.\n      ...(usage.reasoningTokens === undefined ? {} : { ${literal(g.reasoningTokens)}: tokenCount(usage.reasoningTokens) }),\n      ...(streamed ? { ${literal(g.streaming.stream)}: true, ${literal(g.streaming.timeToFirstChunk)}: usage.timeToFirstChunkSeconds } : {}),` : ''}\n    });\n${standard.lines.join('\n')}${standard.lines.length ? '\n' : ''}    return usd;\n  } catch {\n    return 0;\n  }\n}`,
    '',
  ].join('\n');
}

/**
 * The standard GenAI metrics of one call: tokens by type (input counting the cache, as the
 * conventions count it) and, for a streaming call, the time to the first chunk; recorded
 * always or only where OTEL_SEMCONV_STABILITY_OPT_IN asks for them (schema/genai-conventions.ts).
 */
function genAiTokenRecords(model: Model, g: NonNullable<Model['genAi']>): { imports: string[]; lines: string[] } {
  const [operation, provider, requestModel] = GENAI_CALL_LABELS;
  const labelsOf = (helper: string) => labelsType(model.metrics.find((m) => m.helperName === helper) as ResolvedMetric);
  const call = `{ ${key(operation)}: ${literal(g.operation)}, ${key(provider)}: price?.provider, ${key(requestModel)}: labels.model }`;
  return {
    imports: [`import { genAiMetricsOn } from '${RUNTIME}/genai-metrics';`],
    lines: [
      `    if (genAiMetricsOn(${literal(g.metrics)}, ${literal(g.optIn)})) {`,
      `      const call = ${call} as const;`,
      // An unpriced model has no provider: both record as \`other\`, and are counted.
      `      ${g.tokenUsage}.record(tokenCount(usage.inputTokens) + cacheRead + cacheWrite, { ...call, ${key(GENAI_TOKEN_TYPE)}: 'input' } as ${labelsOf(g.tokenUsage)});`,
      `      ${g.tokenUsage}.record(tokenCount(usage.outputTokens), { ...call, ${key(GENAI_TOKEN_TYPE)}: 'output' } as ${labelsOf(g.tokenUsage)});`,
      `      if (streamed) ${g.timeToFirstChunk}.record(usage.timeToFirstChunkSeconds as number, call as ${labelsOf(g.timeToFirstChunk)});`,
      '    }',
    ],
  };
}

/** One name of each namespace, as a consumer writes it, taken from the model. */
function namespaceExamples(model: Model): string {
  const examples = [
    ...model.metrics.slice(0, 1).map((m) => `\`metrics.${m.helperName}\``),
    ...model.spans.slice(0, 1).map((sp) => `\`spans.with${pascalCase(sp.helperName)}\``),
    ...model.labels.slice(0, 1).map((l) => `\`labels.${l.typeName}\``),
  ];
  return examples.join(', ');
}

function indexFile(model: Model): string {
  return [
    header.typescript,
    docComment([
      'Typed instrumentation for aqe agents: one helper per metric and span of schema/.',
      'Call `initializeTelemetry()` from the runtime once at start-up; the helpers work before it',
      '(recording nothing) and pick up the providers as soon as they are registered.',
      '',
      'In namespaces, so that no generic name (a label type, a metric helper) lands in the importing',
      `module: ${namespaceExamples(model)}.`,
      'At the top level only what is one of a kind: `recordTokenUsage` (with its `TokenUsage`) and',
      'the `prices` table.',
    ]).trimEnd(),
    `export * as labels from './labels';`,
    `export * as metrics from './metrics';`,
    `export * as spans from './spans';`,
    `export { prices } from './prices';`,
    `export { recordTokenUsage, type TokenUsage } from './token-usage';`,
    '',
  ].join('\n');
}
