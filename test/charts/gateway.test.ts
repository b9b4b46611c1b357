import { Testing } from 'cdk8s';
import { parseEnvironment } from '../../lib/config/load';
import { GatewayChart, type GatewayChartProps } from '../../lib/charts/gateway';
import type { IdentityOutputs, ModelEndpointOutputs } from '../../lib/charts/outputs';

/** Identity outputs deliberately unlike any environment file, to show that the gateway takes them from here. */
const IDENTITY: IdentityOutputs = {
  generation: 'rhsso',
  namespace: 'sso-ns',
  baseUrl: 'https://sso.example.net/auth',
  issuerUrl: 'https://sso.example.net/auth/realms/other-realm',
  realm: 'other-realm',
  gatewayClientId: 'zync-manager',
  gatewayClientSecretName: 'zync-manager-secret',
  tokenUrl: 'https://sso.example.net/auth/realms/other-realm/protocol/openid-connect/token',
};

const KSERVE: ModelEndpointOutputs = {
  name: 'granite-chat',
  namespace: 'models',
  url: 'http://granite-chat.models.svc',
  openAICompatible: false,
  api: 'v1',
  exposure: 'internal',
  internalUrl: 'http://granite-chat.models.svc',
  serviceName: 'granite-chat-predictor',
  port: 80,
  pathPrefix: '/v1/models/granite-chat',
  predictPath: '/v1/models/granite-chat:predict',
};
const VLLM: ModelEndpointOutputs = {
  name: 'mistral',
  namespace: 'models',
  url: 'http://mistral.models.svc',
  openAICompatible: true,
  api: 'openai',
  exposure: 'internal',
  internalUrl: 'http://mistral.models.svc',
  serviceName: 'mistral-predictor',
  port: 80,
  pathPrefix: '/v1',
  predictPath: '/v1/chat/completions',
};

const GATEWAY_YAML = `stage: dev
cluster: { appsDomain: apps.example.com }
gitops: { repoURL: https://git.example.com/maas.git }
identity:
  generation: rhbk
  operator: { namespace: kc, name: rhbk-operator, channel: stable-v26.0 }
  keycloak: { postgres: {} }
models:
  - { name: granite-chat, namespace: models, modelFormat: { name: sklearn }, runtime: kserve-sklearnserver, storageUri: 's3://m/g' }
  - { name: mistral, namespace: models, modelFormat: { name: vLLM }, runtime: vllm-runtime, storageUri: 's3://m/m' }
serving: { platformRuntimes: [kserve-sklearnserver, vllm-runtime] }
gateway:
  operator: { namespace: apim, name: 3scale-operator, channel: threescale-2.15 }
  secretStore: { name: identity }
  cors: { allowOrigin: "*" }
  plans:
    basic: { name: Basic, limits: [{ metricMethodRef: hits, period: minute, value: 60 }] }
  products:
    mistral:
      upstreamTimeoutSeconds: 900
      productionPublicBaseURL: https://mistral.ai.example.com
      plans:
        gold: { name: Gold, limits: [{ metricMethodRef: chat_completions, period: day, value: 1000 }] }
`;

