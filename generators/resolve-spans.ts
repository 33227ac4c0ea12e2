import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { AttributeDefinition, SpanDefinition } from '../schema/define';
import type { DiagnosticCollector } from './diagnostics';
import { didYouMean } from './nearest';
import type { ResolvedAttribute, ResolvedSpan } from './model-types';

/** Spans and their attributes. Problems go to the collector. */

const SPAN_ID = /^[a-z][a-z0-9_]*$/;
const ATTRIBUTE_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
/** Namespaces an attribute may live in: ours, the GenAI conventions, and `error.type`. */
const ALLOWED_NAMESPACES = ['aqe.', 'gen_ai.', 'error.'];
const PLACEHOLDER = /\{([^}]+)\}/g;

export function resolveSpans(
  spans: Readonly<Record<string, SpanDefinition>>,
  diagnostics: DiagnosticCollector,
): ResolvedSpan[] {
  // One definition per attribute name across all spans, or the same name would mean two things.
  const attributeByName = new Map<string, AttributeDefinition>();
  const ids = new Map<string, string>();
  const resolved: ResolvedSpan[] = [];

  for (const [helperName, span] of Object.entries(spans).sort(([a], [b]) => a.localeCompare(b))) {
    const place = `span ${span.id} (schema/spans.ts: ${helperName})`;
    if (!SPAN_ID.test(span.id)) diagnostics.add(place, `id "${span.id}" is not snake_case`, 'use lower case letters, digits and _');
    const previous = ids.get(span.id);
    if (previous) diagnostics.add(place, `id "${span.id}" is already used by ${previous}`, 'give each span its own id');
    ids.set(span.id, helperName);

    const attributes: ResolvedAttribute[] = [];
    const names = new Set<string>();
    const check = (attr: AttributeDefinition): void => {
      const where = `${place}, attribute ${attr.name}`;
      if (!ATTRIBUTE_NAME.test(attr.name)) {
        diagnostics.add(where, `"${attr.name}" is not a valid attribute name`, 'use dotted lower-case parts, such as aqe.task.id');
      } else if (!ALLOWED_NAMESPACES.some((ns) => attr.name.startsWith(ns))) {
        diagnostics.add(where, `"${attr.name}" is outside the aqe.*, gen_ai.* and error.* namespaces`, `rename it to aqe.${attr.name}`);
      }
      const known = attributeByName.get(attr.name);
      if (known && known !== attr) {
        diagnostics.add(where, 'another attribute definition has the same name', 'define the attribute once in schema/attributes.ts and reuse it');
      }
      attributeByName.set(attr.name, attr);
      if (names.has(attr.name)) diagnostics.add(where, 'the attribute is listed twice on this span', 'list it once');
      names.add(attr.name);
    };

    const copies: Record<string, string> = {};
    for (const use of span.attributes) {
      check(use.attribute);
      if (use.alsoAs) {
        check(use.alsoAs);
        if (use.alsoAs.type !== use.attribute.type) diagnostics.add(`${place}, attribute ${use.attribute.name}`, `it is also recorded as ${use.alsoAs.name}, a ${use.alsoAs.type}, but is a ${use.attribute.type}`, 'copy it to an attribute of the same type');
        copies[use.attribute.name] = use.alsoAs.name;
      }
      attributes.push({
        name: use.attribute.name,
        type: use.attribute.type,
        description: use.attribute.description,
        ...(use.attribute.values ? { values: [...use.attribute.values] } : {}),
        requirement: use.requirement,
      });
    }

    const fixedAttributes: Record<string, string> = {};
    for (const use of span.attributes) {
      if (use.default === undefined) continue;
      if (use.attribute.values && !use.attribute.values.includes(use.default)) {
        diagnostics.add(`${place}, attribute ${use.attribute.name}`, `default "${use.default}" is not one of its values${didYouMean(use.default, use.attribute.values)}`, `use one of: ${use.attribute.values.join(', ')}`);
      }
      fixedAttributes[use.attribute.name] = use.default;
    }
    for (const { attribute, value } of span.fixedAttributes ?? []) {
      check(attribute);
      if (attribute.values && !attribute.values.includes(value)) {
        diagnostics.add(`${place}, attribute ${attribute.name}`, `fixed value "${value}" is not one of its values${didYouMean(value, attribute.values)}`, `use one of: ${attribute.values.join(', ')}`);
      }
      fixedAttributes[attribute.name] = value;
    }

    for (const [, placeholder] of span.name.matchAll(PLACEHOLDER)) {
      if (placeholder === undefined) continue;
      const use = span.attributes.find((u) => u.attribute.name === placeholder);
      if (!use) {
        diagnostics.add(place, `the name uses {${placeholder}}, which is not an attribute of this span${didYouMean(placeholder, [...names])}`, 'add the attribute as required, or change the name');
      } else if (use.requirement !== 'required' || use.attribute.type !== 'string') {
        diagnostics.add(place, `the name uses {${placeholder}}, which must be a required string attribute`, `mark ${placeholder} required()`);
      }
    }

    const metric = span.durationMetric;
    if (metric) {
      const where = `${place}, durationMetric ${metric.name}`;
      if (metric.kind !== 'histogram' || metric.unit !== 's') diagnostics.add(where, `a span's duration goes to a histogram in seconds, not a ${metric.kind} in "${metric.unit}"`, 'name a histogram with unit s');
      for (const label of metric.labels) {
        if (label.name === ATTR_ERROR_TYPE || names.has(label.name) || label.name in fixedAttributes) continue;
        diagnostics.add(where, `its label ${label.name} is no attribute of the span${didYouMean(label.name, [...names])}`, `add ${label.name} to the span's attributes, or drop the label from the metric`);
      }
    }

    resolved.push({
      helperName,
      id: span.id,
      nameTemplate: span.name,
      kind: span.kind,
      description: span.description,
      specPoints: [...span.specPoints],
      attributes,
      fixedAttributes,
      ...(Object.keys(copies).length > 0 ? { copies } : {}),
      ...(metric ? { durationMetric: metric.name } : {}),
    });
  }
  return resolved;
}
