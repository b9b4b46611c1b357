import { formatFinding, POLICY_RULES, readManifests } from '../../lib/validate';
import { checkPolicies, PASSTHROUGH_REASON_ANNOTATION } from '../../lib/validate/policy';
import {
  copy, inferenceService, job, keycloakClient, keycloakRealm, networkPolicy, realmImport, rendered, route, secret,
  servingRuntime, type Fixture,
} from './fixtures';
import { distFiles } from './helpers';

const SUBSCRIPTION: Fixture = {
  apiVersion: 'operators.coreos.com/v1alpha1',
  kind: 'Subscription',
  metadata: { name: 'rhsso-operator', namespace: 'maas-sso' },
  spec: {
    channel: 'stable', installPlanApproval: 'Manual', name: 'rhsso-operator', source: 'redhat-operators',
    sourceNamespace: 'openshift-marketplace', startingCSV: 'rhsso-operator.7.6.11-opr-002',
  },
};

/** Every policy finding over `objects` rendered into the `stage` environment. */
function policyErrors(objects: readonly Fixture[], stage = 'prod'): string[] {
  const { manifests } = readManifests(objects.map((o) => rendered(o, stage)));
  return checkPolicies(manifests, { name: stage, stage }).map(formatFinding);
}

const R = 'dist/prod/fixtures/route.maas-models.granite-chat.yaml';

test('every rule passes on the committed dist/ (each environment at its stage)', () => {
  const { manifests } = readManifests(distFiles());
  for (const stage of ['dev', 'staging', 'prod']) {
    expect(checkPolicies(manifests.filter((m) => m.environment === stage), { name: stage, stage }).map(formatFinding)).toEqual([]);
  }
});

test('every rule passes vacuously when no object of its kind exists', () => {
  expect(policyErrors([])).toEqual([]);
});

test('rule ids are unique', () => {
  const ids = POLICY_RULES.map((rule) => rule.id);
  expect(new Set(ids).size).toBe(ids.length);
});

describe('route-tls', () => {
  test('fails for a Route without spec.tls', () => {
    const r = copy(route);
    delete (r.spec as any).tls;
    expect(policyErrors([r])).toEqual([
      `${R}:6:1 Route/maas-models/granite-chat /spec/tls: route-tls: the Route has no spec.tls; set tls.termination to edge or reencrypt`,
    ]);
  });
});

describe('route-passthrough-reason', () => {
  test('fails for passthrough without the reason annotation', () => {
    const r = copy(route);
    (r.spec as any).tls = { termination: 'passthrough' };
    expect(policyErrors([r])).toEqual([
      `${R}:11:5 Route/maas-models/granite-chat /spec/tls/termination: route-passthrough-reason: passthrough termination needs the annotation maas-gitops/passthrough-reason saying why the router must not terminate TLS; otherwise use edge or reencrypt`,
    ]);
  });

  test('passes for passthrough with a reason', () => {
    const r = copy(route);
    (r.spec as any).tls = { termination: 'passthrough' };
    r.metadata.annotations = { [PASSTHROUGH_REASON_ANNOTATION]: 'the model server does mutual TLS itself' };
    expect(policyErrors([r])).toEqual([]);
  });
});

describe('route-insecure-allow', () => {
  test('fails for insecureEdgeTerminationPolicy: Allow', () => {
    const r = copy(route);
    (r.spec as any).tls.insecureEdgeTerminationPolicy = 'Allow';
    expect(policyErrors([r])).toEqual([
      `${R}:12:5 Route/maas-models/granite-chat /spec/tls/insecureEdgeTerminationPolicy: route-insecure-allow: "Allow" serves plain http; use "Redirect" or "None"`,
    ]);
  });
});

describe('secret-data', () => {
  test('fails for a Secret with data and with stringData', () => {
    const s = copy(secret);
    s.data = { token: 'c2VjcmV0' };
    s.stringData = { token: 'secret' };
    const file = 'dist/prod/fixtures/secret.maas-models.granite-chat-token.yaml';
    expect(policyErrors([s])).toEqual([
      `${file}:7:1 Secret/maas-models/granite-chat-token /data: secret-data: a Secret in git must not hold data; create it with an ExternalSecret or let the operator generate it`,
      `${file}:9:1 Secret/maas-models/granite-chat-token /stringData: secret-data: a Secret in git must not hold stringData; create it with an ExternalSecret or let the operator generate it`,
    ]);
  });
});

