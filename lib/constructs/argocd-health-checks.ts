import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * The ProxyConfigPromote failures that mean "already promoted": the operator found no new configuration
 * version to promote. A field error of path "" and value "" (k8s.io/apimachinery field.Invalid, `": Invalid
 * value: \"\": <detail>"`); 3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA.
 */
export const NO_PRODUCT_CHANGES_MESSAGES: readonly string[] = [
  ': Invalid value: "": cannot promote to staging as no product changes detected. Delete this proxyConfigPromote CR, then introduce changes to configuration, and then create a new proxyConfigPromote CR',
  ': Invalid value: "": cannot promote to production as no product changes detected. Delete this proxyConfigPromote CR, then introduce changes to configuration, and then create a new proxyConfigPromote CR',
];

/** What the RHBK operator reports (HasErrors) while Keycloak starts; KeycloakRealmImportController.java@0429ece8. */
export const REALM_IMPORT_STARTUP_MESSAGES: readonly string[] = [
  'No existing Deployment found, waiting for it to be created',
  'Deployment not yet ready',
];

/** Shared Lua: `condition(type)` returns the condition of that type, or nil. */
const FIND_CONDITION = `local function condition(conditionType)
  if obj.status == nil or obj.status.conditions == nil then return nil end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == conditionType then return c end
  end
  return nil
end
`;

/**
 * Lua health checks for the custom resources Argo CD has no built-in check for. Without one, Argo CD reports
 * such a resource Healthy as soon as it exists, so a wave "succeeds" while the realm or Product is still
 * failing. Keyed `<group>/<Kind>`.
 *
 * Argo CD runs them in gopher-lua (Lua 5.1) with only the base, table, package and a safe os library
 * (argoproj/argo-cd util/lua/lua.go@v2.13.9, runLua; `useOpenLibs` is off and the ArgoCD resource's
 * `resourceHealthChecks` cannot turn it on): no `string` library and no string methods, so messages are
 * compared whole with `==` and built with `..`. Normal start-up (the operator has not answered yet, Keycloak
 * is starting) is Progressing, never Degraded: a Degraded resource fails the sync at once
 * (argoproj/gitops-engine pkg/sync/sync_context.go@4c6e03c46314). Every status sample the tests run these
 * against comes from the operators' status code (`lib/upstream/controller-effects.ts`, `test/gitops/`).
 */
export const HEALTH_CHECKS: Readonly<Record<string, string>> = {
  'keycloak.org/Keycloak': legacyKeycloakCheck('ready'),
  'keycloak.org/KeycloakRealm': legacyKeycloakCheck('ready'),
  'keycloak.org/KeycloakClient': legacyKeycloakCheck('ready'),
  'keycloak.org/KeycloakUser': legacyKeycloakCheck('reconciled'),
  'k8s.keycloak.org/Keycloak': rhbkKeycloakCheck(),
  'k8s.keycloak.org/KeycloakRealmImport': realmImportCheck(),
  'capabilities.3scale.net/Backend': threescaleSyncedCheck(),
  'capabilities.3scale.net/Product': threescaleSyncedCheck(),
  'capabilities.3scale.net/ProxyConfigPromote': proxyConfigPromoteCheck(),
  'capabilities.3scale.net/DeveloperAccount': conditionsCheck(['Ready'], ['Failed', 'Invalid', 'Orphan']),
  'capabilities.3scale.net/Application': conditionsCheck(['Ready'], ['Failed', 'Invalid', 'Orphan']),
  // Overrides the built-in check, which is Healthy once the catalog sources are, before the operator (and its
  // CRDs, which the next waves create objects of) is installed.
  'operators.coreos.com/Subscription': subscriptionCheck(),
};

/** Properties for `ArgoCdHealthChecks`. */
export interface ArgoCdHealthChecksProps {
  /** Namespace of the Argo CD instance. */
  readonly namespace: string;
  /** Name of the `ArgoCD` resource of that instance (OpenShift GitOps: `openshift-gitops`). */
  readonly instance: string;
  /** `<group>/<kind>` of every kind the environment renders; checks are rendered for those that need one. */
  readonly kinds: readonly string[];
}

/**
 * The health checks as a merge patch of the existing `ArgoCD` resource (`argoproj.io/v1beta1`,
 * `spec.resourceHealthChecks`), which the Argo CD operator turns into `resource.customizations.health.<group>_<kind>`
 * keys of `argocd-cm`. Not `argocd-cm` itself: the operator owns that ConfigMap and replaces its data with what
 * the ArgoCD resource says (argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.1,
 * reconcileArgoConfigMap and getResourceHealthChecks). Not a whole ArgoCD object either: that would overwrite
 * the platform team's settings. Applied with `oc patch --type merge` (README, "Bootstrap"). Nothing is
 * rendered when no kind needs a check.
 */
