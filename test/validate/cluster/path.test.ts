// The request path per model. Services per deployment mode: opendatahub-io/kserve
// pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22 (RawDeployment:
// headless), opendatahub-operator istio-local-gateway.yaml (Serverless: the predictor host is mesh-only),
// modelmesh-serving modelmesh_service.go (ModelMesh: modelmesh-serving, 8033 from the controller); the
// NetworkPolicies odh-model-controller adds: controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22;
// Routes of hosted APIcast only: 3scale/zync; the router's default timeout: openshift/router haproxy-config.template.
import { toYaml } from '../../../lib/render';
import { modelEnvironment } from '../../../lib/validate/cluster';
import { at, baseTree, findingsOf, manifestsOf } from './fixture';

test('a headless RawDeployment Service: the URL port must be the container port', () => {
  const tree = baseTree();
  at(tree, 'gateway/backend.yaml').spec.privateBaseURL = 'http://granite-predictor.maas-models.svc.cluster.local';
  expect(findingsOf(tree)).toEqual([
    'Backend/maas-3scale/granite-backend /spec/privateBaseURL cluster-path-port: path of granite, backend http://granite-predictor.maas-models.svc.cluster.local:80: Service granite-predictor (created by InferenceService granite) is headless, so APIcast (namespace maas-3scale) connects to the pod on port 80, where nothing listens (the runtime listens on 8080)',
  ]);
});

test('a URL naming no rendered or created Service', () => {
  const tree = baseTree();
  at(tree, 'gateway/backend.yaml').spec.privateBaseURL = 'http://granite.maas-models.svc.cluster.local:8080';
  expect(findingsOf(tree)).toEqual([
    'Backend/maas-3scale/granite-backend /spec/privateBaseURL cluster-path-name: path of granite, backend http://granite.maas-models.svc.cluster.local:8080: no Service granite.maas-models is rendered or created by a controller (RawDeployment)',
  ]);
});

describe('Serverless', () => {
  const serverless = (url: string) => {
    const tree = baseTree();
    at(tree, 'serving/isvc.yaml').metadata.annotations['serving.kserve.io/deploymentMode'] = 'Serverless';
    at(tree, 'gateway/backend.yaml').spec.privateBaseURL = url;
    return tree;
  };
  const isolation = [
    'InferenceService/maas-models/granite cluster-path-isolation: path of granite: a data-science project (opendatahub.io/dashboard=true) reaches the model pods on 8080: NetworkPolicy allow-from-opendatahub-ns (created by kserve-controller-manager (opendatahub-io/kserve), odh-model-controller, modelmesh-controller); NetworkPolicies only add, so a policy of ours cannot take that back. Move Serverless models to a namespace of their own (RawDeployment models stay gateway-only), and acknowledge what OpenShift AI opens for them with networkIsolation: openshift-ai-serverless-default in the environment file',
  ];

  test('the <isvc>-predictor host leads to the mesh-only local gateway', () => {
    expect(findingsOf(serverless('http://granite-predictor.maas-models.svc.cluster.local'))).toEqual([
      'Backend/maas-3scale/granite-backend /spec/privateBaseURL cluster-path-tls: path of granite, backend http://granite-predictor.maas-models.svc.cluster.local:80: Service granite-predictor (created by InferenceService granite) leads to knative-local-gateway, which accepts only mesh clients (ISTIO_MUTUAL); APIcast (namespace maas-3scale) is not in the mesh. Use the address KServe reports in status.address.url (https://granite.maas-models.svc.cluster.local)',
      ...isolation,
    ]);
  });

  test('status.address.url is served over https without the mesh; the ODH policies still open the namespace', () => {
    expect(findingsOf(serverless('https://granite.maas-models.svc.cluster.local'))).toEqual(isolation);
  });

  test('acknowledged in the environment file (networkIsolation: openshift-ai-serverless-default): no finding, an isolation hop in the path table', () => {
    const tree = serverless('https://granite.maas-models.svc.cluster.local');
    at(tree, 'serving/isvc.yaml').metadata.annotations['maas-gitops/network-isolation'] = 'openshift-ai-serverless-default';
    expect(findingsOf(tree)).toEqual([]);
    const path = modelEnvironment(manifestsOf(tree), { name: 'test' }).paths.find((p) => p.model === 'maas-models/granite');
    expect(path?.hops.find((h) => h.hop === 'isolation')).toEqual({
      hop: 'isolation', target: 'a data-science project -> Serverless pods of granite', port: '8080', tls: '-',
      admittedBy: 'NetworkPolicy allow-from-opendatahub-ns (created by kserve-controller-manager (opendatahub-io/kserve), odh-model-controller, modelmesh-controller) (acknowledged: networkIsolation: openshift-ai-serverless-default)',
    });
  });

  test('https spoken to an http port is a TLS finding', () => {
    expect(findingsOf(serverless('http://granite.maas-models.svc.cluster.local:443'))[0]).toBe(
      'Backend/maas-3scale/granite-backend /spec/privateBaseURL cluster-path-tls: path of granite, backend http://granite.maas-models.svc.cluster.local:443: Service granite speaks https on 443, the URL says http');
  });
});

