// Regression: the render before the fixes of issues 14 and 15 (test/fixtures/pre-fix/: dist/ at commit a1fbcd4
// and, per environment, that render after each everyday change) and the defects the cluster model reports on
// it, one group per point of the issues. What it does not cover, and why: docs/validation.md.
import { join } from 'node:path';
import { readTree } from '../../../lib/read-tree';
import { readManifests } from '../../../lib/validate';
import { modelEnvironment } from '../../../lib/validate/cluster';
import { ROOT } from '../helpers';

const FIXTURE = join(ROOT, 'test/fixtures/pre-fix');

/** Every finding of the cluster model on the fixture, as `<env> <object> <rule>: <message>`. */
function preFixFindings(): string[] {
  const files = [...readTree(join(FIXTURE, 'dist'))].filter(([f]) => f.endsWith('.yaml')).map(([f, text]) => ({ path: `dist/${f}`, environment: f.split('/')[0], text }));
  const { manifests } = readManifests(files);
  return ['dev', 'prod', 'staging'].flatMap((env) => {
    const updates = [...readTree(join(FIXTURE, 'updates', env))].map(([file, text]) => ({
      change: file.replace(/\.yaml$/, '').replace(/-/g, ' '),
      manifests: readManifests([{ path: `dist/${env}/${file}`, environment: env, text }]).manifests,
    }));
    return modelEnvironment(manifests.filter((m) => m.environment === env), { name: env, updates }).findings.map((f) => `${env} ${f.object} ${f.rule}: ${f.message}`);
  });
}

const all = preFixFindings();