describe('url-credentials', () => {
  test('fails for user:password@ in any string that parses as a URL, and masks the password', () => {
    const s = copy(servingRuntime);
    (s.spec as any).containers[0].env = [{ name: 'MODEL_URL', value: 'https://admin:hunter2@models.example.com/granite' }];
    expect(policyErrors([s])).toEqual([
      'dist/prod/fixtures/servingruntime.maas-models.vllm-runtime.yaml:21:11 ServingRuntime/maas-models/vllm-runtime /spec/containers/0/env/0/value: url-credentials: "https://admin:***@models.example.com/granite" carries credentials; reference a Secret instead of writing them into the URL',
    ]);
  });

  test('fails for a token as user name in an https URL', () => {
    const s = copy(servingRuntime);
    (s.spec as any).containers[0].env = [{ name: 'MODEL_URL', value: 'https://ghp_abc123@models.example.com/granite' }];
    expect(policyErrors([s])[0]).toContain('url-credentials: "https://ghp_abc123@models.example.com/granite" carries credentials');
  });

  test('passes for an @ outside a URL authority, and for an ssh user name', () => {
    const s = copy(servingRuntime);
    (s.spec as any).containers[0].env = [
      { name: 'OWNER', value: 'team@example.com' },
      { name: 'PATH', value: 'https://example.com/@models' },
      { name: 'REPO', value: 'ssh://git@github.com/example-org/models.git' },
    ];
    expect(policyErrors([s])).toEqual([]);
  });

  test('passes for a password that is only a template placeholder, filled from a Secret in the cluster', () => {
    const s = copy(servingRuntime);
    (s.spec as any).containers[0].env = [
      { name: 'ISSUER', value: 'https://3scale-zync:{{ .clientSecret | urlquery }}@sso.example.com/realms/ai-realm' },
      { name: 'UPSTREAM', value: 'https://user:${UPSTREAM_PASSWORD}@models.example.com' },
    ];
    expect(policyErrors([s])).toEqual([]);
  });
});

describe('client-secret', () => {
  test('fails for a KeycloakClient with spec.client.secret', () => {
    const c = copy(keycloakClient);
    (c.spec as any).client.secret = 's3cr3t';
    expect(policyErrors([c])).toEqual([
      'dist/prod/fixtures/keycloakclient.maas-sso.maas-portal.yaml:17:5 KeycloakClient/maas-sso/maas-portal /spec/client/secret: client-secret: a client secret must not be written in git; omit it and let the operator generate the client Secret',
    ]);
  });

  test('fails for a KeycloakRealmImport client secret that is not a ${...} placeholder', () => {
    const r = copy(realmImport);
    (r.spec as any).realm.clients[0].secret = 's3cr3t';
    expect(policyErrors([r])).toEqual([
      'dist/prod/fixtures/keycloakrealmimport.maas-keycloak.maas.yaml:18:9 KeycloakRealmImport/maas-keycloak/maas /spec/realm/clients/0/secret: client-secret: a client secret must not be written in git; use a ${...} placeholder filled from a Secret at import time',
    ]);
  });

  test('fails for a client secret in a legacy KeycloakRealm', () => {
    const r = copy(keycloakRealm);
    (r.spec as any).realm.clients = [{ clientId: 'x', secret: 's3cr3t' }];
    expect(policyErrors([r])).toEqual([
      'dist/prod/fixtures/keycloakrealm.maas-sso.maas.yaml:17:9 KeycloakRealm/maas-sso/maas /spec/realm/clients/0/secret: client-secret: a client secret must not be written in git; use a ${...} placeholder filled from a Secret at import time',
    ]);
  });
});

