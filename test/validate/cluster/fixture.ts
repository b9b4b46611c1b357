// A small environment of its own ("test") that the cluster model passes: one RawDeployment model behind the
// gateway, RH-SSO identity, waves in an order where nothing waits on a later wave. Each rule's test mutates
// a copy and asserts the exact finding. Independent of the shipped environments.
import { toYaml } from '../../../lib/render';
import { readManifests } from '../../../lib/validate';
import type { Manifest } from '../../../lib/validate/manifests';
import { type ClusterEnvironment, modelEnvironment } from '../../../lib/validate/cluster';

type Json = Record<string, any>;

const wave = (n: number, extra: Record<string, string> = {}) => ({ 'argocd.argoproj.io/sync-wave': String(n), ...extra });

/** Path below `dist/test/` -> object. */
export function baseTree(): Map<string, Json> {
  const objects: [string, Json][] = [
    ['argocd/application.yaml', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'maas-test', namespace: 'openshift-gitops' },
      spec: {
        project: 'maas-test',
        destination: { server: 'https://kubernetes.default.svc', namespace: 'maas-models' },
        source: { repoURL: 'https://github.com/example-org/maas-gitops.git', path: 'dist/test', targetRevision: 'main', directory: { recurse: true, exclude: 'argocd/*' } },
      },
    }],
    ['argocd/appproject.yaml', {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'maas-test', namespace: 'openshift-gitops' },
      spec: {
        sourceRepos: ['https://github.com/example-org/maas-gitops.git'],
        destinations: ['maas-3scale', 'maas-models', 'maas-sso'].map((namespace) => ({ server: 'https://kubernetes.default.svc', namespace })),
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
        namespaceResourceWhitelist: [
          { group: 'operators.coreos.com', kind: '*' }, { group: 'keycloak.org', kind: '*' }, { group: 'external-secrets.io', kind: 'ExternalSecret' },
          { group: 'capabilities.3scale.net', kind: '*' }, { group: 'serving.kserve.io', kind: '*' }, { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
          { group: 'route.openshift.io', kind: 'Route' },
        ],
      },
    }],
    ...['maas-sso', 'maas-3scale', 'maas-models'].map((name): [string, Json] => [`ns/${name}.yaml`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations: wave(0) } }]),
    ...[['maas-sso', 'rhsso-operator'], ['maas-3scale', '3scale-operator']].flatMap(([namespace, name]): [string, Json][] => [
      [`olm/og.${namespace}.yaml`, { apiVersion: 'operators.coreos.com/v1', kind: 'OperatorGroup', metadata: { name: namespace, namespace, annotations: wave(0) }, spec: { targetNamespaces: [namespace] } }],
      [`olm/sub.${namespace}.yaml`, { apiVersion: 'operators.coreos.com/v1alpha1', kind: 'Subscription', metadata: { name, namespace, annotations: wave(1) }, spec: { channel: 'stable', name, source: 'redhat-operators', sourceNamespace: 'openshift-marketplace', installPlanApproval: 'Automatic' } }],
    ]),
    ['identity/keycloak.yaml', { apiVersion: 'keycloak.org/v1alpha1', kind: 'Keycloak', metadata: { name: 'keycloak', namespace: 'maas-sso', labels: { app: 'keycloak' }, annotations: wave(2) }, spec: { externalAccess: { enabled: true }, instances: 1 } }],
    ['identity/realm.yaml', { apiVersion: 'keycloak.org/v1alpha1', kind: 'KeycloakRealm', metadata: { name: 'ai-realm', namespace: 'maas-sso', labels: { realm: 'ai-realm' }, annotations: wave(2) }, spec: { instanceSelector: { matchLabels: { app: 'keycloak' } }, realm: { realm: 'ai-realm', enabled: true } } }],
    ['identity/client.yaml', { apiVersion: 'keycloak.org/v1alpha1', kind: 'KeycloakClient', metadata: { name: '3scale-zync', namespace: 'maas-sso', annotations: wave(2) }, spec: { realmSelector: { matchLabels: { realm: 'ai-realm' } }, client: { clientId: '3scale-zync' } } }],
    ['gateway/externalsecret.yaml', {
      apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'oidc-issuer', namespace: 'maas-3scale', annotations: wave(3) },
      spec: {
        secretStoreRef: { kind: 'ClusterSecretStore', name: 'maas-identity' },
        data: [{ secretKey: 'clientSecret', remoteRef: { key: 'keycloak-client-secret-3scale-zync', property: 'CLIENT_SECRET' } }],
        target: { name: 'oidc-issuer', template: { data: { issuerEndpoint: 'https://3scale-zync:{{ .clientSecret | urlquery }}@keycloak-maas-sso.apps.test.example.com/auth/realms/ai-realm' } } },
      },
    }],
    ['serving/runtime.yaml', { apiVersion: 'serving.kserve.io/v1alpha1', kind: 'ServingRuntime', metadata: { name: 'vllm', namespace: 'maas-models', annotations: wave(2) }, spec: { containers: [{ name: 'kserve-container', image: 'quay.io/modh/vllm@sha256:0', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } }],
    ['serving/policy.yaml', {
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-gateway-to-models', namespace: 'maas-models', annotations: wave(2) },
      spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'maas-3scale' } } }] }] },
    }],
    ['serving/isvc.yaml', {
      apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService',
      metadata: { name: 'granite', namespace: 'maas-models', annotations: wave(3, { 'serving.kserve.io/deploymentMode': 'RawDeployment' }) },
      spec: { predictor: { model: { modelFormat: { name: 'vLLM' }, runtime: 'vllm', storageUri: 'oci://registry.example.com/granite:1' } } },
    }],
    ['gateway/backend.yaml', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Backend', metadata: { name: 'granite-backend', namespace: 'maas-3scale', annotations: wave(3) }, spec: { name: 'granite', systemName: 'granite-backend', privateBaseURL: 'http://granite-predictor.maas-models.svc.cluster.local:8080' } }],
    ['gateway/product.yaml', {
      apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Product', metadata: { name: 'granite-api', namespace: 'maas-3scale', annotations: wave(4) },
      spec: {
        name: 'granite API', systemName: 'granite-api', backendUsages: { 'granite-backend': { path: '/' } },
        applicationPlans: { basic: { name: 'Basic', limits: [{ metricMethodRef: { systemName: 'hits' }, period: 'minute', value: 60 }] } },
        deployment: { apicastSelfManaged: {
          authentication: { oidc: { issuerType: 'keycloak', issuerEndpointRef: { name: 'oidc-issuer' } } },
          productionPublicBaseURL: 'https://granite-api.apps.test.example.com', stagingPublicBaseURL: 'https://granite-api-staging.apps.test.example.com',
        } },
        policies: [{ name: 'upstream_connection', version: 'builtin', enabled: true, configuration: { connect_timeout: 10, read_timeout: 300, send_timeout: 300 } }],
      },
    }],
    ...[['production', 'granite-api.apps.test.example.com'], ['staging', 'granite-api-staging.apps.test.example.com']].map(([which, host]): [string, Json] => [`gateway/route.${which}.yaml`, {
      apiVersion: 'route.openshift.io/v1', kind: 'Route',
      metadata: { name: `granite-api-${which}`, namespace: 'maas-3scale', annotations: wave(4, { 'haproxy.router.openshift.io/timeout': '300s' }) },
      spec: { host, to: { kind: 'Service', name: `apicast-${which}` }, port: { targetPort: 'gateway' }, tls: { termination: 'edge' } },
    }]),
    ['gateway/promote.yaml', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'ProxyConfigPromote', metadata: { name: 'granite-api-1', namespace: 'maas-3scale', annotations: wave(5) }, spec: { productCRName: 'granite-api' } }],
  ];
  return new Map(objects);
}

/** The object at `path` of a tree, for a test to mutate. */
export function at(tree: Map<string, Json>, path: string): Json {
  const object = tree.get(path);
  if (!object) throw new Error(`no ${path} in the fixture`);
  return object;
}

/** A tree as the validator reads it: `dist/test/<path>`. */
export function manifestsOf(tree: ReadonlyMap<string, Json>, env = 'test', prefix = 'dist'): Manifest[] {
  return readManifests([...tree].map(([path, object]) => ({ path: `${prefix}/${env}/${path}`, environment: env, text: toYaml(object) }))).manifests;
}

/** The cluster model's findings over a tree, as `npm run validate` prints them (without file positions). */
export function findingsOf(tree: ReadonlyMap<string, Json>, options: Partial<ClusterEnvironment> = {}): string[] {
  return modelEnvironment(manifestsOf(tree), { name: 'test', ...options }).findings.map((f) => `${f.object} ${f.pointer ? `${f.pointer} ` : ''}${f.rule}: ${f.message}`);
}
