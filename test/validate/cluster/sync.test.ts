// The sync simulation: gitops-engine's order (pkg/sync/sync_tasks.go@4c6e03c46314: phase, wave, kind, name),
// wave completion on health (pkg/sync/sync_context.go@4c6e03c46314: Degraded fails the operation), health from
// the shipped checks, else argo-cd's resource_customizations@v2.13.9, else gitops-engine pkg/health@4c6e03c46314;
// what controllers create and report from lib/upstream/controller-effects.ts.
import { formatClusterReport, modelEnvironment } from '../../../lib/validate/cluster';
import { syncOrder } from '../../../lib/validate/cluster/sync';
import { toClusterObject } from '../../../lib/validate/cluster/world';
import { at, baseTree, findingsOf, manifestsOf } from './fixture';

/** The 3scale check the environments shipped before issue 14 (a Failed condition is Degraded). */
const FAILED_IS_DEGRADED = `hs = {}
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.status == "True" and c.type == "Failed" then hs.status = "Degraded"; hs.message = c.message; return hs end
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.status == "True" and (c.type == "Ready" or c.type == "Synced") then hs.status = "Healthy"; hs.message = c.type; return hs end
  end
end
hs.status = "Progressing"
hs.message = "waiting for the operator"
return hs`;

/** The legacy Keycloak check the environments shipped before issue 14 (phase failing is Degraded). */
const FAILING_IS_DEGRADED = `hs = {}
if obj.status ~= nil then
  if obj.status.ready == true then hs.status = "Healthy"; hs.message = "ready"; return hs end
  if obj.status.phase == "failing" then hs.status = "Degraded"; hs.message = obj.status.message or "failing"; return hs end
end
hs.status = "Progressing"
hs.message = "waiting"
return hs`;

function withChecks(tree: Map<string, any>, checks: { group: string; kind: string; check: string }[]): Map<string, any> {
  tree.set('argocd/argocd.yaml', { apiVersion: 'argoproj.io/v1beta1', kind: 'ArgoCD', metadata: { name: 'openshift-gitops', namespace: 'openshift-gitops' }, spec: { resourceHealthChecks: checks } });
  return tree;
}

test('objects are ordered by phase, wave, kind (listed kinds first) and name', () => {
  const tree = baseTree();
  at(tree, 'gateway/promote.yaml').metadata.annotations['argocd.argoproj.io/hook'] = 'PreSync';
  const order = syncOrder(manifestsOf(tree).map(toClusterObject).filter((o) => !o.path.startsWith('argocd/')));
  expect(order.map((o) => `${o.manifest.kind}/${o.manifest.name}`)).toEqual([
    'ProxyConfigPromote/granite-api-1',
    'Namespace/maas-3scale', 'Namespace/maas-models', 'Namespace/maas-sso', 'OperatorGroup/maas-3scale', 'OperatorGroup/maas-sso',
    'Subscription/3scale-operator', 'Subscription/rhsso-operator',
    'NetworkPolicy/allow-gateway-to-models', 'KeycloakClient/3scale-zync', 'KeycloakRealm/ai-realm', 'Keycloak/keycloak', 'ServingRuntime/vllm',
    'InferenceService/granite', 'Backend/granite-backend', 'ExternalSecret/oidc-issuer',
    'Product/granite-api', 'Route/granite-api-production', 'Route/granite-api-staging',
  ]);
});

test('an object waiting for a Secret a controller creates in a later wave stops the first sync there', () => {
  const tree = baseTree();
  at(tree, 'gateway/externalsecret.yaml').metadata.annotations['argocd.argoproj.io/sync-wave'] = '1';
  expect(findingsOf(tree)).toEqual([
    'ExternalSecret/maas-3scale/oidc-issuer cluster-sync-order: first sync stops at wave 1: ExternalSecret maas-3scale/oidc-issuer waits for Secret keycloak-client-secret-3scale-zync, created by KeycloakClient maas-sso/3scale-zync in wave 2; it is Degraded ("could not get secret data from provider")',
  ]);
  expect(formatClusterReport([modelEnvironment(manifestsOf(tree), { name: 'test' })])).toMatch(/\n {4}4 +1 Product, 2 Route +not reached\n/);
});

test('an object waiting for something nothing renders or creates stops the first sync', () => {
  const tree = baseTree();
  tree.delete('identity/client.yaml');
  expect(findingsOf(tree)).toEqual([
    'ExternalSecret/maas-3scale/oidc-issuer cluster-sync-missing: first sync stops at wave 3: ExternalSecret maas-3scale/oidc-issuer waits for Secret keycloak-client-secret-3scale-zync, which nothing renders or creates; it is Degraded ("could not get secret data from provider")',
  ]);
});

test('a hook waits like any object: a PostSync Job reading a Secret nobody creates', () => {
  const tree = baseTree();
  tree.set('smoke/job.yaml', {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'smoke', namespace: 'maas-sso', annotations: { 'argocd.argoproj.io/hook': 'PostSync' } },
    spec: { template: { spec: { containers: [{ name: 'smoke', image: 'x', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'missing', key: 'k' } } }] }] } } },
  });
  at(tree, 'argocd/appproject.yaml').spec.namespaceResourceWhitelist.push({ group: 'batch', kind: 'Job' });
  expect(findingsOf(tree)).toEqual([
    'Job/maas-sso/smoke cluster-sync-missing: first sync stops at PostSync wave 0: Job maas-sso/smoke waits for Secret maas-sso/missing, which nothing renders or creates; it stays Progressing ("")',
  ]);
});