describe('redirect-uri', () => {
  const unsafe = (c: Fixture) => {
    (c.spec as any).client.redirectUris = ['*', 'http://portal.example.com/cb', 'https://localhost:8443/cb'];
    (c.spec as any).client.webOrigins = ['https://*.example.com'];
    return c;
  };
  const file = 'dist/prod/fixtures/keycloakclient.maas-sso.maas-portal.yaml';

  test('fails outside dev for a wildcard, plain http and localhost', () => {
    expect(policyErrors([unsafe(copy(keycloakClient))])).toEqual([
      `${file}:14:9 KeycloakClient/maas-sso/maas-portal /spec/client/redirectUris/0: redirect-uri: "*" is a wildcard outside dev (stage "prod"); use the application's exact https URL`,
      `${file}:15:9 KeycloakClient/maas-sso/maas-portal /spec/client/redirectUris/1: redirect-uri: "http://portal.example.com/cb" is plain http outside dev (stage "prod"); use the application's exact https URL`,
      `${file}:16:9 KeycloakClient/maas-sso/maas-portal /spec/client/redirectUris/2: redirect-uri: "https://localhost:8443/cb" points at localhost outside dev (stage "prod"); use the application's exact https URL`,
      `${file}:18:9 KeycloakClient/maas-sso/maas-portal /spec/client/webOrigins/0: redirect-uri: "https://*.example.com" is a wildcard outside dev (stage "prod"); use the application's exact https URL`,
    ]);
  });

  test('fails in a KeycloakRealmImport client too', () => {
    const r = copy(realmImport);
    (r.spec as any).realm.clients[0].webOrigins = ['http://localhost:3000'];
    expect(policyErrors([r], 'staging')).toEqual([
      'dist/staging/fixtures/keycloakrealmimport.maas-keycloak.maas.yaml:22:13 KeycloakRealmImport/maas-keycloak/maas /spec/realm/clients/0/webOrigins/0: redirect-uri: "http://localhost:3000" is plain http outside dev (stage "staging"); use the application\'s exact https URL',
    ]);
  });

  test('passes in dev', () => {
    expect(policyErrors([unsafe(copy(keycloakClient))], 'dev')).toEqual([]);
  });
});

describe('model-network-policy', () => {
  test('fails for an InferenceService in a namespace without a NetworkPolicy', () => {
    expect(policyErrors([inferenceService])).toEqual([
      'dist/prod/fixtures/inferenceservice.maas-models.granite-chat.yaml:5:3 InferenceService/maas-models/granite-chat /metadata/namespace: model-network-policy: namespace "maas-models" serves a model but has no NetworkPolicy; add one that admits only the gateway and the ingress controller',
    ]);
  });

  test('a NetworkPolicy in another namespace does not count', () => {
    const elsewhere = copy(networkPolicy);
    elsewhere.metadata.namespace = 'maas-3scale';
    expect(policyErrors([inferenceService, elsewhere])).toHaveLength(1);
  });
});

describe('predictor-resources', () => {
  const file = 'dist/prod/fixtures/inferenceservice.maas-models.granite-chat.yaml';

  test('fails for each missing request and limit of cpu and memory', () => {
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor.model.resources = { limits: { cpu: '4' } };
    expect(policyErrors([isvc, networkPolicy])).toEqual([
      `${file}:16:7 InferenceService/maas-models/granite-chat /spec/predictor/model/resources/requests/cpu: predictor-resources: set resources.requests.cpu: a predictor without it can starve its node or be evicted first`,
      `${file}:16:7 InferenceService/maas-models/granite-chat /spec/predictor/model/resources/requests/memory: predictor-resources: set resources.requests.memory: a predictor without it can starve its node or be evicted first`,
      `${file}:17:9 InferenceService/maas-models/granite-chat /spec/predictor/model/resources/limits/memory: predictor-resources: set resources.limits.memory: a predictor without it can starve its node or be evicted first`,
    ]);
  });

  test('checks custom predictor containers too', () => {
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor = { containers: [{ name: 'kserve-container', image: 'quay.io/x@sha256:' + 'b'.repeat(64) }] };
    expect(policyErrors([isvc, networkPolicy])).toHaveLength(4);
  });

  test('fails for a predictor with no model and no container', () => {
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor = { minReplicas: 1 };
    expect(policyErrors([isvc, networkPolicy])).toEqual([
      `${file}:9:3 InferenceService/maas-models/granite-chat /spec/predictor: predictor-resources: the predictor names no model or container to give resources to`,
    ]);
  });
});

