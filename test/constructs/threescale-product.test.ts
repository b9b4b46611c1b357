import { Testing } from 'cdk8s';
import { OPENAI_METHODS, PREDICT_METHODS, type ApplicationPlan } from '../../lib/config/gateway';
import { ThreescaleProduct, type ThreescaleProductProps } from '../../lib/constructs/threescale-product';

const BASIC: ApplicationPlan = {
  name: 'Basic',
  appsRequireApproval: false,
  limits: [{ metricMethodRef: 'hits', period: 'minute', value: 60 }],
  pricingRules: [],
  published: true,
};

const PROPS: ThreescaleProductProps = {
  name: 'granite-chat-api',
  namespace: 'apim',
  friendlyName: 'granite-chat API',
  description: 'Model granite-chat',
  backendSystemName: 'granite-chat-backend',
  methods: PREDICT_METHODS,
  plans: { basic: BASIC },
  deployment: 'apicastSelfManaged',
  stagingPublicBaseURL: 'https://granite-chat-api-staging.apps.example.com',
  productionPublicBaseURL: 'https://granite-chat-api.apps.example.com',
  issuerEndpointSecretName: 'oidc-issuer-ai-realm',
  issuerUrl: 'https://sso.example.com/realms/ai-realm',
  corsAllowOrigin: 'https://app.example.com',
  upstreamTimeoutSeconds: 300,
  providerAccountSecretName: 'tenant',
};

function render(overrides: Partial<ThreescaleProductProps> = {}) {
  const chart = Testing.chart();
  const product = new ThreescaleProduct(chart, 'Product', { ...PROPS, ...overrides });
  const [object] = Testing.synth(chart);
  return { product, object };
}

