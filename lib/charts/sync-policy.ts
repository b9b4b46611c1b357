import { knowsSyncOption, type ArgoCdVersion } from '../upstream/argocd';
import { CONTROLLER_EFFECTS } from '../upstream/controller-effects';
import type { ControllerEffect, Manifest, ObjectRef } from '../upstream/types';

/** The Argo CD annotation that orders a sync. Values are strings: Argo CD ignores a wave given as a number. */
export const SYNC_WAVE = 'argocd.argoproj.io/sync-wave';
/** The Argo CD annotation for per-object sync options. */
export const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
/** The Argo CD annotation that makes an object a hook (run around the sync, not part of its waves). */
export const HOOK = 'argocd.argoproj.io/hook';

/**
 * The earliest sync wave of every kind the project renders, keyed `<group>/<kind>` (`core` for the core
 * group): operators before their custom resources, secrets before the resources that read them, a Product
 * after its Backend, promotion last. An object goes later than its kind's wave when it reads something
 * (`lib/upstream/controller-effects.ts`) that is rendered or created in that wave or a later one. A kind
 * missing here fails the render: a new kind needs a decision about its place.
 */
export const SYNC_WAVES: Readonly<Record<string, number>> = {
  // 0: where things live.
  'core/Namespace': 0,
  'operators.coreos.com/OperatorGroup': 0,
  // 1: operators (their CRDs appear while these install); generators of the External Secrets installed outside Git.
  'operators.coreos.com/Subscription': 1,
  'generators.external-secrets.io/Password': 1,
  // 2: credentials, isolation and configuration the workloads read.
  'core/Secret': 2,
  'external-secrets.io/ExternalSecret': 2,
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
  // With the pod that mounts it: with a WaitForFirstConsumer storage class a claim stays Pending until a pod
  // uses it, and Argo CD calls a Pending claim Progressing (argoproj/gitops-engine pkg/health/health_pvc.go@4c6e03c46314).
  'core/PersistentVolumeClaim': 3,
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
 * Kinds whose deletion loses data outside the cluster object (a Product pruned is deleted in 3scale with its
 * applications and stats; a realm pruned takes its users and clients; a Namespace takes everything in it):
 * Argo CD must never prune them on its own. Argo CD 2.14 and later ask a person (`Prune=confirm`); 2.13 does
 * not know that option and would ignore it, so it gets `Prune=false` and a person deletes the object
 * (README, "Removing a protected object").
 */
export const PROTECTED_FROM_PRUNE: ReadonlySet<string> = new Set([
  'core/Namespace',
  'core/PersistentVolumeClaim',
  'capabilities.3scale.net/Product',
  'keycloak.org/KeycloakRealm',
  'k8s.keycloak.org/KeycloakRealmImport',
]);

/** The sync option that keeps Argo CD from pruning a protected object on its own, for an Argo CD version. */
export function protectFromPruneOption(version: ArgoCdVersion): string {
  // gitops-engine ignores unknown options: `Prune=confirm` on 2.13 would let automated sync prune.
  return knowsSyncOption(version, 'Prune=confirm') ? 'Prune=confirm' : 'Prune=false';
}

/** `<group>/<kind>` of an object, `core` for the core group. */
export function groupKind(apiVersion: string, kind: string): string {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core';
  return `${group}/${kind}`;
}

/** Options for `applySyncPolicy`. */
export interface SyncPolicyOptions {
  /** The Argo CD version that syncs the environment: only sync options it knows are written. */
  readonly argocdVersion: ArgoCdVersion;
  /**
   * What controllers read and create, by kind.
   *
   * @default CONTROLLER_EFFECTS
   */
  readonly effects?: ReadonlyMap<string, ControllerEffect>;
}

/** A synthesized object (`chart.toJson()`), whose annotations `applySyncPolicy` sets. */
export interface SyncedManifest extends Manifest {
  readonly metadata: Manifest['metadata'] & { annotations?: Record<string, string> };
}

/**
 * Annotates every synthesized object of an environment's charts (`chart.toJson()`) for Argo CD: its sync wave
 * (a string), the `SkipDryRunOnMissingResource=true` option on custom resources (their CRDs may be installed
 * by an operator earlier in the same sync), and a protection from pruning where pruning loses data. It works
 * on the JSON the render writes, not on the charts' ApiObjects, so each object is synthesized once; the keys
 * stay sorted as cdk8s sorts them.
 *
 * Waves start at the kind's `SYNC_WAVES` entry; an object then moves after every object it reads, and after
 * the object whose controller creates what it reads, so that no wave waits on a later one. Argo CD waits
 * for every object of a wave to be healthy before it applies the next one, and fails the sync when one turns
 * Degraded (argoproj/gitops-engine pkg/sync/sync_context.go@4c6e03c46314), as an ExternalSecret does when
 * the Secret it reads does not exist yet.
 *
 * @throws Error naming the kind when a kind has no sync wave
 * @throws Error naming the objects when objects read each other in a cycle
 */
export function applySyncPolicy(objects: readonly SyncedManifest[], options: SyncPolicyOptions): void {
  const effects = options.effects ?? CONTROLLER_EFFECTS;
  for (const object of objects) {
    const key = groupKind(object.apiVersion, object.kind);
    if (SYNC_WAVES[key] === undefined) {
      throw new Error(`${key} has no sync wave; add it to SYNC_WAVES in lib/charts/sync-policy.ts`);
    }
  }
  const waves = deriveWaves(objects, effects);
  const protect = protectFromPruneOption(options.argocdVersion);
  for (const object of objects) {
    const key = groupKind(object.apiVersion, object.kind);
    const added: Record<string, string> = { [SYNC_WAVE]: String(waves.get(object)) };
    const wanted = [
      ...(BUILT_IN_GROUPS.has(key.split('/')[0]) ? [] : ['SkipDryRunOnMissingResource=true']),
      ...(PROTECTED_FROM_PRUNE.has(key) ? [protect] : []),
    ];
    const known = wanted.filter((option) => knowsSyncOption(options.argocdVersion, option));
    if (known.length > 0) added[SYNC_OPTIONS] = known.join(',');
    addAnnotations(object, added);
  }
}

/** Sets annotations on a synthesized object, keeping its keys sorted as cdk8s writes them. */
function addAnnotations(object: SyncedManifest, annotations: Record<string, string>): void {
  const metadata = object.metadata as Record<string, unknown>;
  const had = metadata.annotations !== undefined;
  metadata.annotations = sortedKeys({ ...(metadata.annotations as Record<string, string> | undefined), ...annotations });
  if (had) return;
  const sorted = sortedKeys(metadata);
  for (const name of Object.keys(metadata)) delete metadata[name];
  Object.assign(metadata, sorted);
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((name) => [name, record[name]]));
}

