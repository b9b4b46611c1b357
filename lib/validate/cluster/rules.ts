import { ADMISSION_SOURCES, SYNC_SOURCES } from '../../upstream/argocd-sync';
import type { Source } from '../../upstream/types';

/** One rule of the cluster model: its id (as findings print it), what it checks, and where the behaviour was read. */
export interface ClusterRule {
  readonly id: string;
  readonly description: string;
  readonly sources: readonly Source[];
}

/** Every rule of the cluster model; `docs/validation.md` lists each with its sources. */
export const CLUSTER_RULES: readonly ClusterRule[] = [
  { id: 'argocd-project', description: "the Application's project is an AppProject rendered next to it", sources: [ADMISSION_SOURCES[0]] },
  { id: 'argocd-source-repo', description: 'the project permits the source repository (normalized URL, glob, `!` deny)', sources: ADMISSION_SOURCES.slice(0, 2) },
  { id: 'argocd-destination', description: 'the project permits the destination: server (or name) and namespace matched by glob; an absent namespace is `""`', sources: ADMISSION_SOURCES.slice(0, 2) },
  { id: 'argocd-resource-kind', description: 'the project whitelists the group and kind of every synced object (cluster-scoped kinds: the cluster whitelist)', sources: ADMISSION_SOURCES.slice(1) },
  { id: 'argocd-resource-namespace', description: "the project permits the namespace of every synced namespaced object", sources: ADMISSION_SOURCES.slice(1) },
  { id: 'argocd-sync-option', description: "every per-object sync option is one the environment's Argo CD version knows", sources: ['argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314', 'argoproj/gitops-engine pkg/sync/common/types.go@c19f8cfa4d27'] },
  { id: 'argocd-health-delivery', description: 'no health check is delivered in argocd-cm, which the OpenShift GitOps operator rewrites', sources: ['argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.0'] },
  { id: 'cluster-sync-order', description: 'no object waits for something created or rendered in a later wave or phase', sources: SYNC_SOURCES },
  { id: 'cluster-sync-missing', description: 'everything an object waits for is rendered, created by a controller of the table, or a listed platform prerequisite', sources: SYNC_SOURCES },
  { id: 'cluster-sync', description: 'an object waits for something created by an object that is itself not ready', sources: SYNC_SOURCES },
  { id: 'cluster-health-final', description: "once everything it reads exists, each object's last status is Healthy under the health check that applies", sources: SYNC_SOURCES },
  { id: 'cluster-health-startup', description: 'no status an object passes through on a normal start is Degraded under its health check', sources: SYNC_SOURCES },
  { id: 'cluster-update-unwatched', description: 'an update that changes an object another one reads without watching also changes the reader', sources: ['3scale/3scale-operator controllers/capabilities/proxy.go@3scale-2.15.1-GA'] },
  { id: 'cluster-path-name', description: 'every host on the path is a rendered or created Route or Service; the runtime a model names is rendered', sources: ['opendatahub-io/kserve pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22', '3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA', 'opendatahub-io/odh-model-controller config/runtimes@odh-v2.22'] },
  { id: 'cluster-path-port', description: "every port on the path is served (through a headless Service: by the pod's container)", sources: ['opendatahub-io/kserve pkg/controller/v1beta1/inferenceservice/reconcilers/service/service_reconciler.go@odh-v2.22'] },
  { id: 'cluster-path-tls', description: 'the scheme matches what is served, no hop needs the mesh, no in-cluster call goes through the router', sources: ['opendatahub-io/opendatahub-operator controllers/components/kserve/resources/servicemesh/routing/istio-local-gateway.yaml@v2.22.0'] },
  { id: 'cluster-path-policy', description: "the destination namespace's NetworkPolicies admit each hop's source (and ModelMesh's controller on 8033)", sources: ['kubernetes/api networking/v1/types.go@v0.28.0', 'kserve/modelmesh-serving pkg/mmesh/modelmesh_service.go@v0.12.0'] },
  { id: 'cluster-path-isolation', description: 'no data-science project and no other namespace reaches a model pod', sources: ['kubernetes/api networking/v1/types.go@v0.28.0', 'opendatahub-io/odh-model-controller controllers/reconcilers/kserve_networkpolicy_reconciler.go@odh-v2.22'] },
  { id: 'cluster-path-timeout', description: "each Route on the path waits at least the Product's upstream read timeout", sources: ['openshift/router images/router/haproxy/conf/haproxy-config.template@release-4.16'] },
  { id: 'cluster-path-realm', description: 'an RHBK Keycloak that imports a realm has a database (`spec.db`)', sources: ['keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@26.0.0'] },
];
