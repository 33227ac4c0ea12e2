import { parser } from '@prometheus-io/lezer-promql';
import { didYouMean } from './nearest';
import type { LabelInfo, LabelSet, SeriesCatalog } from './series-catalog';

/**
 * Checks a PromQL expression against the series catalog: it parses, every metric it
 * selects exists, every label it matches, groups or joins on exists where it is used, and
 * every literal label value is in the label's set. It also works out which labels the
 * result carries, so a recording rule's output can be checked where it is used in turn.
 *
 * What it does not do is type-check (`sum(rate(x))` parses): promtool and the real
 * Prometheus do that in the tests.
 */

export interface PromqlProblem {
  /** 1-based column in the expression. */
  readonly column: number;
  readonly problem: string;
  readonly fix: string;
}

export interface PromqlCheck {
  readonly problems: readonly PromqlProblem[];
  /** Labels of the result; `undefined` when unknown (an unknown metric) or not a vector. */
  readonly labels: LabelSet | undefined;
  /** Every series name the expression selects. */
  readonly selected: readonly string[];
}

/** The parser's node type, taken from the parser so its CJS and ESM typings cannot disagree. */
type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

type Result = LabelSet | 'scalar' | 'string' | undefined;

const EXPRESSION_NODES = new Set([
  'AggregateExpr', 'BinaryExpr', 'FunctionCall', 'MatrixSelector', 'NumberDurationLiteral', 'OffsetExpr', 'ParenExpr',
  'StepInvariantExpr', 'StringLiteral', 'SubqueryExpr', 'UnaryExpr', 'VectorSelector', 'AnchoredExpr', 'SmoothedExpr',
]);
/** Binary operators whose sides must carry the same labels unless `on`/`ignoring` says otherwise. */
const SET_OPERATORS = new Set(['And', 'Or', 'Unless']);
/** Aggregations whose first argument is a parameter, not the vector. */
const PARAMETER_AGGREGATIONS = new Set(['Topk', 'Bottomk', 'Quantile', 'CountValues', 'LimitK', 'LimitRatio']);
/** Functions whose result has no labels of their input. */
const LABEL_FREE_FUNCTIONS = new Set(['Vector', 'Time', 'Pi', 'Absent', 'AbsentOverTime']);