describe('image-digest', () => {
  test('fails outside dev for images pinned by tag in a ServingRuntime, an InferenceService and a Job', () => {
    const runtime = copy(servingRuntime);
    (runtime.spec as any).containers[0].image = 'quay.io/modh/vllm:latest';
    const isvc = copy(inferenceService);
    (isvc.spec as any).predictor.containers = [{ name: 'c', image: 'quay.io/x:1', resources: (isvc.spec as any).predictor.model.resources }];
    const j = copy(job);
    (j.spec as any).template.spec.initContainers = [{ name: 'init', image: 'busybox' }];
    const message = (image: string) => `image-digest: "${image}" is not pinned by digest; outside dev (stage "prod") write image@sha256:<digest> so every cluster runs the same bytes`;
    expect(policyErrors([runtime, isvc, j, networkPolicy])).toEqual([
      `dist/prod/fixtures/servingruntime.maas-models.vllm-runtime.yaml:13:7 ServingRuntime/maas-models/vllm-runtime /spec/containers/0/image: ${message('quay.io/modh/vllm:latest')}`,
      `dist/prod/fixtures/inferenceservice.maas-models.granite-chat.yaml:26:9 InferenceService/maas-models/granite-chat /spec/predictor/containers/0/image: ${message('quay.io/x:1')}`,
      `dist/prod/fixtures/job.maas-models.seed-model.yaml:22:11 Job/maas-models/seed-model /spec/template/spec/initContainers/0/image: ${message('busybox')}`,
    ]);
  });

  test('passes in dev', () => {
    const runtime = copy(servingRuntime);
    (runtime.spec as any).containers[0].image = 'quay.io/modh/vllm:latest';
    expect(policyErrors([runtime], 'dev')).toEqual([]);
  });
});

describe('prod-subscription-pinned', () => {
  const file = 'dist/prod/fixtures/subscription.maas-sso.rhsso-operator.yaml';

  test('fails in prod for Automatic approval and a missing startingCSV', () => {
    const s = copy(SUBSCRIPTION);
    (s.spec as any).installPlanApproval = 'Automatic';
    delete (s.spec as any).startingCSV;
    expect(policyErrors([s])).toEqual([
      `${file}:8:3 Subscription/maas-sso/rhsso-operator /spec/installPlanApproval: prod-subscription-pinned: is "Automatic"; prod operator upgrades must be approved by a person: set installPlanApproval: Manual`,
      `${file}:6:1 Subscription/maas-sso/rhsso-operator /spec/startingCSV: prod-subscription-pinned: is missing; prod installs a known operator version: set startingCSV, e.g. "rhsso-operator.7.6.11-opr-002"`,
    ]);
  });

  test('passes in staging', () => {
    const s = copy(SUBSCRIPTION);
    (s.spec as any).installPlanApproval = 'Automatic';
    expect(policyErrors([s], 'staging')).toEqual([]);
  });
});

describe('sync-wave-string', () => {
  test('fails for a wave that is a number or not an integer', () => {
    const j = copy(job);
    (j.metadata as any).annotations['argocd.argoproj.io/sync-wave'] = 1;
    const r = copy(route);
    r.metadata.annotations = { 'argocd.argoproj.io/sync-wave': 'early' };
    expect(policyErrors([j, r, networkPolicy])).toEqual([
      'dist/prod/fixtures/job.maas-models.seed-model.yaml:7:5 Job/maas-models/seed-model /metadata/annotations/argocd.argoproj.io~1sync-wave: sync-wave-string: 1 is not a quoted integer; write it as a string, e.g. "1"',
      `${R}:7:5 Route/maas-models/granite-chat /metadata/annotations/argocd.argoproj.io~1sync-wave: sync-wave-string: "early" is not a quoted integer; write it as a string, e.g. "1"`,
    ]);
  });
});
