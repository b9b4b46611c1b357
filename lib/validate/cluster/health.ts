import { ARGOCD_BUILTIN_LUA_HEALTH } from '../../upstream/argocd-health';
import { GO_HEALTH_KINDS } from '../../upstream/argocd-sync';
import { type HealthStatus, runHealthScript } from './lua';
export { prefetchHealth } from './lua';

export type { HealthStatus } from './lua';

/** A Lua health check the environment ships, with the file it came from. */
export interface ShippedCheck {
  readonly script: string;
  readonly file: string;
  /** `argocd-cm` (a key of the ConfigMap) or `ArgoCD` (`spec.resourceHealthChecks` of an ArgoCD object). */
  readonly via: 'argocd-cm' | 'ArgoCD';
}

/** Where an object's health comes from. */
export type HealthSource = 'shipped' | 'built-in Lua' | 'built-in Go' | 'none';

/**
 * Argo CD's health of `object` (a manifest with its `status`), in Argo CD's order: a check the environment
 * ships for the kind, else the built-in Lua check, else the Go check; `undefined` when the kind has no health
 * (it completes its wave once applied). argoproj/gitops-engine pkg/health/health.go@4c6e03c46314.
 */
export function healthOf(groupKind: string, object: Record<string, unknown>, shipped: ReadonlyMap<string, ShippedCheck>):
  { health?: HealthStatus; source: HealthSource } {
  const check = shipped.get(groupKind);
  if (check) return { health: runHealthScript(check.script, object), source: 'shipped' };
  const builtIn = ARGOCD_BUILTIN_LUA_HEALTH.get(groupKind);
  if (builtIn) return { health: runHealthScript(builtIn.script, object), source: 'built-in Lua' };
  if (GO_HEALTH_KINDS.includes(groupKind)) return { health: goHealth(groupKind, object), source: 'built-in Go' };
  return { source: 'none' };
}

/** The Lua script that decides the health of a kind (shipped, else built in), if any. */
export function luaScriptFor(groupKind: string, shipped: ReadonlyMap<string, ShippedCheck>): string | undefined {
  return shipped.get(groupKind)?.script ?? ARGOCD_BUILTIN_LUA_HEALTH.get(groupKind)?.script;
}

type Status = Record<string, unknown> & { conditions?: { type: string; status?: string; message?: string; reason?: string }[] };

/** The Go checks of the kinds this project renders, ported from gitops-engine at 4c6e03c46314. */
function goHealth(groupKind: string, object: Record<string, unknown>): HealthStatus {
  const status = (object.status ?? {}) as Status;
  switch (groupKind) {
    case 'apps/Deployment': {
      // pkg/health/health_deployment.go
      const spec = (object.spec ?? {}) as { replicas?: number };
      const generation = ((object.metadata ?? {}) as { generation?: number }).generation ?? 1;
      const observed = (status.observedGeneration as number | undefined) ?? 0;
      const updated = (status.updatedReplicas as number | undefined) ?? 0;
      const available = (status.availableReplicas as number | undefined) ?? 0;
      if (generation > observed) return { status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation' };
      if (spec.replicas !== undefined && updated < spec.replicas) return { status: 'Progressing', message: `Waiting for rollout to finish: ${updated} out of ${spec.replicas} new replicas have been updated...` };
      if (available < updated) return { status: 'Progressing', message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...` };
      return { status: 'Healthy', message: '' };
    }
    case 'batch/Job': {
      // pkg/health/health_job.go
      const failed = status.conditions?.find((c) => c.type === 'Failed');
      const complete = status.conditions?.find((c) => c.type === 'Complete');
      if (failed) return { status: 'Degraded', message: failed.message ?? '' };
      if (complete) return { status: 'Healthy', message: complete.message ?? '' };
      return { status: 'Progressing', message: '' };
    }
    case 'core/Service':
      // pkg/health/health_service.go: only a LoadBalancer waits for its ingress.
      return { status: 'Healthy', message: '' };
    default:
      return { status: 'Unknown', message: `the Go health check of ${groupKind} is not modelled` };
  }
}

/**
 * The health checks an environment ships: keys `resource.customizations.health.<group>_<Kind>` of an
 * `argocd-cm` ConfigMap, and `spec.resourceHealthChecks` of an ArgoCD object (argoproj-labs/argocd-operator
 * api/v1beta1/argocd_types.go@v0.13.0), keyed `<group>/<Kind>`.
 */
export function shippedChecks(objects: readonly { kind: string; apiVersion: string; name: string; file: string; value: Record<string, unknown> }[]): Map<string, ShippedCheck> {
  const checks = new Map<string, ShippedCheck>();
  for (const object of objects) {
    if (object.kind === 'ConfigMap' && object.name === 'argocd-cm') {
      for (const [key, script] of Object.entries((object.value.data ?? {}) as Record<string, string>)) {
        const match = /^resource\.customizations\.health\.(.*)_([^_]+)$/.exec(key);
        if (match) checks.set(`${match[1]}/${match[2]}`, { script, file: object.file, via: 'argocd-cm' });
      }
    }
    if (object.kind === 'ArgoCD' && object.apiVersion.startsWith('argoproj.io/')) {
      const list = ((object.value.spec as { resourceHealthChecks?: { group?: string; kind?: string; check?: string }[] } | undefined)?.resourceHealthChecks) ?? [];
      for (const item of list) {
        if (item.kind && item.check) checks.set(`${item.group || 'core'}/${item.kind}`, { script: item.check, file: object.file, via: 'ArgoCD' });
      }
    }
  }
  return checks;
}