test('a health check that calls a normal start-up status Degraded fails the sync until a retry', () => {
  const tree = withChecks(baseTree(), [{ group: 'keycloak.org', kind: 'KeycloakRealm', check: FAILING_IS_DEGRADED }]);
  expect(findingsOf(tree)).toEqual([
    'KeycloakRealm/maas-sso/ai-realm cluster-health-startup: while it starts, KeycloakRealm maas-sso/ai-realm reports {"phase":"failing","ready":false,"message":"error performing token request: connection refused"}, which its health check calls Degraded ("error performing token request: connection refused"): the sync fails and only a retry continues it',
  ]);
});

test('health checks shipped in argocd-cm never reach an operator-managed Argo CD', () => {
  const tree = baseTree();
  tree.set('argocd/argocd-cm.yaml', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'openshift-gitops' }, data: { 'resource.customizations.health.keycloak.org_Keycloak': 'hs = {}\nhs.status = "Healthy"\nreturn hs' } });
  expect(findingsOf(tree)).toEqual([
    'ConfigMap/openshift-gitops/argocd-cm /data argocd-health-delivery: the OpenShift GitOps operator owns argocd-cm and replaces its data with what the ArgoCD resource says, so these health checks never reach Argo CD; deliver them as ArgoCD spec.resourceHealthChecks (argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.0)',
  ]);
});

test('a kind with no row in the table of controller effects is listed as not modelled, never passed silently', () => {
  const tree = baseTree();
  tree.set('extra/widget.yaml', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'maas-models', annotations: { 'argocd.argoproj.io/sync-wave': '2' } } });
  const report = modelEnvironment(manifestsOf(tree), { name: 'test' });
  expect(report.firstSync.notModelled).toEqual(['example.com/Widget']);
  expect(formatClusterReport([report])).toContain('    not modelled (no row in lib/upstream/controller-effects.ts): example.com/Widget');
});

describe('update syncs', () => {
  const checks = [{ group: 'capabilities.3scale.net', kind: 'ProxyConfigPromote', check: FAILED_IS_DEGRADED }];

  test('a plan-only change with a new promotion ends "no product changes detected": Degraded under a check that calls Failed Degraded', () => {
    const after = withChecks(baseTree(), checks);
    at(after, 'gateway/product.yaml').spec.applicationPlans.basic.limits[0].value = 61;
    at(after, 'gateway/promote.yaml').metadata.name = 'granite-api-2';
    expect(findingsOf(withChecks(baseTree(), checks), { updates: [{ change: 'a plan limit', manifests: manifestsOf(after) }] })).toEqual([
      // The same check also calls the first promotion's start-up ("product CR is not ready") Degraded.
      'ProxyConfigPromote/maas-3scale/granite-api-1 cluster-health-startup: while it starts, ProxyConfigPromote maas-3scale/granite-api-1 reports {"productId":"","latestProductionVersion":0,"latestStagingVersion":0,"conditions":[{"type":"Ready","status":"False"},{"type":"Failed","status":"True","message":"product CR is not ready"}]}, which its health check calls Degraded ("product CR is not ready"): the sync fails and only a retry continues it',
      'ProxyConfigPromote/maas-3scale/granite-api-2 cluster-health-final: update sync after a change of a plan limit stops at wave 5: ProxyConfigPromote maas-3scale/granite-api-2 is Degraded (": Invalid value: \"\": cannot promote to staging as no product changes detected. Delete this proxyConfigPromote CR, then introduce changes to configuration, and then create a new proxyConfigPromote CR")',
    ]);
  });

  test('a proxy change with a new promotion completes', () => {
    const after = withChecks(baseTree(), checks);
    at(after, 'gateway/product.yaml').spec.deployment.apicastSelfManaged.productionPublicBaseURL = 'https://granite-api.apps.test.example.com/v2';
    at(after, 'gateway/promote.yaml').metadata.name = 'granite-api-2';
    const report = modelEnvironment(manifestsOf(withChecks(baseTree(), checks)), { name: 'test', updates: [{ change: 'a public URL', manifests: manifestsOf(after) }] });
    expect(report.updateSyncs[0].result.steps.map((s) => s.outcome)).toEqual(['passes', 'passes']);
  });

  test('a Secret that changes under an unchanged reader that does not watch it never takes effect', () => {
    const after = baseTree();
    at(after, 'gateway/externalsecret.yaml').spec.target.template.data.issuerEndpoint = 'https://3scale-zync:x@sso.apps.test.example.com/auth/realms/ai-realm';
    expect(findingsOf(baseTree(), { updates: [{ change: 'the issuer host', manifests: manifestsOf(after) }] })).toEqual([
      'Product/maas-3scale/granite-api cluster-update-unwatched: update sync after a change of the issuer host: Secret maas-3scale/oidc-issuer changes (ExternalSecret maas-3scale/oidc-issuer changed) but Product maas-3scale/granite-api does not, and 3scale-operator does not watch Secret maas-3scale/oidc-issuer: the change never takes effect (3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA)',
    ]);
  });
});
