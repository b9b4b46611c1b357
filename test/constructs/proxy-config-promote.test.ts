import { Testing } from 'cdk8s';
import { PREDICT_METHODS, type ApplicationPlan } from '../../lib/config/gateway';
import { canonicalJson, proxyConfigurationInput, ProxyConfigPromote, specHash } from '../../lib/constructs/proxy-config-promote';
import { ThreescaleBackend } from '../../lib/constructs/threescale-backend';
import { ThreescaleProduct, type ThreescaleProductProps } from '../../lib/constructs/threescale-product';

function render(productSpec: Record<string, unknown>, production?: boolean) {
  const chart = Testing.chart();
  const promote = new ProxyConfigPromote(chart, 'Promote', { productCRName: 'granite-chat-api', namespace: 'apim', productSpec, production });
  const [object] = Testing.synth(chart);
  return { promote, object };
}

describe('ProxyConfigPromote', () => {
  test('GIVEN a Product spec WHEN rendered THEN the name is the product and 10 hex digits of its hash', () => {
    const { promote, object } = render({ name: 'granite-chat API' });
    expect(promote.name).toMatch(/^granite-chat-api-[0-9a-f]{10}$/);
    expect(object.metadata.name).toBe(promote.name);
  });

  test('keeps its name while the proxy configuration is unchanged, whatever the key order', () => {
    expect(render({ policies: [{ b: 1, a: { c: 2, d: 3 } }] }).promote.name).toBe(render({ policies: [{ a: { d: 3, c: 2 }, b: 1 }] }).promote.name);
  });

  test('changes its name when the proxy configuration changes', () => {
    expect(render({ mappingRules: [{ pattern: '/a' }] }).promote.name).not.toBe(render({ mappingRules: [{ pattern: '/b' }] }).promote.name);
  });

  test('hashes only the proxy-relevant fields of the Product and its Backends', () => {
    const input = proxyConfigurationInput(
      { name: 'n', description: 'd', applicationPlans: { basic: {} }, deployment: { x: 1 }, mappingRules: [], policies: [], backendUsages: {}, metrics: {}, methods: {}, providerAccountRef: { name: 't' } },
      [{ name: 'b', privateBaseURL: 'http://m', mappingRules: [], metrics: {}, methods: {}, providerAccountRef: { name: 't' } }],
    );
    expect(input).toEqual({
      product: { deployment: { x: 1 }, mappingRules: [], policies: [], backendUsages: {}, metrics: {}, methods: {} },
      backends: [{ privateBaseURL: 'http://m', mappingRules: [], metrics: {}, methods: {} }],
    });
  });

  test('promotes to staging only by default, and is never deleted by the operator', () => {
    const { object } = render({});
    expect(object.spec).toEqual({ productCRName: 'granite-chat-api', production: false, deleteCR: false });
  });

  test('promotes to production when asked', () => {
    expect(render({}, true).object.spec.production).toBe(true);
  });

  test('is applied after the Product (sync wave 1)', () => {
    expect(render({}).object.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
  });

  test('canonical JSON sorts keys at every level and keeps list order', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: null })).toBe('{"a":null,"b":[{"x":2,"y":1}]}');
    expect(specHash({})).toBe('44136fa355');
  });
});

describe('ProxyConfigPromote of a rendered Product and Backend', () => {
  const BASIC: ApplicationPlan = { name: 'Basic', appsRequireApproval: false, limits: [{ metricMethodRef: 'hits', period: 'minute', value: 60 }], pricingRules: [], published: true };
  const PRODUCT: ThreescaleProductProps = {
    name: 'iris-api', namespace: 'apim', friendlyName: 'iris API', description: 'Model iris', backendSystemName: 'iris-backend',
    methods: PREDICT_METHODS, plans: { basic: BASIC }, deployment: 'apicastSelfManaged',
    stagingPublicBaseURL: 'https://iris-api-staging.apps.example.com', productionPublicBaseURL: 'https://iris-api.apps.example.com',
    issuerEndpointSecretName: 'oidc-issuer-ai-realm', issuerUrl: 'https://sso.example.com/realms/ai-realm', upstreamTimeoutSeconds: 300, providerAccountSecretName: 'tenant',
  };
  function promotionName(product: Partial<ThreescaleProductProps> = {}, privateBaseURL = 'http://iris-predictor.models.svc.cluster.local'): string {
    const chart = Testing.chart();
    const backend = new ThreescaleBackend(chart, 'Backend', { name: 'iris-backend', namespace: 'apim', privateBaseURL, methods: PREDICT_METHODS, providerAccountSecretName: 'tenant' });
    const rendered = new ThreescaleProduct(chart, 'Product', { ...PRODUCT, ...product });
    return new ProxyConfigPromote(chart, 'Promote', { productCRName: rendered.name, namespace: 'apim', productSpec: rendered.spec, backendSpecs: [backend.spec] }).name;
  }

  // 3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA: a promotion
  // with no new proxy configuration version ends Failed "no product changes detected".
  test('GIVEN only a plan\'s limits and price change WHEN rendered THEN no new promotion is created', () => {
    const cheaper = { ...BASIC, costMonth: '10.00', limits: [{ metricMethodRef: 'hits', period: 'minute' as const, value: 600 }] };
    expect(promotionName({ plans: { basic: cheaper } })).toBe(promotionName());
  });

  test('GIVEN only the description changes WHEN rendered THEN no new promotion is created', () => {
    expect(promotionName({ description: 'Model iris, now documented' })).toBe(promotionName());
  });

  test('GIVEN the policies change WHEN rendered THEN a new promotion is created', () => {
    expect(promotionName({ upstreamTimeoutSeconds: 600 })).not.toBe(promotionName());
  });

  test('GIVEN the authentication changes WHEN rendered THEN a new promotion is created', () => {
    expect(promotionName({ issuerEndpointSecretName: 'oidc-issuer-other-realm' })).not.toBe(promotionName());
  });

  // Issue 15 item 8: the issuer sits in spec.policies (jwt_claim_check), which the promotion's hash reads.
  test('GIVEN the issuer changes (host or realm) WHEN rendered THEN a new promotion is created', () => {
    expect(promotionName({ issuerUrl: 'https://sso.example.com/realms/other-realm' })).not.toBe(promotionName());
  });

  test('GIVEN the model moves (the Backend\'s private URL) WHEN rendered THEN a new promotion is created', () => {
    expect(promotionName({}, 'http://iris-predictor.other.svc.cluster.local')).not.toBe(promotionName());
  });
});
