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
    serving: { platformRuntimes: ['sklearn', 'vllm'] },
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
        predictLatencyP95Seconds: 5,
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

  test('fails when the KServe predict threshold is not below 10 s, the top finite bucket of request_predict_seconds (opendatahub-io/kserve python/kserve/kserve/metrics.py@odh-v2.22, prometheus_client default buckets)', () => {
    expect(problemsOf(environmentText({ enabled: true, alerts: { predictLatencyP95Seconds: 10 } }))).toEqual([
      {
        path: 'monitoring.alerts.predictLatencyP95Seconds',
        message: '10 is not below 10 s, the top finite bucket of request_predict_seconds (opendatahub-io/kserve python/kserve/kserve/metrics.py@odh-v2.22) ' +
          'that the latency alert of iris reads: the 95th percentile never exceeds it, so the alert could never fire; use a value below 10',
      },
    ]);
  });

  test('fails when the vLLM threshold is not below 60 s, the top finite bucket of vllm:e2e_request_latency_seconds', () => {
    const chat = { name: 'chat', namespace: 'models', modelFormat: { name: 'vLLM' }, runtime: 'vllm', api: 'openai', storageUri: 'oci://r/chat:1' };
    const text = environmentText({ enabled: true, alerts: { modelLatencyP95Seconds: 120 } }, { products: { chat: { upstreamTimeoutSeconds: 600 } } })
      .replace(/^models:\n/m, `models:\n  - ${JSON.stringify(chat)}\n`);
    expect(problemsOf(text)).toEqual([
      {
        path: 'monitoring.alerts.modelLatencyP95Seconds',
        message: '120 is not below 60 s, the top finite bucket of vllm:e2e_request_latency_seconds (vllm-project/vllm vllm/engine/metrics.py@v0.6.3) ' +
          'that the latency alert of chat reads: the 95th percentile never exceeds it, so the alert could never fire; use a value below 60',
      },
    ]);
  });

  test('GIVEN no vLLM model WHEN the vLLM threshold is above 60 THEN nothing is reported: no alert reads that histogram', () => {
    const text = environmentText({ enabled: true, alerts: { modelLatencyP95Seconds: 120 } }, { products: { iris: { upstreamTimeoutSeconds: 600 } } });
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
