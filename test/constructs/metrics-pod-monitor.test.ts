import { Testing } from 'cdk8s';
import { MetricsPodMonitor, type MetricsPodMonitorProps } from '../../lib/constructs/metrics-pod-monitor';

function render(props: Partial<MetricsPodMonitorProps> = {}) {
  const chart = Testing.chart();
  const monitor = new MetricsPodMonitor(chart, 'Monitor', { name: 'apicast', namespace: 'gw', podLabels: { threescale_component: 'apicast' }, port: 9421, ...props });
  return { monitor, objects: Testing.synth(chart) };
}

describe('MetricsPodMonitor', () => {
  test('GIVEN labels and a port WHEN rendered THEN the PodMonitor scrapes /metrics over http every 30 s on that port', () => {
    const { objects } = render();
    expect(objects).toEqual([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PodMonitor',
        metadata: { name: 'apicast', namespace: 'gw' },
        spec: {
          selector: { matchLabels: { threescale_component: 'apicast' } },
          podMetricsEndpoints: [{ targetPort: 9421, path: '/metrics', interval: '30s', scheme: 'http' }],
        },
      },
    ]);
  });

  test('GIVEN a namespace and name WHEN rendered THEN job is the label Prometheus gives the series', () => {
    expect(render().monitor.job).toBe('gw/apicast');
  });

  test('GIVEN labels in any order WHEN rendered THEN the selector is sorted', () => {
    expect(Object.keys(render({ podLabels: { z: '1', a: '2' } }).monitor.podLabels)).toEqual(['a', 'z']);
  });

  test('fails when the selector is empty', () => {
    expect(() => render({ podLabels: {} })).toThrow(
      'MetricsPodMonitor gw/apicast: podLabels is empty, which selects every pod of the namespace; give the labels of the pods to scrape',
    );
  });

  test('fails when the port is not a port number', () => {
    expect(() => render({ port: 70000 })).toThrow('MetricsPodMonitor gw/apicast: port 70000 is not a port number; use 1 to 65535');
  });
});
