import type { RenderedFile } from '../../lib/validate';
import { fileName, toYaml } from '../../lib/render';

/** A Kubernetes object literal. */
export type Fixture = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; [key: string]: unknown }; [key: string]: unknown };

/** The object as a rendered file of `environment`, named as lib/render names it. */
export function rendered(object: Fixture, environment = 'prod', chart = 'fixtures'): RenderedFile {
  return {
    path: `dist/${environment}/${chart}/${fileName(object.kind, object.metadata.name, object.metadata.namespace)}`,
    environment,
    text: toYaml(object),
  };
}

/** A deep copy to mutate in a test. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

const DIGEST = 'sha256:' + 'a'.repeat(64);
const NS = 'maas-models';

export const route: Fixture = {
  apiVersion: 'route.openshift.io/v1',
  kind: 'Route',
  metadata: { name: 'granite-chat', namespace: NS },
  spec: {
    host: 'granite-chat.apps.prod.maas.example.com',
    port: { targetPort: 8080 },
    tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    to: { kind: 'Service', name: 'granite-chat-predictor', weight: 100 },
  },
};

export const service: Fixture = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'granite-chat-metrics', namespace: NS },
  spec: { ports: [{ name: 'metrics', port: 8080, targetPort: 'metrics' }], selector: { app: 'granite-chat' } },
};

export const networkPolicy: Fixture = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'models-ingress', namespace: NS },
  spec: {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'maas-3scale' } } }] }],
  },
};

export const inferenceService: Fixture = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: { name: 'granite-chat', namespace: NS, annotations: { 'serving.kserve.io/deploymentMode': 'RawDeployment' } },
  spec: {
    predictor: {
      minReplicas: 1,
      model: {
        modelFormat: { name: 'vLLM' },
        runtime: 'vllm-runtime',
        storageUri: 'oci://quay.io/example/granite@' + DIGEST,
        resources: { requests: { cpu: '2', memory: '16Gi' }, limits: { cpu: 4, memory: '24Gi', 'nvidia.com/gpu': '1' } },
      },
    },
  },
};

export const servingRuntime: Fixture = {
  apiVersion: 'serving.kserve.io/v1alpha1',
  kind: 'ServingRuntime',
  metadata: { name: 'vllm-runtime', namespace: NS },
  spec: {
    supportedModelFormats: [{ name: 'vLLM', autoSelect: true }],
    multiModel: false,
    containers: [{ name: 'kserve-container', image: 'quay.io/modh/vllm@' + DIGEST, args: ['--port=8080'], ports: [{ containerPort: 8080, protocol: 'TCP' }] }],
  },
};

export const job: Fixture = {
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'seed-model', namespace: NS, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
  spec: {
    backoffLimit: 2,
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [{ name: 'seed', image: 'registry.access.redhat.com/ubi9/ubi-minimal@' + DIGEST, resources: { limits: { cpu: 1, memory: '256Mi' } } }],
      },
    },
  },
};

export const secret: Fixture = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'granite-chat-token', namespace: NS },
  type: 'Opaque',
};

/** The Secret the realm import's placeholder reads (ref-secret-creator): an empty one stands for any creator. */
export const portalSecret: Fixture = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'portal-client', namespace: 'maas-keycloak' },
  type: 'Opaque',
};

export const keycloakRealm: Fixture = {
  apiVersion: 'keycloak.org/v1alpha1',
  kind: 'KeycloakRealm',
  metadata: { name: 'maas', namespace: 'maas-sso', labels: { realm: 'maas' } },
  spec: { instanceSelector: { matchLabels: { app: 'sso' } }, realm: { realm: 'maas', enabled: true } },
};

export const keycloakClient: Fixture = {
  apiVersion: 'keycloak.org/v1alpha1',
  kind: 'KeycloakClient',
  metadata: { name: 'maas-portal', namespace: 'maas-sso' },
  spec: {
    realmSelector: { matchLabels: { realm: 'maas' } },
    client: {
      clientId: 'maas-portal',
      publicClient: false,
      redirectUris: ['https://portal.apps.prod.maas.example.com/callback'],
      webOrigins: ['https://portal.apps.prod.maas.example.com'],
    },
  },
};

export const realmImport: Fixture = {
  apiVersion: 'k8s.keycloak.org/v2alpha1',
  kind: 'KeycloakRealmImport',
  metadata: { name: 'maas', namespace: 'maas-keycloak' },
  spec: {
    keycloakCRName: 'keycloak',
    placeholders: { PORTAL_SECRET: { secret: { name: 'portal-client', key: 'secret' } } },
    realm: {
      realm: 'maas',
      enabled: true,
      clients: [{
        clientId: 'maas-portal',
        secret: '${PORTAL_SECRET}',
        redirectUris: ['https://portal.apps.prod.maas.example.com/callback'],
        webOrigins: ['https://portal.apps.prod.maas.example.com'],
      }],
    },
  },
};

export const backend: Fixture = {
  apiVersion: 'capabilities.3scale.net/v1beta1',
  kind: 'Backend',
  metadata: { name: 'granite-chat', namespace: 'maas-3scale' },
  spec: { name: 'granite-chat', systemName: 'granite_chat', privateBaseURL: 'http://granite-chat-predictor.maas-models.svc.cluster.local:8080' },
};

export const product: Fixture = {
  apiVersion: 'capabilities.3scale.net/v1beta1',
  kind: 'Product',
  metadata: { name: 'granite-chat', namespace: 'maas-3scale' },
  spec: { name: 'granite-chat', systemName: 'granite_chat', backendUsages: { granite_chat: { path: '/' } } },
};

export const promote: Fixture = {
  apiVersion: 'capabilities.3scale.net/v1beta1',
  kind: 'ProxyConfigPromote',
  metadata: { name: 'granite-chat', namespace: 'maas-3scale' },
  spec: { productCRName: 'granite-chat', production: true },
};

export const application: Fixture = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'prod-serving', namespace: 'openshift-gitops' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://github.com/example-org/maas-gitops.git', targetRevision: 'release', path: 'dist/prod/serving' },
    destination: { server: 'https://kubernetes.default.svc', namespace: NS },
  },
};

/** Every fixture above, each valid against its schema and every rule in prod. */
export const ALL: readonly Fixture[] = [
  route, service, networkPolicy, inferenceService, servingRuntime, job, secret, portalSecret,
  keycloakRealm, keycloakClient, realmImport, backend, product, promote, application,
];
