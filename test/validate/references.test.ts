import { formatFinding, readManifests } from '../../lib/validate';
import { checkReferences, selects } from '../../lib/validate/references';
import {
  application, backend, copy, inferenceService, keycloakClient, keycloakRealm, product, promote, rendered, route, service,
  type Fixture,
} from './fixtures';

/** Reference findings over `objects` in prod; `folders` are the repository's folders. */
function referenceErrors(objects: readonly Fixture[], folders: readonly string[] = ['dist/prod/serving']): string[] {
  const { manifests } = readManifests(objects.map((o) => rendered(o)));
  return checkReferences(manifests, {
    isFolder: (path) => folders.includes(path),
    ownRepoURLs: ['https://github.com/example-org/maas-gitops.git'],
  }).map(formatFinding);
}

test('every reference resolves among the fixtures', () => {
  expect(referenceErrors([backend, product, promote, keycloakRealm, keycloakClient, inferenceService, route, application])).toEqual([]);
});

describe('ref-product-backend', () => {
  test('fails for a backendUsages key that no Backend systemName matches', () => {
    const p = copy(product);
    (p.spec as any).backendUsages = { granite_chat: { path: '/' }, llama_chat: { path: '/llama' } };
    expect(referenceErrors([backend, p])).toEqual([
      'dist/prod/fixtures/product.maas-3scale.granite-chat.yaml:12:5 Product/maas-3scale/granite-chat /spec/backendUsages/llama_chat: ref-product-backend: no Backend in namespace "maas-3scale" has spec.systemName "llama_chat"; known: granite_chat',
    ]);
  });

  test('a Backend without systemName is known by its name without non-alphanumerics, in any case', () => {
    const b = copy(backend);
    delete (b.spec as any).systemName;
    (b.spec as any).name = 'Granite Chat';
    const p = copy(product);
    (p.spec as any).backendUsages = { GraniteChat: { path: '/' } };
    expect(referenceErrors([b, p])).toEqual([]);
  });

  test('a Backend in another namespace does not count', () => {
    const b = copy(backend);
    b.metadata.namespace = 'elsewhere';
    expect(referenceErrors([b, product])).toEqual([
      'dist/prod/fixtures/product.maas-3scale.granite-chat.yaml:10:5 Product/maas-3scale/granite-chat /spec/backendUsages/granite_chat: ref-product-backend: no Backend in namespace "maas-3scale" has spec.systemName "granite_chat"',
    ]);
  });
});

describe('ref-promote-product', () => {
  test('fails for a productCRName that names no Product', () => {
    const p = copy(promote);
    (p.spec as any).productCRName = 'granite';
    expect(referenceErrors([backend, product, p])).toEqual([
      'dist/prod/fixtures/proxyconfigpromote.maas-3scale.granite-chat.yaml:7:3 ProxyConfigPromote/maas-3scale/granite-chat /spec/productCRName: ref-promote-product: no Product named "granite" in namespace "maas-3scale"',
    ]);
  });
});

describe('ref-client-realm', () => {
  test('fails for a realmSelector that selects no KeycloakRealm', () => {
    const c = copy(keycloakClient);
    (c.spec as any).realmSelector = { matchLabels: { realm: 'other' } };
    expect(referenceErrors([keycloakRealm, c])).toEqual([
      'dist/prod/fixtures/keycloakclient.maas-sso.maas-portal.yaml:7:3 KeycloakClient/maas-sso/maas-portal /spec/realmSelector: ref-client-realm: selects no KeycloakRealm in namespace "maas-sso"; label the realm with {"realm":"other"} or fix the selector',
    ]);
  });

  test('label selectors follow Kubernetes semantics', () => {
    const labels = { realm: 'maas', tier: 'prod' };
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { realm: 'maas' } }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['prod'] }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['prod'] }] }, labels)).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, labels)).toBe(false);
  });
});

describe('ref-route-service', () => {
  test('an InferenceService provides <name>-predictor; a rendered Service counts too', () => {
    const r = copy(route);
    (r.spec as any).alternateBackends = [{ kind: 'Service', name: 'granite-chat-metrics', weight: 0 }];
    expect(referenceErrors([inferenceService, service, r])).toEqual([]);
  });

  test('fails for a Service that is neither rendered nor a predictor', () => {
    const r = copy(route);
    (r.spec as any).to.name = 'granite-chat';
    expect(referenceErrors([inferenceService, r])).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:15:5 Route/maas-models/granite-chat /spec/to/name: ref-route-service: no Service "granite-chat" in namespace "maas-models" (rendered Services and InferenceService "<name>-predictor" Services count)',
    ]);
  });

  test('apicast-staging and apicast-production exist where Products are: the APIManager creates them (3scale-operator apicast.go@3scale-2.15.1-GA)', () => {
    const r = copy(route);
    (r.metadata as any).namespace = (product.metadata as any).namespace;
    (r.spec as any).to.name = 'apicast-production';
    expect(referenceErrors([backend, product, r])).toEqual([]);
    expect(referenceErrors([r])).toHaveLength(1);
  });
});

