import { stringify } from 'yaml';
import { parseEnvironment, type Problem } from '../../lib/config/load';

type Mapping = Record<string, unknown>;

const MODEL: Mapping = { name: 'iris', namespace: 'models', modelFormat: { name: 'sklearn' }, runtime: 'sklearn', storageUri: 's3://models/iris' };

/** An environment file's text with the given monitoring section, everything else valid. */
function environmentText(monitoring?: Mapping, gateway: Mapping = {}): string {
  return stringify({
    stage: 'staging',
    cluster: { appsDomain: 'apps.example.com' },
    gitops: { repoURL: 'https://github.com/example-org/maas-gitops.git' },
    identity: { generation: 'rhsso', operator: { namespace: 'kc', name: 'rhsso-operator', channel: 'stable' } },
    models: [MODEL],
    serving: { platformRuntimes: ['sklearn'] },
    gateway: { operator: { namespace: 'maas-3scale', name: '3scale-operator', channel: 'threescale-2.15' }, ...gateway },
    ...(monitoring === undefined ? {} : { monitoring }),
  });
}

function problemsOf(text: string): Array<Pick<Problem, 'path' | 'message'>> {
  const result = parseEnvironment('test', text);
  if (result.ok) return [];
  return result.problems.map(({ path, message }) => ({ path, message }));
}

describe('monitoring section', () => {
  test('GIVEN no monitoring section WHEN loaded THEN monitoring is off with every default', () => {
    const result = parseEnvironment('test', environmentText());
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.monitoring).toEqual({
      enabled: false,
      apicast: { metricsPort: 9421, podLabels: { threescale_component: 'apicast' } },
      alerts: {
        gateway5xxRatio: 0.05,
        authFailureRatio: 0.25,
        rateLimitedRatio: 0.1,
        modelLatencyP95Seconds: 30,
        modelQueueLength: 10,
        for: '10m',
        downFor: '5m',
      },
      dashboard: 'configmap',
      dashboardLabels: { grafana_dashboard: '1' },
      grafanaInstanceLabels: { dashboards: 'grafana' },
    });
  });

  test('GIVEN one threshold WHEN loaded THEN the others keep their defaults', () => {
    const result = parseEnvironment('test', environmentText({ enabled: true, alerts: { gateway5xxRatio: 0.02 } }));
    expect(result.ok && result.environment.monitoring.alerts).toMatchObject({ gateway5xxRatio: 0.02, authFailureRatio: 0.25 });
  });

  test('fails when a ratio is above 1', () => {
    expect(problemsOf(environmentText({ enabled: true, alerts: { authFailureRatio: 25 } }))).toEqual([
      { path: 'monitoring.alerts.authFailureRatio', message: '25 is not a ratio: write a number greater than 0 and at most 1, e.g. 0.05 for 5 %' },
    ]);
  });

  test('fails when a duration has no unit', () => {
    expect(problemsOf(environmentText({ enabled: true, alerts: { for: '10' } }))).toEqual([
      { path: 'monitoring.alerts.for', message: '"10" is not a Prometheus duration: write a number and a unit, e.g. "5m", "1h", "90s"' },
    ]);
  });

  test('fails when the APIcast selector is empty', () => {
    expect(problemsOf(environmentText({ enabled: true, apicast: { podLabels: {} } }))).toEqual([
      {
        path: 'monitoring.apicast.podLabels',
        message: 'is empty, which selects every pod of the gateway namespace; give the labels of the APIcast pods, e.g. { threescale_component: apicast }',
      },
    ]);
  });

  test('fails when the latency threshold is not below the longest upstream timeout', () => {
    expect(problemsOf(environmentText({ enabled: true, alerts: { modelLatencyP95Seconds: 300 } }))).toEqual([
      {
        path: 'monitoring.alerts.modelLatencyP95Seconds',
        message: '300 is not below the longest upstream timeout of the models (300 s): the gateway cuts calls at that time, so the alert could never fire; use a value below 300',
      },
    ]);
  });

  test('GIVEN a model with a longer upstream timeout WHEN the threshold is below it THEN it is accepted', () => {
    const text = environmentText({ enabled: true, alerts: { modelLatencyP95Seconds: 400 } }, { products: { iris: { upstreamTimeoutSeconds: 600 } } });
    expect(problemsOf(text)).toEqual([]);
  });

  test('GIVEN monitoring off WHEN a rule would fail THEN nothing is reported', () => {
    expect(problemsOf(environmentText({ enabled: false, apicast: { podLabels: {} }, alerts: { modelLatencyP95Seconds: 900 } }))).toEqual([]);
  });

  test('fails when a GrafanaDashboard would select no Grafana', () => {
    expect(problemsOf(environmentText({ enabled: true, dashboard: 'grafana-operator', grafanaInstanceLabels: {} }))).toEqual([
      {
        path: 'monitoring.grafanaInstanceLabels',
        message: 'is empty with dashboard "grafana-operator"; give the labels of your Grafana resource, e.g. { dashboards: grafana }',
      },
    ]);
  });

  test('fails when the dashboard namespace is not one of the environment', () => {
    expect(problemsOf(environmentText({ enabled: true, dashboardNamespace: 'grafana' }))).toEqual([
      {
        path: 'monitoring.dashboardNamespace',
        message: '"grafana" is not a namespace of this environment; use one of kc, maas-3scale, models (and let Grafana\'s sidecar search it)',
      },
    ]);
  });

  test('fails when the dashboard kind is unknown', () => {
    expect(problemsOf(environmentText({ enabled: true, dashboard: 'grafana' }))).toEqual([
      { path: 'monitoring.dashboard', message: '"grafana" is not one of configmap, grafana-operator' },
    ]);
  });
});
