import { k8s } from '../k8s';
import { Construct } from 'constructs';

/**
 * Lua health checks for the custom resources Argo CD 2.13 has no built-in check for. Without one, Argo CD
 * reports such a resource Healthy as soon as it exists, so a sync "succeeds" while the realm or Product is
 * failing. Keyed `<group>/<kind>`.
 */
export const HEALTH_CHECKS: Readonly<Record<string, string>> = {
  // Legacy Keycloak operator: status.ready, status.phase ("reconciling" | "failing"), status.message.
  'keycloak.org/Keycloak': legacyKeycloakCheck(),
  'keycloak.org/KeycloakRealm': legacyKeycloakCheck(),
  'keycloak.org/KeycloakClient': legacyKeycloakCheck(),
  'keycloak.org/KeycloakUser': legacyKeycloakCheck(),
  // Keycloak operator (k8s.keycloak.org): conditions Ready / Done, HasErrors.
  'k8s.keycloak.org/Keycloak': conditionsCheck(['Ready'], ['HasErrors']),
  'k8s.keycloak.org/KeycloakRealmImport': conditionsCheck(['Done'], ['HasErrors']),
  // 3scale operator (built in only from Argo CD 3.2): conditions Synced / Ready, Failed / Invalid / Orphan.
  'capabilities.3scale.net/Backend': conditionsCheck(['Synced'], ['Failed', 'Invalid', 'Orphan']),
  'capabilities.3scale.net/Product': conditionsCheck(['Synced'], ['Failed', 'Invalid', 'Orphan']),
  'capabilities.3scale.net/ProxyConfigPromote': conditionsCheck(['Ready'], ['Failed']),
  'capabilities.3scale.net/DeveloperAccount': conditionsCheck(['Ready'], ['Failed', 'Invalid', 'Orphan']),
  'capabilities.3scale.net/Application': conditionsCheck(['Ready'], ['Failed', 'Invalid', 'Orphan']),
};

/** Properties for `ArgoCdHealthChecks`. */
export interface ArgoCdHealthChecksProps {
  /** Namespace of the Argo CD instance. */
  readonly namespace: string;
  /** `<group>/<kind>` of every kind the environment renders; checks are rendered for those that need one. */
  readonly kinds: readonly string[];
}

/**
 * The `argocd-cm` entries (`resource.customizations.health.<group>_<kind>`) that teach Argo CD when the
 * environment's custom resources are healthy. Applied with `oc apply`, it adds these keys to the instance's
 * existing `argocd-cm` and leaves the others alone. Nothing is rendered when no kind needs a check. On OpenShift GitOps the operator owns `argocd-cm`: put
 * the same scripts in the `ArgoCD` resource's `spec.resourceHealthChecks` instead (README).
 */
export class ArgoCdHealthChecks extends Construct {
  /** The kinds that got a check, `<group>/<kind>`, sorted. */
  public readonly kinds: readonly string[];

  constructor(scope: Construct, id: string, props: ArgoCdHealthChecksProps) {
    super(scope, id);
    this.kinds = [...new Set(props.kinds)].filter((k) => HEALTH_CHECKS[k] !== undefined).sort();
    const data: Record<string, string> = {};
    for (const groupKind of this.kinds) {
      data[`resource.customizations.health.${groupKind.replace('/', '_')}`] = HEALTH_CHECKS[groupKind];
    }
    if (this.kinds.length === 0) return;
    new k8s.KubeConfigMap(this, 'Resource', {
      metadata: {
        name: 'argocd-cm',
        namespace: props.namespace,
        labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
      },
      data,
    });
  }
}

function legacyKeycloakCheck(): string {
  return `hs = {}
if obj.status ~= nil then
  if obj.status.ready == true then
    hs.status = "Healthy"
    hs.message = "ready"
    return hs
  end
  if obj.status.phase == "failing" then
    hs.status = "Degraded"
    hs.message = obj.status.message or "the operator reports failing"
    return hs
  end
end
hs.status = "Progressing"
hs.message = "waiting for the Keycloak operator"
return hs
`;
}

function conditionsCheck(healthy: readonly string[], degraded: readonly string[]): string {
  const list = (types: readonly string[]) => `{${types.map((t) => `"${t}"`).join(', ')}}`;
  return `hs = {}
local function has(types, conditionType)
  for _, t in ipairs(types) do
    if t == conditionType then return true end
  end
  return false
end
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.status == "True" and has(${list(degraded)}, condition.type) then
      hs.status = "Degraded"
      hs.message = condition.message or condition.type
      return hs
    end
  end
  for _, condition in ipairs(obj.status.conditions) do
    if condition.status == "True" and has(${list(healthy)}, condition.type) then
      hs.status = "Healthy"
      hs.message = condition.type
      return hs
    end
  end
end
hs.status = "Progressing"
hs.message = "waiting for the operator"
return hs
`;
}