function gatewaySection(): GatewayChartProps['gateway'] {
  const result = parseEnvironment('test', GATEWAY_YAML);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.environment.gateway;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

function render(models: readonly ModelEndpointOutputs[] = [KSERVE, VLLM], gateway = gatewaySection()) {
  const app = Testing.app();
  const chart = new GatewayChart(app, 'gateway', { gateway, appsDomain: 'apps.example.com', identity: IDENTITY, models });
  const objects: Manifest[] = Testing.synth(chart);
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  return { chart, objects, find };
}

describe('GatewayChart', () => {
  test('GIVEN identity outputs WHEN rendered THEN the issuer endpoint is composed from them alone', () => {
    const { find } = render();
    const issuer = find('ExternalSecret', 'oidc-issuer-other-realm');
    expect(issuer.metadata.namespace).toBe('apim');
    expect(issuer.spec.target.template.data.issuerEndpoint).toBe('https://zync-manager:{{ .clientSecret | urlquery }}@sso.example.net/auth/realms/other-realm');
    expect(issuer.spec.data[0].remoteRef.key).toBe('zync-manager-secret');
  });

  test('GIVEN two models WHEN rendered THEN each gets a Backend, a Product and a promotion', () => {
    const { objects } = render();
    const names = objects.filter((o) => o.apiVersion.startsWith('capabilities.3scale.net/')).map((o) => `${o.kind} ${o.metadata.name}`);
    expect(names).toEqual([
      'Backend granite-chat-backend',
      'Product granite-chat-api',
      expect.stringMatching(/^ProxyConfigPromote granite-chat-api-[0-9a-f]{10}$/),
      'Backend mistral-backend',
      'Product mistral-api',
      expect.stringMatching(/^ProxyConfigPromote mistral-api-[0-9a-f]{10}$/),
    ]);
  });

  test('points each Backend at its model URL and each Product at its Backend', () => {
    const { find } = render();
    expect(find('Backend', 'mistral-backend').spec.privateBaseURL).toBe('http://mistral.models.svc');
    expect(find('Product', 'mistral-api').spec.backendUsages).toEqual({ 'mistral-backend': { path: '/' } });
  });

  test('GIVEN an OpenAI-compatible model WHEN rendered THEN its Product offers the OpenAI calls', () => {
    const { chart } = render();
    expect(chart.apis.find((a) => a.model === 'mistral')?.calls).toEqual(['POST /v1/chat/completions', 'POST /v1/completions', 'POST /v1/embeddings', 'GET /v1/models']);
    expect(chart.apis.find((a) => a.model === 'granite-chat')?.calls).toEqual(['POST /predict']);
  });

  test('GIVEN a KServe model WHEN rendered THEN /predict is forwarded to its predict path, after the mapping rules matched', () => {
    const { find } = render();
    const policies = find('Product', 'granite-chat-api').spec.policies.map((p: Manifest) => p.name);
    expect(policies).toEqual(['cors', 'upstream_connection', 'jwt_claim_check', 'apicast', 'url_rewriting']);
    expect(find('Product', 'granite-chat-api').spec.policies[4].configuration).toEqual({
      commands: [{ op: 'sub', regex: '^/predict(/.*)?$', replace: '/v1/models/granite-chat:predict' }],
    });
  });

  test('GIVEN an OpenAI-compatible model WHEN rendered THEN its paths are forwarded unchanged', () => {
    const { find } = render();
    expect(find('Product', 'mistral-api').spec.policies.map((p: Manifest) => p.name)).toEqual(['cors', 'upstream_connection', 'jwt_claim_check', 'apicast']);
  });

  test('GIVEN no override WHEN rendered THEN the public URLs derive from the apps domain', () => {
    const { chart } = render();
    expect(chart.apis[0]).toMatchObject({
      stagingPublicBaseURL: 'https://granite-chat-api-staging.apps.example.com',
      productionPublicBaseURL: 'https://granite-chat-api.apps.example.com',
    });
  });

  test('GIVEN promotion to staging only WHEN rendered THEN consumers call the staging gateway', () => {
    const { chart } = render();
    expect(chart.apis[0].gatewayURL).toBe('https://granite-chat-api-staging.apps.example.com');
  });

  test('GIVEN hosted APIcast WHEN rendered THEN 3scale chooses the URLs', () => {
    const gateway = { ...gatewaySection(), deployment: 'apicastHosted' as const, products: {} };
    const { chart, find } = render([KSERVE], gateway);
    expect(chart.apis[0].gatewayURL).toBeUndefined();
    expect(Object.keys(find('Product', 'granite-chat-api').spec.deployment)).toEqual(['apicastHosted']);
  });

  test('GIVEN product overrides WHEN rendered THEN they replace the defaults for that model only', () => {
    const { find, chart } = render();
    const mistral = find('Product', 'mistral-api').spec;
    expect(Object.keys(mistral.applicationPlans)).toEqual(['gold']);
    expect(mistral.policies[1].configuration.read_timeout).toBe(900);
    expect(chart.apis[1].productionPublicBaseURL).toBe('https://mistral.ai.example.com');
    expect(Object.keys(find('Product', 'granite-chat-api').spec.applicationPlans)).toEqual(['basic']);
  });

  test('fails when an override limits a method the runtime does not offer', () => {
    expect(() => render([KSERVE, { ...VLLM, openAICompatible: false }])).toThrow(
      'ThreescaleProduct mistral-api: plans.gold.limits[0].metricMethodRef "chat_completions" is not a metric or method of this model\'s runtime; use one of hits, predict',
    );
  });

  test('renders no Secret: tenant and issuer credentials stay out of Git', () => {
    const { objects } = render();
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });
});

describe('GatewayChart: Routes for self-managed APIcast (3scale/zync app/services/integration/kubernetes_service.rb@3scale-2.15.1-GA makes them for hosted APIcast only)', () => {
  test('GIVEN self-managed APIcast WHEN rendered THEN each public host has an edge Route to apicast-staging or apicast-production, port gateway', () => {
    const { objects } = render();
    const routes = objects.filter((o) => o.kind === 'Route').map((o) => `${o.metadata.name} ${o.spec.host} -> ${o.spec.to.name}:${o.spec.port.targetPort} ${o.spec.tls.termination}`);
    expect(routes).toEqual([
      'granite-chat-api-staging granite-chat-api-staging.apps.example.com -> apicast-staging:gateway edge',
      'granite-chat-api-production granite-chat-api.apps.example.com -> apicast-production:gateway edge',
      'mistral-api-staging mistral-api-staging.apps.example.com -> apicast-staging:gateway edge',
      'mistral-api-production mistral.ai.example.com -> apicast-production:gateway edge',
    ]);
  });

  test('GIVEN a 900 s upstream timeout WHEN rendered THEN the router waits 910 s (connect 10 s + 900 s), not its default 30 s (openshift/router haproxy-config.template@release-4.16)', () => {
    const { find } = render();
    expect(find('Route', 'mistral-api-production').metadata.annotations['haproxy.router.openshift.io/timeout']).toBe('910s');
    expect(find('Route', 'granite-chat-api-staging').metadata.annotations['haproxy.router.openshift.io/timeout']).toBe(`${gatewaySection().upstreamTimeoutSeconds + 10}s`);
  });

  test('GIVEN hosted APIcast WHEN rendered THEN no Route is rendered: zync makes them', () => {
    const gateway = { ...gatewaySection(), deployment: 'apicastHosted' as const };
    expect(render(undefined, gateway).objects.filter((o) => o.kind === 'Route')).toEqual([]);
  });
});
