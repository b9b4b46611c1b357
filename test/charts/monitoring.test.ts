import { Testing } from 'cdk8s';
import { MonitoringChart, monitoringDocsUrl, type MonitoringChartProps } from '../../lib/charts/monitoring';
import type { ModelEndpointOutputs } from '../../lib/charts/outputs';
import { monitoring as monitoringSchema, type Monitoring } from '../../lib/config/monitoring';
import type { Model } from '../../lib/config/schema';
import { applySyncPolicy } from '../../lib/charts/sync-policy';

const MODEL: Model = {
  name: 'granite',
  namespace: 'models',
  deploymentMode: 'RawDeployment',
  modelFormat: { name: 'vLLM' },
  runtime: 'vllm',
  storageUri: 'oci://registry.example.com/granite:1.0',
  resources: { cpu: '4', memory: '24Gi', gpu: 1 },
  tolerations: [],
  nodeSelector: {},
  minReplicas: 1,
  args: [],
  exposure: 'internal',
  tlsTermination: 'reencrypt',
  networkIsolation: 'gateway-only',
  smoke: { predict: true },
};

const ENDPOINT: ModelEndpointOutputs = {
  name: 'granite',
  namespace: 'models',
  url: 'http://granite-predictor.models.svc.cluster.local',
  openAICompatible: true,
  api: 'openai',
  exposure: 'internal',
  internalUrl: 'http://granite-predictor.models.svc.cluster.local',
  serviceName: 'granite-predictor',
  port: 80,
  pathPrefix: '/v1',
  predictPath: '/v1/chat/completions',
};

const ENABLED: Monitoring = monitoringSchema.parse({ enabled: true });

type Manifest = { kind: string; metadata: { name: string; namespace: string }; spec: any; data?: Record<string, string> };

function render(props: Partial<MonitoringChartProps> = {}) {
  const chart = new MonitoringChart(Testing.app(), 'monitoring', {
    environment: 'dev',
    monitoring: ENABLED,
    gatewayNamespace: 'gw',
    endpoints: [ENDPOINT],
    apis: [{ model: 'granite', product: 'granite-api', calls: [], plans: {}, applications: [] }],
    models: [MODEL],
    runtimes: [],
    ...props,
  });
  return { chart, objects: chart.toJson() as Manifest[] };
}

const exprs = (objects: Manifest[], name: string) =>
  objects.filter((o) => o.kind === 'PrometheusRule' && o.metadata.name === name).flatMap((o) => o.spec.groups[0].rules.map((r: { alert: string; expr: string }) => [r.alert, r.expr]));