describe('ThreescaleProduct', () => {
  test('GIVEN self-managed APIcast WHEN rendered THEN both public base URLs are set', () => {
    const { object } = render();
    expect(object.spec.deployment.apicastSelfManaged.stagingPublicBaseURL).toBe('https://granite-chat-api-staging.apps.example.com');
    expect(object.spec.deployment.apicastSelfManaged.productionPublicBaseURL).toBe('https://granite-chat-api.apps.example.com');
  });

  test('authenticates with OIDC against the referenced issuer, never an inline issuerEndpoint', () => {
    const { object } = render();
    expect(object.spec.deployment.apicastSelfManaged.authentication).toEqual({
      oidc: {
        issuerType: 'keycloak',
        issuerEndpointRef: { name: 'oidc-issuer-ai-realm' },
        authenticationFlow: { standardFlowEnabled: true, implicitFlowEnabled: false, serviceAccountsEnabled: true, directAccessGrantsEnabled: false },
        jwtClaimWithClientID: 'azp',
        jwtClaimWithClientIDType: 'plain',
        credentials: 'headers',
      },
    });
  });

  test('GIVEN hosted APIcast WHEN rendered THEN no public base URL is set', () => {
    const { object } = render({ deployment: 'apicastHosted', stagingPublicBaseURL: undefined, productionPublicBaseURL: undefined });
    expect(Object.keys(object.spec.deployment)).toEqual(['apicastHosted']);
    expect(object.spec.deployment.apicastHosted.authentication.oidc.issuerEndpointRef).toEqual({ name: 'oidc-issuer-ai-realm' });
  });

  test('fails when self-managed APIcast has no public base URL', () => {
    expect(() => render({ stagingPublicBaseURL: undefined })).toThrow(
      'ThreescaleProduct granite-chat-api: stagingPublicBaseURL and productionPublicBaseURL are required with apicastSelfManaged; pass both, or use apicastHosted',
    );
  });

  test('GIVEN a KServe model WHEN rendered THEN predict is the only method and POST /predict counts it', () => {
    const { object } = render();
    expect(object.spec.methods).toEqual({ predict: { friendlyName: 'Predict' } });
    expect(object.spec.mappingRules).toEqual([{ httpMethod: 'POST', pattern: '/predict', metricMethodRef: 'predict', increment: 1 }]);
  });

  test('GIVEN an OpenAI-compatible model WHEN rendered THEN the OpenAI calls are methods', () => {
    const { object } = render({ methods: OPENAI_METHODS });
    expect(Object.keys(object.spec.methods)).toEqual(['chat_completions', 'completions', 'embeddings', 'models']);
    expect(object.spec.mappingRules.map((r: { httpMethod: string; pattern: string }) => `${r.httpMethod} ${r.pattern}`)).toEqual([
      'POST /v1/chat/completions',
      'POST /v1/completions',
      'POST /v1/embeddings',
      'GET /v1/models',
    ]);
  });

  test('appends extra mapping rules after the built-in ones', () => {
    const { object } = render({
      metrics: { tokens: { friendlyName: 'Tokens', unit: 'token' } },
      mappingRules: [{ httpMethod: 'POST', pattern: '/predict$', metricMethodRef: 'tokens', increment: 100, last: true }],
    });
    expect(object.spec.mappingRules[1]).toEqual({ httpMethod: 'POST', pattern: '/predict$', metricMethodRef: 'tokens', increment: 100, last: true });
    expect(object.spec.metrics.tokens).toEqual({ friendlyName: 'Tokens', unit: 'token' });
  });

  test('renders what the operator writes back: systemName and the hits metric', () => {
    const { product, object } = render();
    expect(object.spec.systemName).toBe('granite-chat-api');
    expect(product.systemName).toBe('granite-chat-api');
    expect(object.spec.metrics.hits).toEqual({ friendlyName: 'Hits', unit: 'hit', description: 'Number of API hits' });
  });

  test('chains CORS, upstream timeouts, the issuer check and the built-in apicast policy, in that order', () => {
    const { object } = render({ upstreamTimeoutSeconds: 600 });
    expect(object.spec.policies).toEqual([
      {
        name: 'cors',
        version: 'builtin',
        enabled: true,
        configuration: { allow_origin: 'https://app.example.com', allow_headers: ['Authorization', 'Content-Type'], allow_methods: ['GET', 'POST', 'OPTIONS'], allow_credentials: false },
      },
      { name: 'upstream_connection', version: 'builtin', enabled: true, configuration: { connect_timeout: 10, send_timeout: 600, read_timeout: 600 } },
      expect.objectContaining({ name: 'jwt_claim_check', version: 'builtin', enabled: true }),
      { name: 'apicast', version: 'builtin', enabled: true, configuration: {} },
    ]);
  });

  test('GIVEN no CORS origin WHEN rendered THEN the chain has no CORS policy', () => {
    const { object } = render({ corsAllowOrigin: undefined });
    expect(object.spec.policies.map((p: { name: string }) => p.name)).toEqual(['upstream_connection', 'jwt_claim_check', 'apicast']);
  });

  test('renders plans with limits and leaves out empty lists', () => {
    const { object } = render();
    expect(object.spec.applicationPlans).toEqual({
      basic: { name: 'Basic', appsRequireApproval: false, limits: [{ period: 'minute', value: 60, metricMethodRef: { systemName: 'hits' } }], published: true },
    });
  });

  test('GIVEN a hidden plan WHEN rendered THEN published is false, written out because the CRD hides a plan by default', () => {
    const { object } = render({ plans: { basic: BASIC, internal: { ...BASIC, name: 'Internal', published: false } } });
    expect(object.spec.applicationPlans.basic.published).toBe(true);
    expect(object.spec.applicationPlans.internal.published).toBe(false);
  });

  test('renders pricing', () => {
    const premium: ApplicationPlan = { ...BASIC, name: 'Premium', costMonth: '100.00', setupFee: '5', pricingRules: [{ metricMethodRef: 'predict', from: 1, to: 1000, pricePerUnit: '0.01' }] };
    const { object } = render({ plans: { premium } });
    expect(object.spec.applicationPlans.premium).toMatchObject({
      costMonth: '100.00',
      setupFee: '5',
      pricingRules: [{ from: 1, to: 1000, pricePerUnit: '0.01', metricMethodRef: { systemName: 'predict' } }],
    });
  });

  test('uses the Backend at / by default', () => {
    expect(render().object.spec.backendUsages).toEqual({ 'granite-chat-backend': { path: '/' } });
    expect(render({ backendPath: '/granite' }).object.spec.backendUsages).toEqual({ 'granite-chat-backend': { path: '/granite' } });
  });

  test('exposes the rendered spec, as written to the cluster', () => {
    const { product, object } = render();
    expect(product.spec).toEqual(object.spec);
  });

  test('fails when a plan limits a method the model runtime does not offer', () => {
    const plan: ApplicationPlan = { ...BASIC, limits: [{ metricMethodRef: 'chat_completions', period: 'day', value: 10 }] };
    expect(() => render({ plans: { basic: plan } })).toThrow(
      'ThreescaleProduct granite-chat-api: plans.basic.limits[0].metricMethodRef "chat_completions" is not a metric or method of this model\'s runtime; use one of hits, predict',
    );
  });

  test('fails when a mapping rule counts a method the model runtime does not offer', () => {
    expect(() => render({ methods: OPENAI_METHODS, mappingRules: [{ httpMethod: 'POST', pattern: '/v2/x', metricMethodRef: 'predict', increment: 1 }] })).toThrow(
      'ThreescaleProduct granite-chat-api: mappingRules[0].metricMethodRef "predict" is not a metric or method of this model\'s runtime; use one of hits, chat_completions, completions, embeddings, models',
    );
  });
});

