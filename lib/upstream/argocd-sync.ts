/**
 * How Argo CD admits an Application and orders, applies and waits for its objects, per Argo CD version. Read
 * in argoproj/argo-cd at the tag and in argoproj/gitops-engine at the commit that tag's `go.mod` pins
 * (v2.13.9 -> 4c6e03c46314, v2.14.0 -> c19f8cfa4d27). The cluster model (`lib/validate/cluster/`) reads these;
 * versions, sync options and AppProject matching are in `lib/upstream/argocd.ts`.
 */
import type { Source } from './types';

/** Versions, their sync options and built-in health kinds: `lib/upstream/argocd.ts`. */

/**
 * Order of kinds within a phase and wave: these first, in this order, then every other kind (custom
 * resources), then by name. Namespaces are also moved before the objects in them.
 */
export const SYNC_KIND_ORDER: readonly string[] = [
  'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget',
  'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim',
  'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role',
  'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet',
  'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];

/** Phases in order; a hook's phase is its `argocd.argoproj.io/hook` annotation, every other object is `Sync`. */
export const SYNC_PHASES: readonly string[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail'];

/**
 * Kinds gitops-engine decides health for in Go (`pkg/health/health.go` GetHealthCheckFunc). A kind with no
 * check, neither here nor in Lua, has no health and completes its wave as soon as it is applied.
 */
export const GO_HEALTH_KINDS: readonly string[] = [
  'apps/Deployment', 'apps/StatefulSet', 'apps/ReplicaSet', 'apps/DaemonSet', 'extensions/Ingress', 'argoproj.io/Workflow',
  'apiregistration.k8s.io/APIService', 'networking.k8s.io/Ingress', 'core/Service', 'core/PersistentVolumeClaim',
  'core/Pod', 'batch/Job', 'autoscaling/HorizontalPodAutoscaler',
];

/** Where the ordering, health and wave-completion rules above were read. */
export const SYNC_SOURCES: readonly Source[] = [
  'argoproj/gitops-engine pkg/sync/sync_tasks.go@4c6e03c46314',
  'argoproj/gitops-engine pkg/sync/syncwaves/waves.go@4c6e03c46314',
  'argoproj/gitops-engine pkg/health/health.go@4c6e03c46314',
  // A Degraded object fails the operation; a Progressing one keeps its wave running ("waiting for healthy state of").
  'argoproj/gitops-engine pkg/sync/sync_context.go@4c6e03c46314',
];

/** The Application and AppProject checks, with Argo CD's own messages. */
export const ADMISSION_SOURCES: readonly Source[] = [
  // ValidatePermissions: repo, destination (server + namespace, by glob), InvalidSpecError messages.
  'argoproj/argo-cd util/argo/argo.go@v2.13.9',
  // isDestinationMatched, globMatch, IsSourcePermitted, IsGroupKindPermitted.
  'argoproj/argo-cd pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9',
  // The permission validator run before each object is applied: kind and namespace of every object.
  'argoproj/argo-cd controller/sync.go@v2.13.9',
];

/** Where the health-check Lua runs: gopher-lua, Lua 5.1 semantics. */
export const LUA_SOURCE: Source = 'argoproj/argo-cd util/lua/lua.go@v2.13.9';