describe('MonitoringChart', () => {
  test('GIVEN one vLLM model WHEN rendered THEN the gateway and the model each get a monitor and rules in their namespace, plus one dashboard', () => {
    expect(render().objects.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'PodMonitor gw/apicast',
      'PrometheusRule gw/maas-gateway',
      'PodMonitor models/granite-metrics',
      'PrometheusRule models/granite-alerts',
      'ConfigMap gw/maas-dashboard',
    ]);
  });

  test('GIVEN thresholds in the environment WHEN rendered THEN they are in the expressions and durations', () => {
    const monitoring = monitoringSchema.parse({
      enabled: true,
      alerts: { gateway5xxRatio: 0.02, authFailureRatio: 0.3, rateLimitedRatio: 0.15, modelLatencyP95Seconds: 45, modelQueueLength: 7, for: '15m', downFor: '2m' },
    });
    const { objects } = render({ monitoring });
    const gateway = Object.fromEntries(exprs(objects, 'maas-gateway'));
    const model = Object.fromEntries(exprs(objects, 'granite-alerts'));
    expect(gateway.MaaSGateway5xxRatioHigh).toMatch(/ > 0\.02$/);
    expect(gateway.MaaSGatewayAuthFailuresHigh).toMatch(/ > 0\.3$/);
    expect(gateway.MaaSGatewayRateLimited).toMatch(/ > 0\.15$/);
    expect(model.MaaSModelLatencyHigh).toMatch(/ > 45$/);
    expect(model.MaaSModelQueueLong).toBe('sum(vllm:num_requests_waiting{job="models/granite-metrics"}) > 7');
    const fors = objects.filter((o) => o.kind === 'PrometheusRule').flatMap((o) => o.spec.groups[0].rules.map((r: { alert: string; for: string }) => `${r.alert} ${r.for}`));
    expect(fors).toEqual([
      'MaaSGatewayDown 2m',
      'MaaSGateway5xxRatioHigh 15m',
      'MaaSGatewayAuthFailuresHigh 15m',
      'MaaSGatewayRateLimited 15m',
      'MaaSModelUpstreamErrors 15m',
      'MaaSModelDown 2m',
      'MaaSModelLatencyHigh 15m',
      'MaaSModelQueueLong 15m',
    ]);
  });

  test('GIVEN a KServe predict model WHEN rendered THEN its latency comes from request_predict_seconds and it has no queue alert', () => {
    const { objects } = render({ endpoints: [{ ...ENDPOINT, openAICompatible: false, api: 'v1' }] });
    expect(exprs(objects, 'granite-alerts')).toEqual([
      ['MaaSModelDown', 'sum(up{job="models/granite-metrics"}) == 0 or absent(up{job="models/granite-metrics"})'],
      ['MaaSModelLatencyHigh', 'histogram_quantile(0.95, sum by (le) (rate(request_predict_seconds_bucket{job="models/granite-metrics"}[5m]))) > 5'],
    ]);
  });

  test('GIVEN a Serverless model WHEN rendered THEN its monitor scrapes the Istio sidecar\'s merged metrics, not the runtime port that STRICT mTLS closes (odh-model-controller kserve_istio_podmonitor_reconciler.go@odh-v2.22)', () => {
    const { objects } = render({ models: [{ ...MODEL, deploymentMode: 'Serverless' }] });
    const monitor = objects.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'granite-metrics') as unknown as { spec: { podMetricsEndpoints: Array<Record<string, unknown>> } };
    const [endpoint] = monitor.spec.podMetricsEndpoints;
    expect(endpoint.targetPort).toBeUndefined();
    expect(endpoint.path).toBe('/stats/prometheus');
    expect(endpoint.relabelings).toContainEqual({ action: 'keep', regex: 'istio-proxy', sourceLabels: ['__meta_kubernetes_pod_container_name'] });
  });

  test('GIVEN a RawDeployment model WHEN rendered THEN its monitor scrapes the runtime port', () => {
    const monitor = render().objects.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'granite-metrics') as unknown as { spec: { podMetricsEndpoints: Array<Record<string, unknown>> } };
    expect(monitor.spec.podMetricsEndpoints[0].targetPort).toBe(8080);
  });

  test('GIVEN a model that may scale to zero WHEN rendered THEN no series is not an alert', () => {
    const { objects } = render({ models: [{ ...MODEL, minReplicas: 0, deploymentMode: 'Serverless' }] });
    expect(Object.fromEntries(exprs(objects, 'granite-alerts')).MaaSModelDown).toBe('sum(up{job="models/granite-metrics"}) == 0');
  });

  test('GIVEN a runtime defined here WHEN rendered THEN the model is scraped on its container port', () => {
    const runtime = { name: 'vllm', image: 'i', args: [], env: {}, containerPort: 8000, supportedModelFormats: [{ name: 'vLLM', autoSelect: true }], api: 'openai' as const, recommendedAccelerators: [] };
    const monitor = render({ runtimes: [runtime] }).objects.find((o) => o.metadata.name === 'granite-metrics');
    expect(monitor?.spec.podMetricsEndpoints[0].targetPort).toBe(8000);
  });

  test('GIVEN a ModelMesh model WHEN rendered THEN it is left out and the reason is given', () => {
    const { chart, objects } = render({ models: [{ ...MODEL, deploymentMode: 'ModelMesh' }] });
    expect(objects.filter((o) => o.metadata.namespace === 'models')).toEqual([]);
    expect(chart.unmonitored).toEqual([{ name: 'granite', reason: 'ModelMesh serves every model of the namespace from shared pods; its metrics are not per model' }]);
  });

  test('GIVEN dashboard grafana-operator WHEN rendered THEN a GrafanaDashboard replaces the ConfigMap', () => {
    const { objects } = render({ monitoring: monitoringSchema.parse({ enabled: true, dashboard: 'grafana-operator' }) });
    expect(objects.filter((o) => ['ConfigMap', 'GrafanaDashboard'].includes(o.kind)).map((o) => o.kind)).toEqual(['GrafanaDashboard']);
  });

  test('GIVEN dashboard grafana-operator WHEN the sync policy is applied THEN the GrafanaDashboard has a wave', () => {
    const { chart } = render({ monitoring: monitoringSchema.parse({ enabled: true, dashboard: 'grafana-operator' }) });
    const objects = chart.toJson() as Array<{ apiVersion: string; kind: string; metadata: { name: string; annotations: Record<string, string> } }>;
    applySyncPolicy(objects, { argocdVersion: '2.13' });
    const dashboard = objects.find((o) => o.kind === 'GrafanaDashboard');
    expect(dashboard?.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('4');
  });

  test('GIVEN a vLLM model published as a product WHEN rendered THEN the dashboard has its row with tokens, and says where per-plan usage is', () => {
    const configMap = render().objects.find((o) => o.kind === 'ConfigMap')!;
    const dashboard = JSON.parse(configMap.data!['maas-dashboard.json']) as { title: string; panels: Array<{ title: string; type: string }> };
    expect(dashboard.title).toBe('MaaS dev: gateway and models');
    expect(dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual(['Gateway: APIcast in gw', 'Model models/granite (product granite-api)']);
    expect(dashboard.panels.map((p) => p.title)).toEqual(expect.arrayContaining(['Tokens per second', 'Per plan and per application']));
  });

  test('GIVEN a docs URL WHEN rendered THEN each alert links its section', () => {
    const { objects } = render({ docsUrl: 'https://github.com/o/r/blob/main/docs/monitoring.md' });
    const rule = objects.find((o) => o.metadata.name === 'granite-alerts')!.spec.groups[0].rules[0];
    expect(rule.annotations.runbook_url).toBe('https://github.com/o/r/blob/main/docs/monitoring.md#maasmodeldown');
  });

  test('fails when an endpoint has no model', () => {
    expect(() => render({ models: [] })).toThrow('MonitoringChart: endpoint models/granite has no model in models; pass the environment\'s models');
  });
});

describe('monitoringDocsUrl', () => {
  test('GIVEN a GitHub repository WHEN asked THEN the blob URL of docs/monitoring.md at the revision', () => {
    expect(monitoringDocsUrl('https://github.com/example-org/maas-gitops.git', 'release')).toBe('https://github.com/example-org/maas-gitops/blob/release/docs/monitoring.md');
  });

  test('GIVEN another host WHEN asked THEN no URL', () => {
    expect(monitoringDocsUrl('https://gitlab.example.com/org/repo.git', 'main')).toBeUndefined();
  });
});
