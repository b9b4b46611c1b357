import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/**
 * What an expression refers to, read with Prometheus' own PromQL grammar (`@prometheus-io/lezer-promql`, the
 * parser of the Prometheus web UI): the series it selects, the label matchers of each and the labels it
 * groups by, so that tests can check them against the metrics exporters document (`exporter-metrics.ts`).
 */

/** A label matcher inside `{...}`, e.g. `status=~"5.."`. */
export interface LabelMatcher {
  readonly label: string;
  readonly op: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

/** A series selector, e.g. `apicast_status{status=~"5.."}`. */
export interface Selector {
  /** The metric name; a selector written `{__name__="x"}` has its name in a matcher and `''` here. */
  readonly metric: string;
  readonly matchers: readonly LabelMatcher[];
}

/** What an expression refers to. */
export interface ExpressionRefs {
  readonly selectors: readonly Selector[];
  /** Labels named in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`, `group_left/right (...)`. */
  readonly groupingLabels: readonly string[];
}

const MATCH_OPS: Readonly<Record<string, LabelMatcher['op']>> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

/**
 * The series selectors and grouping labels of an expression.
 *
 * @throws Error naming the offset of the first syntax error when the expression is not valid PromQL
 */
export function readExpression(expr: string): ExpressionRefs {
  const tree = parser.parse(expr);
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  let errorAt: number | undefined;
  const selectors: Selector[] = [];
  const groupingLabels: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError && errorAt === undefined) errorAt = ref.from;
      if (ref.name === 'VectorSelector') {
        const node = ref.node;
        const name = node.getChild('Identifier');
        const matchers = (node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []).map((m) => {
          const label = m.getChild('LabelName');
          const op = m.getChild('MatchOp')?.firstChild;
          const value = m.getChild('StringLiteral');
          if (!label || !op || !value) return undefined;
          return { label: text(label), op: MATCH_OPS[op.name], value: unquote(text(value)) };
        });
        selectors.push({ metric: name ? text(name) : '', matchers: matchers.filter((m): m is LabelMatcher => m !== undefined) });
      }
      if (ref.name === 'GroupingLabels') {
        for (const label of ref.node.getChildren('LabelName')) groupingLabels.push(text(label));
      }
    },
  });
  if (errorAt !== undefined) throw new Error(`PromQL: syntax error at ${errorAt} in ${JSON.stringify(expr)}`);
  return { selectors, groupingLabels };
}

/** A PromQL string literal's value: `"..."` and `'...'` with Go escapes, or a raw `` `...` ``. */
function unquote(literal: string): string {
  const quote = literal[0];
  const body = literal.slice(1, -1);
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}
