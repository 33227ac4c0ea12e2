/** The OpenTelemetry instrument kinds the schema declares; each decides the Prometheus name and type. */
export type InstrumentKind = 'counter' | 'updowncounter' | 'gauge' | 'histogram';

/**
 * How an OpenTelemetry metric name becomes a Prometheus name. Every generator (rules,
 * dashboards, docs) takes the name from here, never from a string of its own.
 *
 * Two translators matter. The OpenTelemetry JS Prometheus exporter (agents' pull endpoint)
 * replaces invalid characters with `_` and appends `_total` to monotonic counters, and
 * adds no unit suffix. The collector's Prometheus exporter (and Prometheus' own OTLP
 * receiver) also appends a unit suffix unless the name already has it. The schema is only
 * valid when both give the same name, so queries work on either path: `collectorName`
 * exists to check that.
 */

const INVALID_CHARACTERS = /[^a-zA-Z0-9_]/g;
const REPEATED_UNDERSCORES = /_{2,}/g;

/** The Prometheus name as the OpenTelemetry JS exporter (0.223) exposes it. */
export function prometheusName(otelName: string, kind: InstrumentKind): string {
  let name = otelName.replace(INVALID_CHARACTERS, '_').replace(REPEATED_UNDERSCORES, '_');
  if (/^[0-9]/.test(name)) name = `_${name}`;
  if (kind === 'counter' && !name.endsWith('_total')) name = `${name}_total`;
  return name;
}

/**
 * The Prometheus label an attribute key becomes, the same way on both paths: invalid
 * characters (the dots of `gen_ai.token.type`) become `_`. Queries, dashboards and promtool
 * tests name labels by this; the runtime records the attribute key itself.
 */
export function prometheusLabelName(attribute: string): string {
  const name = attribute.replace(INVALID_CHARACTERS, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The Prometheus metric type each instrument kind is exposed as. */
export function prometheusType(kind: InstrumentKind): 'counter' | 'gauge' | 'histogram' {
  if (kind === 'counter') return 'counter';
  if (kind === 'histogram') return 'histogram';
  // An UpDownCounter is a non-monotonic sum, which Prometheus can only call a gauge.
  return 'gauge';
}

/**
 * What a metric is named by, for its Prometheus name: a metric named by a standard
 * (`convention`, the GenAI semantic conventions' `gen_ai.client.operation.duration`) keeps
 * the standard's name, so Prometheus shows it as the collector writes it; the agents' own
 * pull endpoint then lacks the unit suffix. Every other metric must read the same both ways.
 */
export interface NamedInstrument {
  readonly name: string;
  readonly kind: InstrumentKind;
  readonly unit?: string;
  readonly convention?: string;
}

/** The Prometheus name queries use: the collector's for a standard metric, else the one both paths agree on. */
export function exposedName(metric: NamedInstrument): string {
  return metric.convention !== undefined ? collectorName(metric.name, metric.unit ?? '', metric.kind) : prometheusName(metric.name, metric.kind);
}

/** The series names one metric produces in Prometheus. */
export function seriesNames(metric: NamedInstrument): string[] {
  const base = exposedName(metric);
  if (metric.kind === 'histogram') return [`${base}_bucket`, `${base}_count`, `${base}_sum`];
  return [base];
}

/** UCUM units and the word the collector appends for them (its `unitMap`). */
export const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** The words the collector appends for a unit: `['seconds']`, `['bytes', 'per', 'seconds']`, or none. */
export function unitWords(unit: string, kind: InstrumentKind): string[] {
  // `{token}` and other annotations carry no unit: the collector drops them.
  const withoutAnnotations = unit.replace(/\{[^}]*\}/g, '');
  if (withoutAnnotations === '') return [];
  if (withoutAnnotations === '1') return prometheusType(kind) === 'gauge' ? ['ratio'] : [];
  const [main, per] = withoutAnnotations.split('/');
  const words = main ? [UNIT_WORDS[main] ?? main] : [];
  if (per) words.push('per', UNIT_WORDS[per] ?? per);
  return words;
}

/** The Prometheus name as the collector's Prometheus exporter exposes it (suffixes on). */
export function collectorName(otelName: string, unit: string, kind: InstrumentKind): string {
  const tokens = otelName
    .replace(INVALID_CHARACTERS, '_')
    .split('_')
    .filter((t) => t !== '');
  const isCounter = kind === 'counter';
  // The collector removes `total` wherever it is and puts it back at the end.
  const words = isCounter ? tokens.filter((t) => t !== 'total') : tokens;
  const [main, per, perUnit] = unitWords(unit, kind);
  // A unit word already in the name is not appended twice.
  if (main && !words.includes(main)) words.push(main);
  if (per && perUnit && !words.includes(perUnit)) words.push(per, perUnit);
  if (isCounter) words.push('total');
  return words.join('_');
}
