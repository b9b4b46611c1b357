import type { Environment } from '../../config/schema';

/** One everyday change of an environment, simulated as an update sync. */
export interface EnvironmentChange {
  /** What changed, as the sync table's title says it. */
  readonly change: string;
  readonly env: Environment;
}

/**
 * The environment after each of three everyday changes, one at a time: the first limit of the first plan, the
 * image of the first serving runtime, and the issuer's host (RHBK: `identity.hostname`; RH-SSO, whose operator
 * names its Route `keycloak-<namespace>.<apps domain>`: the operator namespace). A change the environment has
 * no field for is left out.
 */
export function environmentChanges(env: Environment): EnvironmentChange[] {
  const changes: EnvironmentChange[] = [];
  const edit = (change: string, apply: (next: Environment) => boolean) => {
    const next = structuredClone(env);
    if (apply(next)) changes.push({ change, env: next });
  };
  edit('a plan limit', (next) => {
    const plans = next.gateway?.plans as Record<string, { limits?: { value: number }[] }> | undefined;
    const limit = plans && Object.values(plans).find((plan) => (plan.limits ?? []).length > 0)?.limits?.[0];
    if (limit) limit.value += 1;
    return limit !== undefined;
  });
  edit('a runtime image', (next) => {
    const runtime = (next.serving?.runtimes ?? [])[0] as { image: string } | undefined;
    if (runtime) {
      runtime.image = /@sha256:[0-9a-f]+$/.test(runtime.image)
        ? runtime.image.replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'))
        : `${runtime.image}-updated`;
    }
    return runtime !== undefined;
  });
  edit('the issuer host', (next) => {
    if (next.identity.generation === 'rhbk') (next.identity as { hostname?: string }).hostname = `sso-updated.${next.cluster.appsDomain}`;
    else (next.identity.operator as { namespace: string }).namespace = `${next.identity.operator.namespace}-updated`;
    return true;
  });
  return changes;
}
