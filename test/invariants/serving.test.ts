import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEnvironments } from '../../lib/config/load';
import { renderEnvironments } from '../../lib/render';

/** Invariants of the serving chart over every shipped environment, rendered afresh. */

const ROOT = join(__dirname, '..', '..');
const environments = loadEnvironments(join(ROOT, 'environments'), ROOT);
const tree = renderEnvironments(environments);

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec: any;
}

function servingObjects(env: string): Manifest[] {
  return [...tree].filter(([file]) => file.startsWith(`${env}/serving/`)).map(([, text]) => parse(text) as Manifest);
}

const names = environments.map((e) => e.name);

describe.each(names)('serving in %s', (env) => {
  const objects = servingObjects(env);
  const isvcs = objects.filter((o) => o.kind === 'InferenceService');

  test('serves at least one model', () => {
    expect(isvcs.length).toBeGreaterThan(0);
  });

  test('every model namespace has the NetworkPolicy that admits the gateway', () => {
    const gatewayNamespace = environments.find((e) => e.name === env)!.gateway.operator.namespace;
    for (const namespace of new Set(isvcs.map((o) => o.metadata.namespace))) {
      const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace);
      expect(policy?.spec.podSelector).toEqual({});
      expect(policy?.spec.ingress[0].from).toContainEqual({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': gatewayNamespace } } });
    }
  });

  test('every Route has TLS edge or reencrypt with HTTP redirected', () => {
    for (const route of objects.filter((o) => o.kind === 'Route')) {
      expect(['edge', 'reencrypt']).toContain(route.spec.tls?.termination);
      expect(route.spec.tls.insecureEdgeTerminationPolicy).toBe('Redirect');
    }
  });

  test('every Route leads to a token gate that requires a token of the environment\'s realm', () => {
    const issuer = `/realms/${environments.find((e) => e.name === env)!.identity.realm.name}`;
    for (const route of objects.filter((o) => o.kind === 'Route')) {
      const gate = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === route.metadata.namespace && o.metadata.name === route.spec.to.name);
      const envoy = parse((gate as unknown as { data: Record<string, string> }).data['envoy.yaml']);
      const jwt = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[0].typed_config;
      expect(jwt.providers.realm.issuer).toMatch(new RegExp(`^https://.+${issuer}$`));
      expect(jwt.rules).toEqual([{ match: { prefix: '/' }, requires: { provider_name: 'realm' } }]);
    }
  });

  test('no predictor Service is the target of a Route', () => {
    for (const route of objects.filter((o) => o.kind === 'Route')) expect(route.spec.to.name).not.toMatch(/-predictor$/);
  });

  test('every predictor has CPU and memory requests and limits', () => {
    for (const isvc of isvcs) {
      const { requests, limits } = isvc.spec.predictor.model.resources;
      expect(Object.keys(requests)).toEqual(expect.arrayContaining(['cpu', 'memory']));
      expect(Object.keys(limits)).toEqual(expect.arrayContaining(['cpu', 'memory']));
    }
  });

  test('every InferenceService names its deployment mode and shows in the dashboard', () => {
    for (const isvc of isvcs) {
      expect(['RawDeployment', 'Serverless', 'ModelMesh']).toContain(isvc.metadata.annotations?.['serving.kserve.io/deploymentMode']);
      expect((isvc.metadata as { labels?: Record<string, string> }).labels?.['opendatahub.io/dashboard']).toBe('true');
    }
  });

  test('the committed dist/<env>/serving is what the environment renders', () => {
    const dir = join(ROOT, 'dist', env, 'serving');
    const committed = new Map(readdirSync(dir).sort().map((f) => [`${env}/serving/${f}`, readFileSync(join(dir, f), 'utf8')]));
    const rendered = new Map([...tree].filter(([file]) => file.startsWith(`${env}/serving/`)));
    expect([...committed.keys()]).toEqual([...rendered.keys()]);
    for (const [file, text] of rendered) expect({ file, text: committed.get(file) }).toEqual({ file, text });
  });
});

describe('the shipped environments together', () => {
  const all = names.flatMap((env) => servingObjects(env));

  test('show internal and Route exposure', () => {
    const routed = all.filter((o) => o.kind === 'Route').length;
    const isvcs = all.filter((o) => o.kind === 'InferenceService').length;
    expect(routed).toBeGreaterThan(0);
    expect(isvcs).toBeGreaterThan(routed);
  });

  test('show at least two deployment modes', () => {
    const modes = new Set(all.filter((o) => o.kind === 'InferenceService').map((o) => o.metadata.annotations?.['serving.kserve.io/deploymentMode']));
    expect(modes.size).toBeGreaterThanOrEqual(2);
  });
});
