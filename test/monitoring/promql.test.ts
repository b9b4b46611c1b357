import { readExpression } from '../../lib/monitoring/promql';

describe('readExpression', () => {
  test('GIVEN a ratio of two aggregated rates WHEN read THEN both selectors and their matchers are listed', () => {
    expect(readExpression('sum(rate(apicast_status{namespace="gw",status=~"5.."}[5m])) / sum(rate(apicast_status{namespace="gw"}[5m])) > 0.05')).toEqual({
      selectors: [
        { metric: 'apicast_status', matchers: [{ label: 'namespace', op: '=', value: 'gw' }, { label: 'status', op: '=~', value: '5..' }] },
        { metric: 'apicast_status', matchers: [{ label: 'namespace', op: '=', value: 'gw' }] },
      ],
      groupingLabels: [],
    });
  });

  test('GIVEN a quantile grouped by labels WHEN read THEN the grouping labels are listed and not taken for metrics', () => {
    const refs = readExpression('histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:e2e_request_latency_seconds_bucket{job="m/x"}[5m]))) > 30');
    expect(refs.selectors.map((s) => s.metric)).toEqual(['vllm:e2e_request_latency_seconds_bucket']);
    expect(refs.groupingLabels).toEqual(['le', 'model_name']);
  });

  test('GIVEN or and absent WHEN read THEN keywords and functions are not metrics', () => {
    expect(readExpression('sum(up{job="a/b"}) == 0 or absent(up{job="a/b"})').selectors.map((s) => s.metric)).toEqual(['up', 'up']);
  });

  test('GIVEN a bare metric WHEN read THEN it is a selector without matchers', () => {
    expect(readExpression('up').selectors).toEqual([{ metric: 'up', matchers: [] }]);
  });

  test('GIVEN a comment WHEN read THEN it is ignored, as Prometheus ignores it', () => {
    expect(readExpression('up # comment').selectors).toEqual([{ metric: 'up', matchers: [] }]);
  });

  test('GIVEN on/group_left modifiers WHEN read THEN their labels are grouping labels', () => {
    expect(readExpression('a * on (x) group_left (y) b').groupingLabels).toEqual(['x', 'y']);
  });

  test('GIVEN a single-quoted value with an escape WHEN read THEN the matcher holds its value', () => {
    expect(readExpression("up{job='a\\'b'}").selectors).toEqual([{ metric: 'up', matchers: [{ label: 'job', op: '=', value: "a'b" }] }]);
  });

  test('fails on unbalanced parentheses, naming where', () => {
    expect(() => readExpression('sum(up')).toThrow('PromQL: syntax error at 6 in "sum(up"');
    expect(() => readExpression('up)')).toThrow('PromQL: syntax error at 2 in "up)"');
  });

  test('fails on a malformed label matcher', () => {
    expect(() => readExpression('up{job}')).toThrow('PromQL: syntax error at 6 in "up{job}"');
  });
});