/** A rendered object in the wave computation. */
interface Node {
  readonly object: SyncedManifest;
  readonly label: string;
  readonly hook: boolean;
  wave: number;
  readonly reads: ObjectRef[];
}

function deriveWaves(objects: readonly SyncedManifest[], effects: ReadonlyMap<string, ControllerEffect>): Map<SyncedManifest, number> {
  const nodes: Node[] = [];
  const producers = new Map<string, Node>();
  const produce = (ref: ObjectRef, node: Node) => {
    if (!producers.has(refKey(ref))) producers.set(refKey(ref), node);
    if (!producers.has(refKey({ kind: ref.kind, name: ref.name }))) producers.set(refKey({ kind: ref.kind, name: ref.name }), node);
  };
  for (const object of objects) {
    const kind = groupKind(object.apiVersion, object.kind);
    const effect = effects.get(kind);
    const { name, namespace } = object.metadata;
    const node: Node = {
      object,
      label: `${kind} ${namespace ?? ''}/${name}`.replace(' /', ' '),
      hook: object.metadata.annotations?.[HOOK] !== undefined,
      wave: SYNC_WAVES[kind],
      reads: effect === undefined ? [] : [...effect.reads(object)],
    };
    nodes.push(node);
    produce({ kind, name, namespace }, node);
    for (const created of effect === undefined ? [] : effect.creates(object)) produce(created, node);
  }
  // Longest path over "reads": at most one pass per node when there is no cycle.
  for (let pass = 0; ; pass++) {
    const moved = new Set<Node>();
    for (const node of nodes.filter((n) => !n.hook)) {
      for (const ref of node.reads) {
        const producer = producers.get(refKey(ref));
        if (producer === undefined || producer === node || producer.hook) continue;
        if (node.wave <= producer.wave) {
          node.wave = producer.wave + 1;
          moved.add(node);
        }
      }
    }
    if (moved.size === 0) break;
    if (pass > nodes.length) {
      const cycle = [...moved].map((n) => n.label).sort();
      throw new Error(`sync waves: ${cycle.join(', ')} read each other in a cycle, so no wave order lets each wait for the other; check their rows in lib/upstream/controller-effects.ts`);
    }
  }
  return new Map(nodes.map((n) => [n.object, n.wave]));
}

/** `<kind> <namespace>/<name>`; without a namespace (a cluster-scoped object, or a read whose namespace the manifest does not say), `<kind> <name>`. */
function refKey(ref: ObjectRef): string {
  return ref.namespace === undefined ? `${ref.kind} ${ref.name}` : `${ref.kind} ${ref.namespace}/${ref.name}`;
}
