import { Testing } from 'cdk8s';
import { ServingChart, type ServingChartProps } from '../../lib/charts/serving';
import type { Model } from '../../lib/config/schema';
import type { ServingRuntimeSpec } from '../../lib/config/serving';

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
  smoke: { predict: true },
};

const VLLM: ServingRuntimeSpec = {
  name: 'vllm',
  image: 'quay.io/modh/vllm@sha256:3c56d4c2a5a9565e8b07ba17a6624290c4fb39ac9097b99b946326c09a8b40c8',
  args: [],
  env: {},
  containerPort: 8080,
  supportedModelFormats: [{ name: 'vLLM', autoSelect: true }],
  api: 'openai',
  recommendedAccelerators: [],
};

function render(props: Partial<ServingChartProps> = {}) {
  const app = Testing.app();
  const chart = new ServingChart(app, 'serving', { models: [MODEL], gatewayNamespace: 'maas-3scale', runtimes: [VLLM], appsDomain: 'apps.example.com', tokenIssuerUrl: 'https://sso.example.com/realms/ai-realm', tokenGateImage: 'envoyproxy/envoy:v1.33.0', ...props });
  return { chart, objects: chart.toJson() as Array<{ kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } }> };
}

describe('ServingChart', () => {
  test('GIVEN a model on a runtime defined here WHEN rendered THEN the runtime is rendered into the model namespace', () => {
    const { objects } = render();
    expect(objects.map((o) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`)).toEqual([
      'Namespace /models',
      'NetworkPolicy models/allow-gateway-to-models',
      'ServingRuntime models/vllm',
      'InferenceService models/granite',
    ]);
  });

  test('GIVEN a model on a runtime not defined here WHEN rendered THEN no ServingRuntime is rendered', () => {
    const { objects } = render({ runtimes: [] });
    expect(objects.filter((o) => o.kind === 'ServingRuntime')).toEqual([]);
  });

  test('GIVEN a single-model namespace WHEN rendered THEN it is a dashboard project without ModelMesh', () => {
    const namespace = render().objects.find((o) => o.kind === 'Namespace');
    expect(namespace?.metadata.labels).toEqual({ 'opendatahub.io/dashboard': 'true', 'modelmesh-enabled': 'false' });
  });

  test('GIVEN a ModelMesh model WHEN rendered THEN its namespace enables ModelMesh', () => {
    const models = [{ ...MODEL, deploymentMode: 'ModelMesh' as const, runtime: 'ovms' }];
    const namespace = render({ models }).objects.find((o) => o.kind === 'Namespace');
    expect(namespace?.metadata.labels?.['modelmesh-enabled']).toBe('true');
  });

  test('GIVEN an internal model on an OpenAI runtime WHEN rendered THEN the endpoint output is the in-cluster Service with /v1', () => {
    expect(render().chart.endpoints).toEqual([
      {
        name: 'granite',
        namespace: 'models',
        url: 'http://granite-predictor.models.svc.cluster.local:8080',
        openAICompatible: true,
        api: 'openai',
        exposure: 'internal',
        internalUrl: 'http://granite-predictor.models.svc.cluster.local:8080',
        serviceName: 'granite-predictor',
        port: 8080,
        scheme: 'http',
        deploymentMode: 'RawDeployment',
        admittedBy: 'allow-gateway-to-models',
        tokenGate: undefined,
        storageKey: undefined,
        pathPrefix: '/v1',
        predictPath: '/v1/chat/completions',
      },
    ]);
  });

  test('GIVEN a routed model WHEN rendered THEN the endpoint URL is the Route URL', () => {
    expect(render({ models: [{ ...MODEL, exposure: 'route' }] }).chart.endpoints[0].url).toBe('https://granite-models.apps.example.com');
  });

  test('GIVEN a routed model WHEN rendered THEN the router is admitted to the token gates only', () => {
    const { objects } = render({ models: [{ ...MODEL, exposure: 'route' }] });
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(policies).toEqual(['allow-gateway-to-models', 'allow-router-to-token-gates']);
  });

  test('GIVEN only internal models WHEN rendered THEN the router is not admitted', () => {
    const policies = render().objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name);
    expect(policies).toEqual(['allow-gateway-to-models']);
  });

  test('GIVEN a model that names its api WHEN rendered THEN it overrides the runtime\'s', () => {
    expect(render({ models: [{ ...MODEL, api: 'v2' }] }).chart.endpoints[0].openAICompatible).toBe(false);
  });
});

describe('ServingChart: ModelMesh (kserve/modelmesh-serving@v0.12.0, odh-model-controller config/runtimes/ovms-mm-template.yaml@odh-v2.22)', () => {
  const FRAUD: Model = { ...MODEL, name: 'fraud', namespace: 'mm', deploymentMode: 'ModelMesh', runtime: 'ovms', modelFormat: { name: 'onnx', version: '1' } };

  test('GIVEN a ModelMesh model on a runtime of modelMeshRuntimes WHEN rendered THEN the ovms ServingRuntime of OpenShift AI\'s template is rendered into its namespace', () => {
    const { objects } = render({ models: [FRAUD], modelMeshRuntimes: [{ name: 'ovms', template: 'ovms', image: 'quay.io/opendatahub/openvino_model_server:2024.3-release' }] });
    const runtime = objects.find((o) => o.kind === 'ServingRuntime') as unknown as { metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
    expect(runtime.metadata).toMatchObject({ name: 'ovms', namespace: 'mm' });
    expect(runtime.spec).toMatchObject({ multiModel: true, builtInAdapter: { serverType: 'ovms', runtimeManagementPort: 8888 }, grpcDataEndpoint: 'port:8001' });
  });

  test('GIVEN a ModelMesh namespace WHEN rendered THEN its NetworkPolicy admits the ModelMesh controller from the OpenShift AI applications namespace on 8033 (networkpolicy-runtimes.yaml)', () => {
    const { objects } = render({ models: [FRAUD] });
    const policy = objects.find((o) => o.kind === 'NetworkPolicy') as unknown as { spec: { ingress: unknown[] } };
    expect(policy.spec.ingress).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'redhat-ods-applications' } } }],
      ports: [{ port: 8033, protocol: 'TCP' }],
    });
  });

  test('GIVEN a single-model namespace WHEN rendered THEN the ModelMesh controller is not admitted', () => {
    const policy = render().objects.find((o) => o.kind === 'NetworkPolicy') as unknown as { spec: { ingress: unknown[] } };
    expect(policy.spec.ingress).toHaveLength(1);
  });

  test('GIVEN another applications namespace WHEN rendered THEN that one is admitted', () => {
    const { objects } = render({ models: [FRAUD], applicationsNamespace: 'opendatahub' });
    expect(JSON.stringify(objects.find((o) => o.kind === 'NetworkPolicy'))).toContain('"kubernetes.io/metadata.name":"opendatahub"');
  });
});