const DEFECTS: [string, string[]][] = [
  ["14.1 Argo CD refuses the Application (no destination.namespace)", [
    "prod Application/openshift-gitops/maas-prod argocd-destination: application destination server 'https://kubernetes.default.svc' and namespace '' do not match any of the allowed destinations in project 'maas-prod'",
    "staging Application/openshift-gitops/maas-staging argocd-destination: application destination server 'https://kubernetes.default.svc' and namespace '' do not match any of the allowed destinations in project 'maas-staging'",
    "dev Application/openshift-gitops/maas-dev argocd-destination: application destination server 'https://kubernetes.default.svc' and namespace '' do not match any of the allowed destinations in project 'maas-dev'",
  ]],
  ["14.2 Prune=confirm does not exist in Argo CD 2.13", [
    "prod Product/maas-3scale/granite-chat-api argocd-sync-option: Argo CD 2.13 does not know the sync option \"Prune=confirm\" (argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314) and ignores it: the object is pruned without asking; use Prune=false where a person must decide",
    "staging KeycloakRealm/maas-sso/ai-realm argocd-sync-option: Argo CD 2.13 does not know the sync option \"Prune=confirm\" (argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314) and ignores it: the object is pruned without asking; use Prune=false where a person must decide",
    "dev Namespace/maas-keycloak argocd-sync-option: Argo CD 2.13 does not know the sync option \"Prune=confirm\" (argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314) and ignores it: the object is pruned without asking; use Prune=false where a person must decide",
  ]],
  ["14.3 the health checks vanish (argocd-cm rewritten by the operator)", [
    "prod ConfigMap/openshift-gitops/argocd-cm argocd-health-delivery: the OpenShift GitOps operator owns argocd-cm and replaces its data with what the ArgoCD resource says, so these health checks never reach Argo CD; deliver them as ArgoCD spec.resourceHealthChecks (argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.0)",
    "dev ConfigMap/openshift-gitops/argocd-cm argocd-health-delivery: the OpenShift GitOps operator owns argocd-cm and replaces its data with what the ArgoCD resource says, so these health checks never reach Argo CD; deliver them as ArgoCD spec.resourceHealthChecks (argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.0)",
  ]],
  ["14.4 health scripts call normal start-up Degraded", [
    "dev KeycloakRealmImport/maas-keycloak/ai-realm cluster-health-startup: while it starts, KeycloakRealmImport maas-keycloak/ai-realm reports {\"conditions\":[{\"type\":\"Done\",\"status\":\"False\",\"message\":\"\"},{\"type\":\"Started\",\"status\":\"False\",\"message\":\"\"},{\"type\":\"HasErrors\",\"status\":\"True\",\"message\":\"No existing Deployment found, waiting for it to be created\"}]}, which its health check calls Degraded (\"No existing Deployment found, waiting for it to be created\"): the sync fails and only a retry continues it",
    "staging KeycloakRealm/maas-sso/ai-realm cluster-health-startup: while it starts, KeycloakRealm maas-sso/ai-realm reports {\"phase\":\"failing\",\"ready\":false,\"message\":\"error performing token request: connection refused\"}, which its health check calls Degraded (\"error performing token request: connection refused\"): the sync fails and only a retry continues it",
    "prod KeycloakClient/maas-sso/3scale-zync cluster-health-startup: while it starts, KeycloakClient maas-sso/3scale-zync reports {\"phase\":\"failing\",\"ready\":false,\"message\":\"error performing token request: connection refused\"}, which its health check calls Degraded (\"error performing token request: connection refused\"): the sync fails and only a retry continues it",
    "prod ProxyConfigPromote/maas-3scale/iris-api-60f7865291 cluster-health-startup: while it starts, ProxyConfigPromote maas-3scale/iris-api-60f7865291 reports {\"productId\":\"\",\"latestProductionVersion\":0,\"latestStagingVersion\":0,\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"},{\"type\":\"Failed\",\"status\":\"True\",\"message\":\"product CR is not ready\"}]}, which its health check calls Degraded (\"product CR is not ready\"): the sync fails and only a retry continues it",
  ]],
  ["14.4 and 14.6 a promotion with no product changes ends Failed, which the shipped check calls Degraded", [
    "prod ProxyConfigPromote/maas-3scale/granite-chat-api-babe9de4de cluster-health-final: update sync after a change of a plan limit stops at wave 5: ProxyConfigPromote maas-3scale/granite-chat-api-babe9de4de is Degraded (\": Invalid value: \"\": cannot promote to production as no product changes detected. Delete this proxyConfigPromote CR, then introduce changes to configuration, and then create a new proxyConfigPromote CR\")",
    "staging ProxyConfigPromote/maas-3scale/iris-api-a2f75889d8 cluster-health-final: update sync after a change of a plan limit stops at wave 5: ProxyConfigPromote maas-3scale/iris-api-a2f75889d8 is Degraded (\": Invalid value: \"\": cannot promote to staging as no product changes detected. Delete this proxyConfigPromote CR, then introduce changes to configuration, and then create a new proxyConfigPromote CR\")",
  ]],
  ["14.5 the first sync deadlocks in staging and prod", [
    "staging ExternalSecret/maas-3scale/oidc-issuer-ai-realm cluster-sync-order: first sync stops at wave 2: ExternalSecret maas-3scale/oidc-issuer-ai-realm waits for Secret keycloak-client-secret-3scale-zync, created by KeycloakClient maas-sso/3scale-zync in wave 3; it is Degraded (\"could not get secret data from provider\")",
    "prod ExternalSecret/maas-3scale/oidc-issuer-ai-realm cluster-sync-order: first sync stops at wave 2: ExternalSecret maas-3scale/oidc-issuer-ai-realm waits for Secret keycloak-client-secret-3scale-zync, created by KeycloakClient maas-sso/3scale-zync in wave 3; it is Degraded (\"could not get secret data from provider\")",
  ]],
  ["14.7 the dev realm never exists (RHBK without spec.db)", [
    "dev Keycloak/maas-keycloak/keycloak cluster-path-realm: path of granite-chat, token: Keycloak has no spec.db, so it runs on its in-pod dev-file database and KeycloakRealmImport ai-realm imports into the import Job's own copy: the realm never exists in the server (keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@26.0.0)",
  ]],
  ["15.1 RawDeployment: port 80 reaches nothing (Backend and token gate)", [
    "staging Backend/maas-3scale/granite-chat-backend cluster-path-port: path of granite-chat, backend http://granite-chat-predictor.maas-models.svc.cluster.local:80: Service granite-chat-predictor (created by InferenceService granite-chat) is headless, so APIcast (namespace maas-3scale) connects to the pod on port 80, where nothing listens (the runtime listens on 8080)",
    "prod Backend/maas-3scale/granite-chat-backend cluster-path-port: path of granite-chat, backend http://granite-chat-predictor.maas-models.svc.cluster.local:80: Service granite-chat-predictor (created by InferenceService granite-chat) is headless, so APIcast (namespace maas-3scale) connects to the pod on port 80, where nothing listens (the runtime listens on 8080)",
    "dev ConfigMap/maas-models/granite-chat-token-gate cluster-path-port: path of granite-chat, token gate granite-chat-token-gate cluster predictor http://granite-chat-predictor.maas-models.svc.cluster.local:80: Service granite-chat-predictor (created by InferenceService granite-chat) is headless, so token gate granite-chat-token-gate connects to the pod on port 80, where nothing listens (the runtime listens on 8080)",
  ]],
  ["15.2 Serverless: the <isvc>-predictor host is mesh-only", [
    "prod Backend/maas-3scale/iris-backend cluster-path-tls: path of iris, backend http://iris-predictor.maas-models.svc.cluster.local:80: Service iris-predictor (created by InferenceService iris) leads to knative-local-gateway, which accepts only mesh clients (ISTIO_MUTUAL); APIcast (namespace maas-3scale) is not in the mesh. Use the address KServe reports in status.address.url (https://iris.maas-models.svc.cluster.local)",
    "staging Backend/maas-3scale/iris-backend cluster-path-tls: path of iris, backend http://iris-predictor.maas-models.svc.cluster.local:80: Service iris-predictor (created by InferenceService iris) leads to knative-local-gateway, which accepts only mesh clients (ISTIO_MUTUAL); APIcast (namespace maas-3scale) is not in the mesh. Use the address KServe reports in status.address.url (https://iris.maas-models.svc.cluster.local)",
  ]],
  ["15.3 ModelMesh: the runtime does not exist and the controller is shut out", [
    "dev InferenceService/maas-models-mm/fraud-detection cluster-path-name: path of fraud-detection: ServingRuntime ovms is not rendered in maas-models-mm and no controller creates it (OpenShift AI ships runtimes as Templates only: opendatahub-io/odh-model-controller config/runtimes@odh-v2.22)",
    "dev InferenceService/maas-models-mm/fraud-detection cluster-path-policy: path of fraud-detection: no NetworkPolicy in maas-models-mm admits the ModelMesh controller (namespace redhat-ods-applications) on 8033 (kserve/modelmesh-serving pkg/mmesh/modelmesh_service.go@v0.12.0)",
  ]],
  ["15.4 Serverless namespaces are open to every workbench", [
    "prod InferenceService/maas-models/iris cluster-path-isolation: path of iris: a data-science project (opendatahub.io/dashboard=true) reaches the model pods on 8080: NetworkPolicy allow-from-opendatahub-ns (created by kserve-controller-manager (opendatahub-io/kserve), odh-model-controller, modelmesh-controller); NetworkPolicies only add, so a policy of ours cannot take that back. Move Serverless models to a namespace of their own (RawDeployment models stay gateway-only), and acknowledge what OpenShift AI opens for them with networkIsolation: openshift-ai-serverless-default in the environment file",
    "staging InferenceService/maas-models/granite-chat cluster-path-isolation: path of granite-chat: a data-science project (opendatahub.io/dashboard=true) reaches the model pods on 8080: NetworkPolicy allow-from-opendatahub-ns (created by kserve-controller-manager (opendatahub-io/kserve), odh-model-controller, modelmesh-controller); NetworkPolicies only add, so a policy of ours cannot take that back. Move Serverless models to a namespace of their own (RawDeployment models stay gateway-only), and acknowledge what OpenShift AI opens for them with networkIsolation: openshift-ai-serverless-default in the environment file",
  ]],
  ["15.5 no Routes for the gateway's public URLs", [
    "prod Product/maas-3scale/iris-api cluster-path-name: path of iris, gateway (production): no Route serves iris-api.apps.prod.maas.example.com; zync creates Routes only for apicastHosted (3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA)",
    "staging Product/maas-3scale/granite-chat-api cluster-path-name: path of granite-chat, gateway (staging): no Route serves granite-chat-api-staging.apps.staging.maas.example.com; zync creates Routes only for apicastHosted (3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA)",
    "dev Product/maas-3scale/fraud-detection-api cluster-path-name: path of fraud-detection, gateway (production): no Route serves fraud-detection-api.apps.dev.maas.example.com; zync creates Routes only for apicastHosted (3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA)",
  ]],
  ["15.6 router timeouts cut long generations", [
    "dev Route/maas-models/granite-chat cluster-path-timeout: path of granite-chat, backend: the router closes the connection after 30 s (its default) while the Product waits up to 300 s upstream; set haproxy.router.openshift.io/timeout (openshift/router images/router/haproxy/conf/haproxy-config.template@release-4.16)",
  ]],
  ["15.7 the token gate fetches keys through the router", [
    "dev ConfigMap/maas-models/granite-chat-token-gate cluster-path-tls: path of granite-chat, token gate granite-chat-token-gate cluster realm: reaches keycloak-maas-keycloak.apps.dev.maas.example.com through the router; on a cluster with the default ingress certificate the router's CA is not in the injected trusted bundle, so the fetch fails and every call gets 401: use the in-cluster Service with the service CA",
  ]],
  ["15.8 a change of issuer never reaches APIcast", [
    "prod Product/maas-3scale/iris-api cluster-update-unwatched: update sync after a change of the issuer host: Secret maas-3scale/oidc-issuer-ai-realm changes (ExternalSecret maas-3scale/oidc-issuer-ai-realm changed) but Product maas-3scale/iris-api does not, and 3scale-operator does not watch Secret maas-3scale/oidc-issuer-ai-realm: the change never takes effect (3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA)",
    "staging Product/maas-3scale/granite-chat-api cluster-update-unwatched: update sync after a change of the issuer host: Secret maas-3scale/oidc-issuer-ai-realm changes (ExternalSecret maas-3scale/oidc-issuer-ai-realm changed) but Product maas-3scale/granite-chat-api does not, and 3scale-operator does not watch Secret maas-3scale/oidc-issuer-ai-realm: the change never takes effect (3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA)",
    "dev Product/maas-3scale/granite-chat-api cluster-update-unwatched: update sync after a change of the issuer host: Secret maas-3scale/oidc-issuer-ai-realm changes (ExternalSecret maas-3scale/oidc-issuer-ai-realm changed) but Product maas-3scale/granite-chat-api does not, and 3scale-operator does not watch Secret maas-3scale/oidc-issuer-ai-realm: the change never takes effect (3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA)",
  ]],
  ["dev: the issuer ExternalSecret reads a Secret nothing creates (RHBK writes no client Secrets)", [
    "dev ExternalSecret/maas-3scale/oidc-issuer-ai-realm cluster-sync-missing: first sync stops at wave 2: ExternalSecret maas-3scale/oidc-issuer-ai-realm waits for Secret keycloak-client-secret-3scale-zync, which nothing renders or creates; it is Degraded (\"could not get secret data from provider\")",
  ]],
];

test.each(DEFECTS)('issue %s is reported', (_defect, expected) => {
  expect(all).toEqual(expect.arrayContaining(expected));
});

test('the fixture yields 81 findings in all, by rule', () => {
  const byRule = new Map<string, number>();
  for (const f of all) {
    const rule = / ([a-z-]+): /.exec(f)?.[1] ?? '';
    byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  expect(Object.fromEntries([...byRule].sort())).toEqual({
    'argocd-destination': 3,
    'argocd-health-delivery': 3,
    'argocd-sync-option': 19,
    'cluster-health-final': 4,
    'cluster-health-startup': 13,
    'cluster-path-isolation': 4,
    'cluster-path-name': 13,
    'cluster-path-policy': 1,
    'cluster-path-port': 3,
    'cluster-path-realm': 2,
    'cluster-path-timeout': 1,
    'cluster-path-tls': 3,
    'cluster-sync': 2,
    'cluster-sync-missing': 2,
    'cluster-sync-order': 2,
    'cluster-update-unwatched': 6,
  });
});