export class ArgoCdHealthChecks extends Construct {
  /** The kinds that got a check, `<group>/<kind>`, sorted. */
  public readonly kinds: readonly string[];

  constructor(scope: Construct, id: string, props: ArgoCdHealthChecksProps) {
    super(scope, id);
    this.kinds = [...new Set(props.kinds)].filter((k) => HEALTH_CHECKS[k] !== undefined).sort();
    if (this.kinds.length === 0) return;
    new ApiObject(this, 'Patch', {
      apiVersion: 'argoproj.io/v1beta1',
      kind: 'ArgoCD',
      metadata: { name: props.instance, namespace: props.namespace },
      spec: {
        resourceHealthChecks: this.kinds.map((groupKind) => {
          const [group, kind] = groupKind.split('/');
          return { group, kind, check: HEALTH_CHECKS[groupKind] };
        }),
      },
    });
  }
}

/** Lua string literal of a JavaScript string (the scripts compare whole messages). */
function luaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * Legacy (RH-SSO) operator: `status.ready` (Keycloak, realm, client) or `status.phase == "reconciled"` (user)
 * when done. `failing` is also what every reconcile reports while Keycloak does not answer yet, and the
 * operator retries: it stays Progressing, with the operator's message.
 * keycloak/keycloak-operator pkg/controller/keycloakrealm/keycloakrealm_controller.go@19.0.3 (ManageError).
 */
function legacyKeycloakCheck(done: 'ready' | 'reconciled'): string {
  const healthy = done === 'ready' ? 'obj.status.ready == true' : 'obj.status.phase == "reconciled"';
  return `local hs = {}
if obj.status ~= nil and ${healthy} then
  hs.status = "Healthy"
  hs.message = "ready"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for the Keycloak operator"
if obj.status ~= nil and obj.status.phase == "failing" and obj.status.message ~= nil and obj.status.message ~= "" then
  hs.message = "the Keycloak operator retries: " .. obj.status.message
end
return hs
`;
}

/**
 * RHBK Keycloak: Ready True at the current generation is Healthy; HasErrors True is Degraded (with its
 * message); anything else (no status, "Waiting for more replicas") is Progressing.
 * keycloak/keycloak operator KeycloakStatusAggregator.java@14c5e245.
 */
function rhbkKeycloakCheck(): string {
  return `local hs = {}
${FIND_CONDITION}local errors = condition("HasErrors")
if errors ~= nil and errors.status == "True" then
  hs.status = "Degraded"
  hs.message = errors.message or "HasErrors"
  return hs
end
local ready = condition("Ready")
local current = obj.status ~= nil and (obj.status.observedGeneration == nil or obj.status.observedGeneration == obj.metadata.generation)
if ready ~= nil and ready.status == "True" and current then
  hs.status = "Healthy"
  hs.message = "ready"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for Keycloak"
if ready ~= nil and ready.message ~= nil and ready.message ~= "" then hs.message = ready.message end
return hs
`;
}

/**
 * KeycloakRealmImport: Done True is Healthy. HasErrors True is Degraded, except the start-up messages
 * (the Keycloak StatefulSet does not exist or has no ready pod yet), which are Progressing.
 */
function realmImportCheck(): string {
  return `local hs = {}
${FIND_CONDITION}local startup = {${REALM_IMPORT_STARTUP_MESSAGES.map(luaString).join(', ')}}
local done = condition("Done")
if done ~= nil and done.status == "True" then
  hs.status = "Healthy"
  hs.message = "realm imported"
  return hs
end
local errors = condition("HasErrors")
if errors ~= nil and errors.status == "True" then
  for _, m in ipairs(startup) do
    if errors.message == m then
      hs.status = "Progressing"
      hs.message = m
      return hs
    end
  end
  hs.status = "Degraded"
  hs.message = errors.message or "HasErrors"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for the realm import"
local started = condition("Started")
if started ~= nil and started.message ~= nil and started.message ~= "" then hs.message = started.message end
return hs
`;
}

/**
 * 3scale Backend and Product: Healthy only when Synced True and `status.observedGeneration` equals
 * `metadata.generation` (otherwise the Synced condition is about the previous spec, and a promotion in the
 * next wave would promote the old configuration). Orphan True (a referenced Backend not there yet) is
 * transient and retried: Progressing. Invalid or Failed True: Degraded.
 * 3scale/3scale-operator controllers/capabilities/product_status_reconciler.go@3scale-2.15.1-GA,
 * pkg/helper/errors.go@3scale-2.15.1-GA (OrphanError is transient).
 */
