/**
 * A small PromQL reader: enough to list the series an expression selects, the label matchers of each and the
 * labels it groups by, so that tests can check them against the metrics exporters document
 * (`exporter-metrics.ts`). It is not a full parser (no npm PromQL parser is well kept enough to add a
 * dependency for this); it rejects what it does not understand rather than guessing.
 */

/** A label matcher inside `{...}`, e.g. `status=~"5.."`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A series selector, e.g. `apicast_status{status=~"5.."}`. */
export interface Selector {
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

/** What an expression refers to. */
export interface ExpressionRefs {
  readonly selectors: readonly Selector[];
  /** Labels named in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`, `group_left/right (...)`. */
  readonly groupingLabels: readonly string[];
}

const FUNCTIONS = new Set([
  'abs', 'absent', 'absent_over_time', 'avg_over_time', 'ceil', 'changes', 'clamp', 'clamp_max', 'clamp_min',
  'count_over_time', 'delta', 'deriv', 'exp', 'floor', 'histogram_quantile', 'idelta', 'increase', 'irate',
  'label_replace', 'last_over_time', 'max_over_time', 'min_over_time', 'rate', 'resets', 'round', 'scalar',
  'sort', 'sort_desc', 'sum_over_time', 'time', 'timestamp', 'vector',
]);
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'count_values', 'group']);
const GROUPING = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset']);

type Token = { kind: 'ident' | 'string' | 'number' | 'duration' | 'punct'; text: string };

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const rest = expr.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) { i += space[0].length; continue; }
    const range = /^\[[0-9a-z:]+\]/.exec(rest);
    if (range) { tokens.push({ kind: 'duration', text: range[0] }); i += range[0].length; continue; }
    const str = /^"((?:[^"\\]|\\.)*)"|^'((?:[^'\\]|\\.)*)'/.exec(rest);
    if (str) { tokens.push({ kind: 'string', text: str[1] ?? str[2] }); i += str[0].length; continue; }
    const num = /^[0-9]+(\.[0-9]+)?(e[+-]?[0-9]+)?/.exec(rest);
    if (num) { tokens.push({ kind: 'number', text: num[0] }); i += num[0].length; continue; }
    const ident = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(rest);
    if (ident) { tokens.push({ kind: 'ident', text: ident[0] }); i += ident[0].length; continue; }
    const punct = /^(=~|!~|!=|==|>=|<=|[-+*/%^(){},=<>])/.exec(rest);
    if (punct) { tokens.push({ kind: 'punct', text: punct[0] }); i += punct[0].length; continue; }
    throw new Error(`PromQL: unexpected ${JSON.stringify(rest.slice(0, 10))} at ${i} in ${JSON.stringify(expr)}`);
  }
  return tokens;
}

/**
 * The series selectors and grouping labels of an expression.
 *
 * @throws Error naming the position when the expression has a character or a construct it does not read
 */
export function readExpression(expr: string): ExpressionRefs {
  const tokens = tokenize(expr);
  const selectors: Selector[] = [];
  const groupingLabels: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.kind === 'punct' && token.text === '(') depth++;
    if (token.kind === 'punct' && token.text === ')') depth--;
    if (depth < 0) throw new Error(`PromQL: unbalanced ")" in ${JSON.stringify(expr)}`);
    if (token.kind !== 'ident') continue;
    const next = tokens[i + 1];
    if (GROUPING.has(token.text)) {
      if (next?.text !== '(') continue;
      let j = i + 2;
      for (; j < tokens.length && tokens[j].text !== ')'; j++) {
        if (tokens[j].kind === 'ident') groupingLabels.push(tokens[j].text);
      }
      i = j;
      continue;
    }
    if (KEYWORDS.has(token.text)) continue;
    if (FUNCTIONS.has(token.text) || AGGREGATIONS.has(token.text)) {
      if (next?.text !== '(' && !GROUPING.has(next?.text ?? '')) {
        throw new Error(`PromQL: ${token.text} is not followed by "(" in ${JSON.stringify(expr)}`);
      }
      continue;
    }
    // A series selector: a metric name, optionally followed by `{matchers}`.
    const matchers: LabelMatcher[] = [];
    if (next?.text === '{') {
      let j = i + 2;
      while (j < tokens.length && tokens[j].text !== '}') {
        const [label, op, value] = [tokens[j], tokens[j + 1], tokens[j + 2]];
        if (label?.kind !== 'ident' || !['=', '!=', '=~', '!~'].includes(op?.text ?? '') || value?.kind !== 'string') {
          throw new Error(`PromQL: cannot read the label matchers of ${token.text} in ${JSON.stringify(expr)}`);
        }
        matchers.push({ label: label.text, op: op.text as LabelMatcher['op'], value: value.text });
        j += 3;
        if (tokens[j]?.text === ',') j++;
      }
      i = j;
    }
    selectors.push({ metric: token.text, matchers });
  }
  if (depth !== 0) throw new Error(`PromQL: unbalanced "(" in ${JSON.stringify(expr)}`);
  return { selectors, groupingLabels };
}