describe('ref-application-path', () => {
  test('fails for a path that is not a folder of the repository', () => {
    const a = copy(application);
    (a.spec as any).source.path = 'dist/prod/servng';
    expect(referenceErrors([a])).toEqual([
      'dist/prod/fixtures/application.openshift-gitops.prod-serving.yaml:11:5 Application/openshift-gitops/prod-serving /spec/source/path: ref-application-path: "dist/prod/servng" is not a folder of this repository; Argo CD would find nothing to sync (paths are relative to the repository root)',
    ]);
  });

  test('fails for a path that leaves the repository', () => {
    const a = copy(application);
    (a.spec as any).source.path = '../dist/prod/serving';
    expect(referenceErrors([a])).toHaveLength(1);
  });

  test('checks each of spec.sources, and only sources from this repository', () => {
    const a = copy(application);
    delete (a.spec as any).source;
    (a.spec as any).sources = [
      { repoURL: 'https://github.com/example-org/maas-gitops.git', path: 'dist/prod/serving/' },
      { repoURL: 'https://github.com/example-org/maas-gitops.git', path: 'dist/prod/identity' },
      { repoURL: 'https://github.com/other/charts.git', path: 'charts/anything' },
    ];
    expect(referenceErrors([a])).toEqual([
      expect.stringContaining('/spec/sources/1/path: ref-application-path: "dist/prod/identity" is not a folder of this repository'),
    ]);
  });
});

describe('ref-secret-creator', () => {
  const developerUser: Fixture = {
    apiVersion: 'capabilities.3scale.net/v1beta1',
    kind: 'DeveloperUser',
    metadata: { name: 'ai-client', namespace: 'maas-3scale' },
    spec: {
      developerAccountRef: { name: 'ai-client' },
      username: 'ai-client',
      email: 'ai@example.com',
      passwordCredentialsRef: { name: 'ai-client-password', namespace: 'maas-3scale' },
      providerAccountRef: { name: 'threescale-provider-account' },
    },
  };
  const generated: Fixture = {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'ai-client-password', namespace: 'maas-3scale' },
    spec: {
      target: { name: 'ai-client-password' },
      dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'ai-client-password' } } }],
    },
  };
  const smokeJob: Fixture = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'maas-smoke', namespace: 'maas-sso' },
    spec: { template: { spec: { containers: [{ name: 'smoke', image: 'node', env: [{ name: 'MAAS_LOOKUP_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'keycloak-client-secret-3scale-zync', key: 'CLIENT_SECRET' } } }] }] } } },
  };
  const zyncClient: Fixture = {
    apiVersion: 'keycloak.org/v1alpha1',
    kind: 'KeycloakClient',
    metadata: { name: '3scale-zync', namespace: 'maas-sso' },
    spec: { realmSelector: { matchLabels: {} }, client: { clientId: '3scale-zync' } },
  };
  const ruleOnly = (errors: string[]) => errors.filter((e) => e.includes('ref-secret-creator'));

  test('GIVEN a generated password and the documented tenant Secret WHEN checked THEN nothing is reported', () => {
    expect(ruleOnly(referenceErrors([developerUser, generated]))).toEqual([]);
  });

  test('fails when a DeveloperUser reads a password Secret that nothing creates', () => {
    expect(ruleOnly(referenceErrors([developerUser]))).toEqual([
      'dist/prod/fixtures/developeruser.maas-3scale.ai-client.yaml:12:5 DeveloperUser/maas-3scale/ai-client /spec/passwordCredentialsRef/name: ref-secret-creator: ' +
        'Secret "ai-client-password" in namespace "maas-3scale" is created by nothing in this environment and is no documented prerequisite; ' +
        "generate it in the cluster (GeneratedSecret), pull it from the environment's SecretStore (ExternalSecret), or render the object whose operator writes it",
    ]);
  });

  test('GIVEN the KeycloakClient the RH-SSO operator writes the Secret for WHEN a Job reads that Secret THEN nothing is reported', () => {
    expect(ruleOnly(referenceErrors([smokeJob, zyncClient]))).toEqual([]);
  });

  test('fails when a Job reads a Secret that nothing creates, naming the field', () => {
    expect(ruleOnly(referenceErrors([smokeJob]))).toHaveLength(1);
    expect(ruleOnly(referenceErrors([smokeJob]))[0]).toContain(
      'Job/maas-sso/maas-smoke /spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name: ref-secret-creator: Secret "keycloak-client-secret-3scale-zync" in namespace "maas-sso" is created by nothing',
    );
  });

  test('GIVEN a Secret created in another namespace WHEN a Job reads one of that name THEN it is reported: a Pod reads its own namespace only', () => {
    const elsewhere = { ...zyncClient, metadata: { ...zyncClient.metadata, namespace: 'other' } };
    expect(ruleOnly(referenceErrors([smokeJob, elsewhere]))).toHaveLength(1);
  });
});