export function checkPromql(expr: string, catalog: SeriesCatalog): PromqlCheck {
  const problems: PromqlProblem[] = [];
  const selected = new Set<string>();
  const report = (node: SyntaxNode, problem: string, fix: string) => problems.push({ column: node.from + 1, problem, fix });
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const expressions = (node: SyntaxNode) => children(node).filter((c) => EXPRESSION_NODES.has(c.name));
  const labelNames = (grouping: SyntaxNode | null) =>
    grouping ? children(grouping).filter((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName').map((c) => ({ node: c, name: unquote(text(c)) })) : [];

  const tree = parser.parse(expr);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) {
        const node = ref.node;
        report(node, `syntax error near "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`, 'fix the PromQL syntax');
        return false;
      }
      return undefined;
    },
  });
  if (problems.length > 0) return { problems, labels: undefined, selected: [] };

  function requireLabels(set: LabelSet, wanted: { node: SyntaxNode; name: string }[], where: string): void {
    for (const { node, name } of wanted) {
      if (!set.has(name)) {
        report(node, `label ${name} is not a label of ${where} (it has ${[...set.keys()].sort().join(', ') || 'none'})`, `use one of them${didYouMean(name, set.keys())}`);
      }
    }
  }

  function selector(node: SyntaxNode): Result {
    const identifier = children(node).find((c) => c.name === 'Identifier');
    if (!identifier) return undefined; // {__name__=~"..."}: nothing to check by name.
    const name = text(identifier);
    selected.add(name);
    const series = catalog.get(name);
    if (!series) {
      report(identifier, `unknown metric ${name}`, `use a series of the schema or of a recording rule${didYouMean(name, catalog.keys())}`);
      return undefined;
    }
    const matchers = children(node).find((c) => c.name === 'LabelMatchers');
    for (const matcher of matchers ? children(matchers) : []) {
      const labelNode = children(matcher).find((c) => c.name === 'LabelName' || c.name === 'QuotedLabelName');
      const op = children(matcher).find((c) => c.name === 'MatchOp');
      const valueNode = children(matcher).find((c) => c.name === 'StringLiteral');
      if (!labelNode || !op || !valueNode) continue;
      const label = unquote(text(labelNode));
      if (label === '__name__') continue;
      const info = series.labels.get(label);
      if (!info) {
        report(labelNode, `${name} has no label ${label}`, `use ${oneOf([...series.labels.keys()].sort())}${didYouMean(label, series.labels.keys())}`);
        continue;
      }
      checkValue(valueNode, unquote(text(valueNode)), text(op), info, label);
    }
    return series.labels;
  }

  function checkValue(node: SyntaxNode, value: string, op: string, info: LabelInfo, label: string): void {
    if (!info.values || value === '') return;
    const isRegex = op.endsWith('~');
    // Only a plain alternation of literals can be checked value by value.
    if (isRegex && !/^[\w.\-]+(\|[\w.\-]+)*$/.test(value)) return;
    for (const candidate of isRegex ? value.split('|') : [value]) {
      if (!info.values.includes(candidate)) {
        report(node, `"${candidate}" is not a value of label ${label}`, `use ${oneOf(info.values)}${didYouMean(candidate, info.values)}`);
      }
    }
  }

  function aggregate(node: SyntaxNode): Result {
    const op = children(children(node).find((c) => c.name === 'AggregateOp')!)[0]?.name ?? '';
    const body = children(node).find((c) => c.name === 'FunctionCallBody');
    const args = body ? expressions(body) : [];
    const argResults = args.map(walk);
    const inner = argResults[PARAMETER_AGGREGATIONS.has(op) ? args.length - 1 : 0];
    const modifier = children(node).find((c) => c.name === 'AggregateModifier');
    const grouping = labelNames(modifier ? children(modifier).find((c) => c.name === 'GroupingLabels') ?? null : null);
    const isWithout = modifier ? children(modifier).some((c) => c.name === 'Without') : false;
    if (!isLabelSet(inner)) return inner === undefined ? undefined : new Map();
    requireLabels(inner, grouping, `the ${op.toLowerCase()} input`);
    const result = new Map<string, LabelInfo>();
    if (isWithout) {
      for (const [k, v] of inner) if (!grouping.some((g) => g.name === k)) result.set(k, v);
    } else {
      for (const { name } of grouping) result.set(name, inner.get(name) ?? {});
    }
    if (op === 'CountValues' && args[0]) result.set(unquote(text(args[0])), {});
    return result;
  }

  function functionCall(node: SyntaxNode): Result {
    const identifier = children(node).find((c) => c.name === 'FunctionIdentifier');
    const fn = identifier ? (children(identifier)[0]?.name ?? '') : '';
    const body = children(node).find((c) => c.name === 'FunctionCallBody');
    const args = body ? expressions(body) : [];
    const results = args.map(walk);
    if (fn === 'Scalar') return 'scalar';
    if (fn === 'Time' || fn === 'Pi') return 'scalar';
    if (LABEL_FREE_FUNCTIONS.has(fn)) return new Map();
    const input = results.find(isLabelSet) ?? (results.some((r) => r === undefined) ? undefined : new Map());
    if (!isLabelSet(input)) return input;
    if (fn === 'HistogramQuantile' || fn === 'HistogramFraction') {
      if (!input.has('le')) {
        report(node, `${text(identifier!)} needs the le label in its input`, 'keep le: aggregate with by (..., le) over a _bucket series');
        return input;
      }
      const result = new Map(input);
      result.delete('le');
      return result;
    }
    if ((fn === 'LabelReplace' || fn === 'LabelJoin') && args[1]) {
      return new Map(input).set(unquote(text(args[1])), {});
    }
    return input;
  }

  function binary(node: SyntaxNode): Result {
    const [leftNode, rightNode] = expressions(node);
    const left = leftNode ? walk(leftNode) : undefined;
    const right = rightNode ? walk(rightNode) : undefined;
    const operator = children(node).find((c) => !EXPRESSION_NODES.has(c.name) && c.name !== 'MatchingModifierClause' && c.name !== 'BoolModifier')?.name ?? '';
    if (left === 'scalar' || left === 'string') return right;
    if (right === 'scalar' || right === 'string') return left;
    if (!isLabelSet(left) || !isLabelSet(right)) return undefined;

    const clause = children(node).find((c) => c.name === 'MatchingModifierClause');
    const clauseParts = clause ? children(clause) : [];
    const groupings = clauseParts.filter((c) => c.name === 'GroupingLabels');
    const matching = labelNames(groupings[0] ?? null);
    const include = labelNames(groupings[1] ?? null);
    const isOn = clauseParts.some((c) => c.name === 'On');
    const isIgnoring = clauseParts.some((c) => c.name === 'Ignoring');
    const groupLeft = clauseParts.some((c) => c.name === 'GroupLeft');
    const groupRight = clauseParts.some((c) => c.name === 'GroupRight');

    if (isOn) {
      requireLabels(left, matching, 'the left side');
      requireLabels(right, matching, 'the right side');
    }
    if (operator === 'Or') return new Map([...right, ...left]);
    if (!clause) {
      const l = [...left.keys()].sort().join(', ');
      const r = [...right.keys()].sort().join(', ');
      if (l !== r) {
        report(node, `the two sides carry different labels (${l || 'none'} / ${r || 'none'}), so no series match`, 'aggregate both sides by the same labels, or add on(...) / ignoring(...)');
      }
    }
    if (groupLeft || groupRight) {
      const [many, one] = groupLeft ? [left, right] : [right, left];
      requireLabels(one, include, 'the "one" side');
      const result = new Map(many);
      for (const { name } of include) result.set(name, one.get(name) ?? {});
      return result;
    }
    if (SET_OPERATORS.has(operator)) return left;
    if (isOn) return new Map(matching.map(({ name }) => [name, left.get(name) ?? {}]));
    if (isIgnoring) {
      const result = new Map(left);
      for (const { name } of matching) result.delete(name);
      return result;
    }
    return left;
  }

  function walk(node: SyntaxNode): Result {
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'StepInvariantExpr':
      case 'SubqueryExpr':
      case 'MatrixSelector':
      case 'UnaryExpr':
      case 'AnchoredExpr':
      case 'SmoothedExpr': {
        const [inner] = expressions(node);
        return inner ? walk(inner) : undefined;
      }
      case 'VectorSelector':
        return selector(node);
      case 'AggregateExpr':
        return aggregate(node);
      case 'FunctionCall':
        return functionCall(node);
      case 'BinaryExpr':
        return binary(node);
      case 'NumberDurationLiteral':
        return 'scalar';
      case 'StringLiteral':
        return 'string';
      default:
        return undefined;
    }
  }

  const result = walk(tree.topNode);
  return { problems, labels: isLabelSet(result) ? result : undefined, selected: [...selected] };
}

/** A list short enough to read in a message, or its size. */
function oneOf(values: readonly string[]): string {
  return values.length <= 8 ? `one of ${values.join(', ')}` : `one of its ${values.length} values (see out/docs/metrics.md)`;
}

function isLabelSet(result: Result): result is LabelSet {
  return result instanceof Map;
}

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(child);
  return out;
}

function unquote(literal: string): string {
  if (/^["'`]/.test(literal)) {
    try {
      return JSON.parse(literal.startsWith('"') ? literal : `"${literal.slice(1, -1).replace(/"/g, '\\"')}"`) as string;
    } catch {
      return literal.slice(1, -1);
    }
  }
  return literal;
}
