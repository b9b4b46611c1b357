import { compareRevisions, unifiedDiff } from '../../lib/diff/compare';
import { namespace, revision } from './fixtures';

describe('compareRevisions', () => {
  test('matches objects by group, kind, namespace and name, not by file: a moved file is no change', () => {
    // GIVEN the same Namespace in another chart folder and file
    const before = revision({ 'dev/serving/namespace.maas-models.yaml': namespace('maas-models') });
    const after = revision({ 'dev/gateway/models-namespace.yaml': namespace('maas-models') });

    // WHEN
    const [dev] = compareRevisions(before, after);

    // THEN
    expect(dev).toEqual({ name: 'dev', stage: undefined, status: 'unchanged', changes: [] });
  });

  test('ignores key order and YAML formatting', () => {
    const before = revision({ 'dev/a.yaml': 'kind: Namespace\napiVersion: v1\nmetadata: {name: a, labels: {x: "1"}}\n' });
    const after = revision({ 'dev/a.yaml': "apiVersion: v1\nkind: Namespace\nmetadata:\n  labels:\n    x: '1'\n  name: a\n" });
    expect(compareRevisions(before, after)[0].status).toBe('unchanged');
  });

  test('reports a renamed object as removed and added', () => {
    const before = revision({ 'dev/serving/namespace.a.yaml': namespace('a') });
    const after = revision({ 'dev/serving/namespace.b.yaml': namespace('b') });
    const [dev] = compareRevisions(before, after);
    expect(dev.changes.map((c) => `${c.type} ${c.subject}`)).toEqual(['added Namespace b', 'removed Namespace a']);
  });

  test('tells objects of the same kind and name in different API groups apart', () => {
    const argocd = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'chat', namespace: 'ns' } };
    const threescale = { ...argocd, apiVersion: 'capabilities.3scale.net/v1beta1' };
    const [dev] = compareRevisions(revision({ 'dev/a.yaml': argocd }), revision({ 'dev/a.yaml': threescale }));
    expect(dev.changes.map((c) => c.type)).toEqual(['added', 'removed']);
  });

  test("gives a changed object's YAML diff with two lines of context", () => {
    const before = revision({ 'dev/ns.yaml': namespace('a', { one: '1', two: '2', three: '3', four: '4' }) });
    const after = revision({ 'dev/ns.yaml': namespace('a', { one: '1', two: '2', three: 'three', four: '4' }) });
    const [dev] = compareRevisions(before, after);
    expect(dev.changes).toHaveLength(1);
    expect(dev.changes[0].diff).toEqual(['@@ -6,4 +6,4 @@ metadata.labels', '     one: "1"', '     two: "2"', '-    three: "3"', '+    three: three', '     four: "4"']);
  });

  test('compares files that are not Kubernetes objects as text, under their path', () => {
    const before = revision({ 'dev/README.md': '# dev\nold\n', 'dev/notes.yaml': 'just: data\n' });
    const after = revision({ 'dev/README.md': '# dev\nnew\n' });
    const [dev] = compareRevisions(before, after);
    expect(dev.changes.map((c) => `${c.type} ${c.subject}`)).toEqual(['removed dev/notes.yaml', 'changed dev/README.md']);
    expect(dev.changes[1].diff).toEqual(['@@ -1,2 +1,2 @@', ' # dev', '-old', '+new']);
  });

  test('reports new and removed environments, in promotion order then by name', () => {
    // GIVEN
    const before = revision({ 'prod/ns.yaml': namespace('a'), 'old/ns.yaml': namespace('a') }, { prod: 'prod', old: 'dev' });
    const after = revision({ 'prod/ns.yaml': namespace('a'), 'qa/ns.yaml': namespace('a'), 'zz/ns.yaml': namespace('a') }, { prod: 'prod', qa: 'staging' });

    // WHEN
    const environments = compareRevisions(before, after);

    // THEN
    expect(environments.map((e) => `${e.name} ${e.stage} ${e.status}`)).toEqual(['old dev removed', 'qa staging added', 'prod prod unchanged', 'zz undefined added']);
  });

  test('fails when one environment holds an object twice', () => {
    const tree = revision({ 'dev/a.yaml': namespace('a'), 'dev/b.yaml': namespace('a') });
    expect(() => compareRevisions(tree, tree)).toThrow('dev/a.yaml and dev/b.yaml both hold Namespace a; an object must be rendered once');
  });
});

describe('unifiedDiff', () => {
  test('marks a missing final newline the way diff does', () => {
    expect(unifiedDiff('a\n', 'a\nb')).toEqual(['@@ -1,1 +1,2 @@', ' a', '+b', '\\ No newline at end of file']);
  });
});
