import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { parse as parseYaml } from 'yaml';
import { buildCharts, synthesizeCharts } from '../../lib/charts';
import { loadEnvironments } from '../../lib/config/load';
import type { Environment } from '../../lib/config/schema';
import { proxyConfigurationInput, specHash } from '../../lib/constructs/proxy-config-promote';
import { fileName, renderEnvironments, toYaml } from '../../lib/render';

/** Invariants over the gateway objects of every shipped environment, rendered afresh. */

const ROOT = join(__dirname, '..', '..');
const ENVIRONMENTS = loadEnvironments(join(ROOT, 'environments'), ROOT);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = any;

function build(env: Environment) {
  const charts = buildCharts(new App(), env);
  const { identity, gateway } = charts;
  // As rendered: synthesized once, with the sync policy's annotations.
  const objects: Manifest[] = synthesizeCharts(charts).find(({ chart }) => chart === gateway)!.objects;
  const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
  return { identity: identity.outputs, gateway, objects, ofKind };
}

/** Every metric and method system name a Product or Backend defines. */
function definedRefs(spec: Manifest): string[] {
  return [...Object.keys(spec.metrics ?? {}), ...Object.keys(spec.methods ?? {})];
}

describe.each(ENVIRONMENTS.map((env) => [env.name, env] as const))('gateway of %s', (_name, env) => {
  const { identity, gateway, objects, ofKind } = build(env);

  test('every model has a Backend, a Product and a promotion of that Product', () => {
    for (const model of env.models) {
      expect(ofKind('Backend').map((o) => o.metadata.name)).toContain(`${model.name}-backend`);
      expect(ofKind('Product').map((o) => o.metadata.name)).toContain(`${model.name}-api`);
      expect(ofKind('ProxyConfigPromote').map((o) => o.spec.productCRName)).toContain(`${model.name}-api`);
    }
  });

  test('every mapping rule, limit and price names a metric or method that exists', () => {
    for (const object of [...ofKind('Product'), ...ofKind('Backend')]) {
      const defined = definedRefs(object.spec);
      const refs: string[] = [
        ...(object.spec.mappingRules ?? []).map((r: Manifest) => r.metricMethodRef),
        ...Object.values(object.spec.applicationPlans ?? {}).flatMap((plan: Manifest) => [
          ...(plan.limits ?? []).map((l: Manifest) => l.metricMethodRef.systemName),
          ...(plan.pricingRules ?? []).map((r: Manifest) => r.metricMethodRef.systemName),
        ]),
      ];
      expect(refs.filter((ref) => !defined.includes(ref))).toEqual([]);
      expect(refs.length).toBeGreaterThan(0);
    }
  });

  test('no two mapping rules of an object match the same call', () => {
    for (const object of [...ofKind('Product'), ...ofKind('Backend')]) {
      const calls = object.spec.mappingRules.map((r: Manifest) => `${r.httpMethod} ${r.pattern}`);
      expect(new Set(calls).size).toBe(calls.length);
    }
  });

  test('no Product carries an inline issuerEndpoint', () => {
    for (const product of ofKind('Product')) {
      expect(JSON.stringify(product)).not.toContain('"issuerEndpoint"');
    }
  });

  test("every Product's OIDC issuer is the realm of the environment's identity outputs", () => {
    for (const product of ofKind('Product')) {
      const [deployment] = Object.values(product.spec.deployment) as Manifest[];
      const ref = deployment.authentication.oidc.issuerEndpointRef.name;
      const secret = objects.find((o) => o.kind === 'ExternalSecret' && o.spec.target.name === ref && o.metadata.namespace === product.metadata.namespace);
      const template: string = secret.spec.target.template.data.issuerEndpoint;
      const [, credentials, rest] = /^https:\/\/([^@]+)@(.*)$/.exec(template) ?? [];
      expect(`https://${rest}`).toBe(identity.issuerUrl);
      expect(credentials.split(':')[0]).toBe(identity.gatewayClientId);
      expect(secret.spec.data[0].remoteRef.key).toBe(identity.gatewayClientSecretName);
      expect(deployment.authentication.oidc.jwtClaimWithClientID).toBe('azp');
    }
  });

  test('each promotion is named after the hash of its Product\'s proxy configuration, and targets production only where the environment says so', () => {
    for (const product of ofKind('Product')) {
      const promote = ofKind('ProxyConfigPromote').find((p) => p.spec.productCRName === product.metadata.name);
      const backends = Object.keys(product.spec.backendUsages).map((name) => ofKind('Backend').find((b) => b.metadata.name === name).spec);
      expect(promote.metadata.name).toBe(`${product.metadata.name}-${specHash(proxyConfigurationInput(product.spec, backends))}`);
      expect(promote.spec).toEqual({ productCRName: product.metadata.name, production: env.gateway.promoteToProduction, deleteCR: false });
    }
  });

  test('consumers call the production gateway only where the environment promotes to production', () => {
    for (const api of gateway.apis) {
      expect(api.gatewayURL).toBe(env.gateway.promoteToProduction ? api.productionPublicBaseURL : api.stagingPublicBaseURL);
    }
  });

  test('renders no Secret and no credentials', () => {
    expect(ofKind('Secret')).toEqual([]);
    for (const object of objects.filter((o) => o.kind !== 'ExternalSecret')) expect(JSON.stringify(object)).not.toMatch(/"(token|adminURL|stringData|password)"/);
    // An ExternalSecret holds templates only: every value is filled in the cluster.
    for (const object of ofKind('ExternalSecret')) {
      const data = (object.spec as { target: { template: { data: Record<string, string> } } }).target.template.data;
      for (const value of Object.values(data)) expect(value).toMatch(/\{\{ *\.[A-Za-z]+( \| urlquery)? *\}\}/);
    }
  });

  test('the committed dist/ gateway files are what the environment renders', () => {
    const tree = renderEnvironments([env]);
    for (const object of objects) {
      const file = `${env.name}/gateway/${fileName(object.kind, object.metadata.name, object.metadata.namespace)}`;
      expect(readFileSync(join(ROOT, 'dist', file), 'utf8')).toBe(tree.get(file));
      expect(parseYaml(tree.get(file) ?? '')).toEqual(parseYaml(toYaml(object)));
    }
  });
});

test('prod promotes to production', () => {
  const prod = ENVIRONMENTS.find((e) => e.stage === 'prod');
  expect(prod?.gateway.promoteToProduction).toBe(true);
});

describe('promotion names', () => {
  const [env] = ENVIRONMENTS;
  const promotions = (e: Environment) => build(e).ofKind('ProxyConfigPromote').map((o) => o.metadata.name);

  test('stay the same when nothing in the Product spec changes', () => {
    const changed: Environment = { ...env, gateway: { ...env.gateway, operator: { ...env.gateway.operator, channel: 'other-channel' } } };
    expect(promotions(changed)).toEqual(promotions(env));
  });

  test('change when the Product spec changes', () => {
    const changed: Environment = { ...env, gateway: { ...env.gateway, upstreamTimeoutSeconds: env.gateway.upstreamTimeoutSeconds + 1 } };
    const before = promotions(env);
    const after = promotions(changed);
    expect(after.length).toBe(before.length);
    after.forEach((name, i) => expect(name).not.toBe(before[i]));
  });
});
