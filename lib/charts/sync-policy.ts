import { ApiObject, Chart } from 'cdk8s';

/** The Argo CD annotation that orders a sync. Values are strings: Argo CD ignores a wave given as a number. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** The Argo CD annotation for per-object sync options. */
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';

/**
 * The sync wave of every kind the project renders, keyed `<group>/<kind>` (`core` for the core group), so that
 * one sync brings an empty cluster up in order: operators before their custom resources, secrets before the
 * resources that read them, a Product after its Backend, promotion last. A kind missing here fails the render:
 * a new kind needs a decision about its place.
 */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  // 0: where things live.
  'core/Namespace': 0,
  'operators.coreos.com/OperatorGroup': 0,
  // 1: operators (their CRDs appear while these install).
  'operators.coreos.com/Subscription': 1,
  // 2: credentials, isolation and configuration the workloads read.
  'core/Secret': 2,
  'external-secrets.io/ExternalSecret': 2,
  'generators.external-secrets.io/Password': 2,
  'networking.k8s.io/NetworkPolicy': 2,
  'core/ConfigMap': 2,
  'core/ServiceAccount': 2,
  'rbac.authorization.k8s.io/Role': 2,
  'rbac.authorization.k8s.io/RoleBinding': 2,
  'serving.kserve.io/ServingRuntime': 2,
  // 3: identity, backends and models.
  'keycloak.org/Keycloak': 3,
  'keycloak.org/KeycloakRealm': 3,
  'keycloak.org/KeycloakClient': 3,
  'keycloak.org/KeycloakUser': 3,
  'k8s.keycloak.org/Keycloak': 3,
  'k8s.keycloak.org/KeycloakRealmImport': 3,
  'capabilities.3scale.net/Backend': 3,
  'serving.kserve.io/InferenceService': 3,
  'core/Service': 3,
  'apps/Deployment': 3,
  // 4: what is published: products, routes, consumers, monitoring.
  'capabilities.3scale.net/Product': 4,
  'capabilities.3scale.net/DeveloperAccount': 4,
  'capabilities.3scale.net/DeveloperUser': 4,
  'capabilities.3scale.net/Application': 5,
  'route.openshift.io/Route': 4,
  'monitoring.coreos.com/ServiceMonitor': 4,
  'monitoring.coreos.com/PodMonitor': 4,
  'monitoring.coreos.com/PrometheusRule': 4,
  // Only with `monitoring.dashboard: grafana-operator`; the dashboard ConfigMap otherwise (wave 2).
  'grafana.integreatly.org/GrafanaDashboard': 4,
  // 5: promotion of the Product's staging configuration to production, once the Product exists.
  'capabilities.3scale.net/ProxyConfigPromote': 5,
  // Post-sync checks run as hooks; the wave only orders them among hooks.
  'batch/Job': 6,
};

/** API groups served by Kubernetes itself; everything else is a custom resource. */
const BUILT_IN_GROUPS = new Set(['core', 'apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'policy', 'autoscaling']);

/**
 * Custom resources whose deletion loses data outside the cluster object (a Product pruned is deleted in
 * 3scale with its applications and stats; a realm pruned takes its users and clients): Argo CD asks a person
 * before pruning them.
 */
const CONFIRM_PRUNE = new Set([
  'core/Namespace',
  'capabilities.3scale.net/Product',
  'keycloak.org/KeycloakRealm',
  'k8s.keycloak.org/KeycloakRealmImport',
]);

/** `<group>/<kind>` of an object, `core` for the core group. */
export function groupKind(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core';
  return `${group}/${kind}`;
}

/**
 * Annotates every object of a chart for Argo CD: its sync wave (a string), `SkipDryRunOnMissingResource=true`
 * on custom resources (their CRDs may be installed by an operator earlier in the same sync), and
 * `Prune=confirm` where pruning loses data.
 *
 * @throws Error naming the kind when a kind has no sync wave
 */
export function applySyncPolicy(chart: Chart): void {
  for (const object of chart.node.findAll().filter(ApiObject.isApiObject)) {
    const key = groupKind(object.apiVersion, object.kind);
    const wave = SYNC_WAVES[key];
    if (wave === undefined) {
      throw new Error(`${key} has no sync wave; add it to SYNC_WAVES in lib/charts/sync-policy.ts`);
    }
    object.metadata.addAnnotation(SYNC_WAVE, String(wave));
    const options = [
      ...(BUILT_IN_GROUPS.has(key.split('/')[0]) ? [] : ['SkipDryRunOnMissingResource=true']),
      ...(CONFIRM_PRUNE.has(key) ? ['Prune=confirm'] : []),
    ];
    if (options.length > 0) object.metadata.addAnnotation(SYNC_OPTIONS, options.join(','));
  }
}
