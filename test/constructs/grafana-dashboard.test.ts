import { Testing } from 'cdk8s';
import { GrafanaDashboard, stableJson, type GrafanaDashboardProps } from '../../lib/constructs/grafana-dashboard';

function render(props: Partial<GrafanaDashboardProps> = {}) {
  const chart = Testing.chart();
  const dashboard = new GrafanaDashboard(chart, 'Dashboard', { name: 'maas', namespace: 'gw', dashboard: { title: 'T', panels: [] }, ...props });
  return { dashboard, objects: Testing.synth(chart) };
}

describe('GrafanaDashboard', () => {
  test('GIVEN the defaults WHEN rendered THEN a ConfigMap labelled for the Grafana sidecar holds <name>.json', () => {
    const { dashboard, objects } = render();
    expect(dashboard.kind).toBe('ConfigMap');
    expect(objects).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'maas', namespace: 'gw', labels: { grafana_dashboard: '1' } },
        data: { 'maas.json': '{\n  "panels": [],\n  "title": "T"\n}' },
      },
    ]);
  });

  test('GIVEN the grafana-operator form WHEN rendered THEN a GrafanaDashboard selects the Grafana instances by label', () => {
    const { objects } = render({ form: 'grafana-operator' });
    expect(objects[0]).toEqual({
      apiVersion: 'grafana.integreatly.org/v1beta1',
      kind: 'GrafanaDashboard',
      metadata: { name: 'maas', namespace: 'gw' },
      spec: { instanceSelector: { matchLabels: { dashboards: 'grafana' } }, json: '{\n  "panels": [],\n  "title": "T"\n}' },
    });
  });

  test('fails when a GrafanaDashboard would select no Grafana', () => {
    expect(() => render({ form: 'grafana-operator', instanceLabels: {} })).toThrow(
      'GrafanaDashboard gw/maas: instanceLabels is empty, so no Grafana would import it; give the labels of your Grafana resource, e.g. { dashboards: "grafana" }',
    );
  });

  test('GIVEN keys in any order WHEN serialised THEN the text is the same', () => {
    expect(stableJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } })).toBe(stableJson({ a: { c: 2, d: [{ y: 2, z: 1 }] }, b: 1 }));
  });
});