function threescaleSyncedCheck(): string {
  return `local hs = {}
${FIND_CONDITION}local orphan = condition("Orphan")
if orphan ~= nil and orphan.status == "True" then
  hs.status = "Progressing"
  hs.message = orphan.message or "waiting for a referenced object"
  return hs
end
for _, t in ipairs({"Invalid", "Failed"}) do
  local c = condition(t)
  if c ~= nil and c.status == "True" then
    hs.status = "Degraded"
    hs.message = c.message or t
    return hs
  end
end
local synced = condition("Synced")
if synced ~= nil and synced.status == "True" then
  if obj.status.observedGeneration == obj.metadata.generation then
    hs.status = "Healthy"
    hs.message = "synced"
    return hs
  end
  hs.status = "Progressing"
  hs.message = "waiting for the operator to sync the latest generation"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for the 3scale operator"
return hs
`;
}

/**
 * ProxyConfigPromote: Ready True is Healthy, and so is "no product changes detected" (the configuration is
 * already promoted). Failed with "product CR is not ready" (the Product is not Synced yet) or with the
 * Product not found is start-up: Progressing. Any other Failed is Degraded.
 * 3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA.
 */
function proxyConfigPromoteCheck(): string {
  return `local hs = {}
${FIND_CONDITION}local noChanges = {${NO_PRODUCT_CHANGES_MESSAGES.map(luaString).join(', ')}}
local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "promoted"
  return hs
end
local failed = condition("Failed")
if failed ~= nil and failed.status == "True" then
  for _, m in ipairs(noChanges) do
    if failed.message == m then
      hs.status = "Healthy"
      hs.message = "nothing to promote: the product's configuration is already promoted"
      return hs
    end
  end
  local productName = ""
  if obj.spec ~= nil and obj.spec.productCRName ~= nil then productName = obj.spec.productCRName end
  if failed.message == "product CR is not ready" or failed.message == 'products.capabilities.3scale.net "' .. productName .. '" not found' then
    hs.status = "Progressing"
    hs.message = "waiting for the Product: " .. failed.message
    return hs
  end
  hs.status = "Degraded"
  hs.message = failed.message or "Failed"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for the 3scale operator"
return hs
`;
}

/**
 * OLM Subscription: Healthy once the operator is installed at the latest version the channel offers
 * (`status.state` AtLatestKnown); an InstallPlan waiting for approval (`installPlanApproval: Manual`) is
 * Progressing until a person approves it; a failed InstallPlan or resolution, or unhealthy catalog sources,
 * are Degraded. argoproj/argo-cd resource_customizations/operators.coreos.com/Subscription/health.lua@v2.13.9
 * (the same conditions) and its testdata.
 */
function subscriptionCheck(): string {
  return `local hs = {}
${FIND_CONDITION}for _, t in ipairs({"InstallPlanFailed", "ResolutionFailed", "CatalogSourcesUnhealthy"}) do
  local c = condition(t)
  if c ~= nil and c.status == "True" then
    hs.status = "Degraded"
    hs.message = c.message or t
    return hs
  end
end
if obj.status ~= nil and obj.status.state == "AtLatestKnown" then
  hs.status = "Healthy"
  hs.message = obj.status.installedCSV or "installed"
  return hs
end
hs.status = "Progressing"
hs.message = "waiting for OLM to install the operator"
local pending = condition("InstallPlanPending")
if pending ~= nil and pending.status == "True" then
  hs.message = "an InstallPlan is pending; with installPlanApproval Manual a person approves it: oc get installplan -n " .. obj.metadata.namespace
end
return hs
`;
}

/** Healthy when one of `healthy` is True; Degraded when one of `degraded` is True (checked first). */
function conditionsCheck(healthy: readonly string[], degraded: readonly string[]): string {
  const list = (types: readonly string[]) => `{${types.map(luaString).join(', ')}}`;
  return `local hs = {}
${FIND_CONDITION}for _, t in ipairs(${list(degraded)}) do
  local c = condition(t)
  if c ~= nil and c.status == "True" then
    hs.status = "Degraded"
    hs.message = c.message or t
    return hs
  end
end
for _, t in ipairs(${list(healthy)}) do
  local c = condition(t)
  if c ~= nil and c.status == "True" then
    hs.status = "Healthy"
    hs.message = t
    return hs
  end
end
hs.status = "Progressing"
hs.message = "waiting for the operator"
return hs
`;
}