test('a public base URL no Route serves (self-managed APIcast gets no Routes from zync)', () => {
  const tree = baseTree();
  tree.delete('gateway/route.staging.yaml');
  expect(findingsOf(tree)).toEqual([
    'Product/maas-3scale/granite-api /spec/deployment/apicastSelfManaged/stagingPublicBaseURL cluster-path-name: path of granite, gateway (staging): no Route serves granite-api-staging.apps.test.example.com; zync creates Routes only for apicastHosted (3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA)',
  ]);
});

test("a Route without a timeout closes long calls after the router's 30 s", () => {
  const tree = baseTree();
  delete at(tree, 'gateway/route.production.yaml').metadata.annotations['haproxy.router.openshift.io/timeout'];
  expect(findingsOf(tree)).toEqual([
    'Route/maas-3scale/granite-api-production /metadata/annotations cluster-path-timeout: path of granite, gateway (production): the router closes the connection after 30 s (its default) while the Product waits up to 300 s upstream; set haproxy.router.openshift.io/timeout (openshift/router images/router/haproxy/conf/haproxy-config.template@release-4.16)',
  ]);
});

test('a NetworkPolicy that does not admit the gateway namespace', () => {
  const tree = baseTree();
  at(tree, 'serving/policy.yaml').spec.ingress[0].from[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'] = 'maas-gateway';
  expect(findingsOf(tree)).toEqual([
    'InferenceService/maas-models/granite cluster-path-policy: path of granite, backend http://granite-predictor.maas-models.svc.cluster.local:8080: no NetworkPolicy in maas-models admits APIcast (namespace maas-3scale) on port 8080',
  ]);
});

test('a NetworkPolicy that admits every namespace lets any namespace reach the model', () => {
  const tree = baseTree();
  at(tree, 'serving/policy.yaml').spec.ingress.push({ from: [{ namespaceSelector: {} }] });
  expect(findingsOf(tree)).toEqual([
    'InferenceService/maas-models/granite cluster-path-isolation: path of granite: a data-science project (opendatahub.io/dashboard=true) reaches the model pods on 8080: NetworkPolicy allow-gateway-to-models; NetworkPolicies only add, so a policy of ours cannot take that back. Narrow the NetworkPolicy that admits it',
    'InferenceService/maas-models/granite cluster-path-isolation: path of granite: any other namespace (no labels) reaches the model pods on 8080: NetworkPolicy allow-gateway-to-models; NetworkPolicies only add, so a policy of ours cannot take that back. Narrow the NetworkPolicy that admits it',
  ]);
});

test('ModelMesh: the controller must reach the runtime pods on 8033', () => {
  const tree = baseTree();
  at(tree, 'serving/isvc.yaml').metadata.annotations['serving.kserve.io/deploymentMode'] = 'ModelMesh';
  at(tree, 'gateway/backend.yaml').spec.privateBaseURL = 'http://modelmesh-serving.maas-models.svc.cluster.local:8008';
  expect(findingsOf(tree)).toEqual([
    'InferenceService/maas-models/granite cluster-path-policy: path of granite: no NetworkPolicy in maas-models admits the ModelMesh controller (namespace redhat-ods-applications) on 8033 (kserve/modelmesh-serving pkg/mmesh/modelmesh_service.go@v0.12.0)',
  ]);
});

test('an RHBK Keycloak with a realm import and no database never has the realm', () => {
  const tree = baseTree();
  tree.set('identity/rhbk.yaml', { apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'Keycloak', metadata: { name: 'rhbk', namespace: 'maas-sso', annotations: { 'argocd.argoproj.io/sync-wave': '2' } }, spec: { instances: 1, hostname: { hostname: 'sso.apps.test.example.com' } } });
  tree.set('identity/import.yaml', { apiVersion: 'k8s.keycloak.org/v2alpha1', kind: 'KeycloakRealmImport', metadata: { name: 'ai-realm', namespace: 'maas-sso', annotations: { 'argocd.argoproj.io/sync-wave': '2' } }, spec: { keycloakCRName: 'rhbk', realm: { realm: 'ai-realm' } } });
  at(tree, 'argocd/appproject.yaml').spec.namespaceResourceWhitelist.push({ group: 'k8s.keycloak.org', kind: '*' });
  expect(findingsOf(tree)).toEqual([
    'Keycloak/maas-sso/rhbk /spec cluster-path-realm: path of granite, token: Keycloak has no spec.db, so it runs on its in-pod dev-file database and KeycloakRealmImport ai-realm imports into the import Job\'s own copy: the realm never exists in the server (keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@26.0.0)',
  ]);
  at(tree, 'identity/rhbk.yaml').spec.db = { vendor: 'postgres', host: 'db' };
  expect(findingsOf(tree)).toEqual([]);
});

test('an issuer host no Route serves', () => {
  const tree = baseTree();
  at(tree, 'gateway/externalsecret.yaml').spec.target.template.data.issuerEndpoint = 'https://3scale-zync:x@sso.example.com/auth/realms/ai-realm';
  expect(findingsOf(tree)).toEqual(['Product/maas-3scale/granite-api cluster-path-name: path of granite, token: no Route serves the issuer host sso.example.com']);
});

test('a token gate: its upstream port and where it fetches the keys', () => {
  const tree = baseTree();
  const cluster = (name: string, address: string, port: number, tls: boolean) => ({
    name, type: 'STRICT_DNS', load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address, port_value: port } } } }] }] },
    ...(tls ? { transport_socket: { name: 'envoy.transport_sockets.tls' } } : {}),
  });
  tree.set('serving/gate.yaml', {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'granite-token-gate', namespace: 'maas-models', labels: { 'app.kubernetes.io/instance': 'granite' }, annotations: { 'argocd.argoproj.io/sync-wave': '2' } },
    data: { 'envoy.yaml': toYaml({ static_resources: { clusters: [cluster('predictor', 'granite-predictor.maas-models.svc.cluster.local', 80, false), cluster('realm', 'keycloak-maas-sso.apps.test.example.com', 443, true)] } }) },
  });
  at(tree, 'argocd/appproject.yaml').spec.namespaceResourceWhitelist.push({ group: '', kind: 'ConfigMap' });
  expect(findingsOf(tree)).toEqual([
    'ConfigMap/maas-models/granite-token-gate /data/envoy.yaml cluster-path-port: path of granite, token gate granite-token-gate cluster predictor http://granite-predictor.maas-models.svc.cluster.local:80: Service granite-predictor (created by InferenceService granite) is headless, so token gate granite-token-gate connects to the pod on port 80, where nothing listens (the runtime listens on 8080)',
    'InferenceService/maas-models/granite cluster-path-policy: path of granite, token gate granite-token-gate cluster predictor http://granite-predictor.maas-models.svc.cluster.local:80: no NetworkPolicy in maas-models admits token gate granite-token-gate on port 80',
    "ConfigMap/maas-models/granite-token-gate /data/envoy.yaml cluster-path-tls: path of granite, token gate granite-token-gate cluster realm: reaches keycloak-maas-sso.apps.test.example.com through the router; on a cluster with the default ingress certificate the router's CA is not in the injected trusted bundle, so the fetch fails and every call gets 401: use the in-cluster Service with the service CA",
  ]);
});
