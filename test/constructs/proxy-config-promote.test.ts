import { Testing } from 'cdk8s';
import { canonicalJson, ProxyConfigPromote, specHash } from '../../lib/constructs/proxy-config-promote';

function render(productSpec: unknown, production?: boolean) {
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

  test('keeps its name while the spec is unchanged, whatever the key order', () => {
    expect(render({ a: 1, b: { c: 2, d: 3 } }).promote.name).toBe(render({ b: { d: 3, c: 2 }, a: 1 }).promote.name);
  });

  test('changes its name when the spec changes', () => {
    expect(render({ a: 1 }).promote.name).not.toBe(render({ a: 2 }).promote.name);
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