describe('ThreescaleProduct: the issuer in the spec (3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA reads issuerEndpointRef only on reconcile; product_controller.go watches only Products)', () => {
  test('GIVEN an issuer WHEN rendered THEN the policy chain checks the token\'s iss against it, before apicast', () => {
    const { object } = render();
    const names = object.spec.policies.map((p: { name: string }) => p.name);
    expect(names.indexOf('jwt_claim_check')).toBeLessThan(names.indexOf('apicast'));
    const check = object.spec.policies.find((p: { name: string }) => p.name === 'jwt_claim_check');
    expect(check.configuration.rules).toEqual([{
      resource: '/', resource_type: 'plain', methods: ['ANY'], combine_op: 'and',
      operations: [{ op: '==', jwt_claim: 'iss', jwt_claim_type: 'plain', value: 'https://sso.example.com/realms/ai-realm', value_type: 'plain' }],
    }]);
  });

  test('GIVEN another issuer WHEN rendered THEN the spec differs, so the operator reconciles and the promotion changes', () => {
    const before = render().product.spec;
    const after = render({ issuerUrl: 'https://sso.example.com/realms/other' }).product.spec;
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    expect(JSON.stringify(after.policies)).toContain('https://sso.example.com/realms/other');
  });

  test('GIVEN an issuer WHEN rendered THEN no credential is in the spec', () => {
    expect(JSON.stringify(render().object.spec)).not.toMatch(/:\/\/[^/]*@/);
  });
});

describe('ThreescaleProduct: path rewrites (3scale/APIcast gateway/src/apicast/mapping_rule.lua@3scale-2.15.1-GA matches ^<pattern>)', () => {
  const rewrite = () => {
    const { object } = render({ pathRewrites: [{ from: '/predict', to: '/v1/models/iris:predict' }] });
    const command = object.spec.policies.find((p: { name: string }) => p.name === 'url_rewriting').configuration.commands[0];
    return (path: string) => path.replace(new RegExp(command.regex), command.replace);
  };

  test('GIVEN /predict and /predict/ WHEN rewritten THEN both reach the model\'s predict path', () => {
    const to = rewrite();
    expect(to('/predict')).toBe('/v1/models/iris:predict');
    expect(to('/predict/')).toBe('/v1/models/iris:predict');
  });

  test('GIVEN another path WHEN rewritten THEN it is left alone', () => {
    expect(rewrite()('/v1/models')).toBe('/v1/models');
  });
});
