/**
 * The health checks Argo CD v2.13.9 ships for kinds this project renders (`resource_customizations/<group>/<Kind>/health.lua`),
 * copied byte for byte from argoproj/argo-cd at v2.13.9, and the Go built-in checks of gitops-engine at the commit that
 * version pins. A check the environment ships for the same kind replaces these (argoproj/argo-cd util/lua/lua.go@v2.13.9).
 */
import type { Source } from './types';

/** A Lua health check Argo CD has built in for one kind. */
export interface BuiltInLuaHealth {
  /** `<group>/<Kind>`. */
  readonly kind: string;
  readonly script: string;
  readonly source: Source;
}

/** Built-in Lua checks, keyed by `<group>/<Kind>`. */
export const ARGOCD_BUILTIN_LUA_HEALTH: ReadonlyMap<string, BuiltInLuaHealth> = new Map([
  ['external-secrets.io/ExternalSecret', {
    kind: 'external-secrets.io/ExternalSecret',
    source: 'argoproj/argo-cd resource_customizations/external-secrets.io/ExternalSecret/health.lua@v2.13.9',
    script: String.raw`local hs = {}
if obj.status ~= nil then
  if obj.status.conditions ~= nil then
    for i, condition in ipairs(obj.status.conditions) do
      if condition.type == "Ready" and condition.status == "False" then
        hs.status = "Degraded"
        hs.message = condition.message
        return hs
      end
      if condition.type == "Ready" and condition.status == "True" then
        hs.status = "Healthy"
        hs.message = condition.message
        return hs
      end
    end
  end
end
hs.status = "Progressing"
hs.message = "Waiting for ExternalSecret"
return hs`,
  }],
  ['operators.coreos.com/Subscription', {
    kind: 'operators.coreos.com/Subscription',
    source: 'argoproj/argo-cd resource_customizations/operators.coreos.com/Subscription/health.lua@v2.13.9',
    script: String.raw`local health_status = {}
if obj.status ~= nil then
  if obj.status.conditions ~= nil then
    local numDegraded = 0
    local numPending = 0
    local msg = ""
    for i, condition in pairs(obj.status.conditions) do
      msg = msg .. i .. ": " .. condition.type .. " | " .. condition.status .. "\n"
      if condition.type == "InstallPlanPending" and condition.status == "True" then
        numPending = numPending + 1
      elseif (condition.type == "InstallPlanMissing" and condition.reason ~= "ReferencedInstallPlanNotFound") then
        numDegraded = numDegraded + 1
      elseif (condition.type == "CatalogSourcesUnhealthy" or condition.type == "InstallPlanFailed" or condition.type == "ResolutionFailed") and condition.status == "True" then
        numDegraded = numDegraded + 1
      end
    end
    if numDegraded == 0 and numPending == 0 then
      health_status.status = "Healthy"
      health_status.message = msg
      return health_status
    elseif numPending > 0 and numDegraded == 0 then
      health_status.status = "Progressing"
      health_status.message = "An install plan for a subscription is pending installation"
      return health_status
    else
      health_status.status = "Degraded"
      health_status.message = msg
      return health_status
    end
  end
end
health_status.status = "Progressing"
health_status.message = "An install plan for a subscription is pending installation"
return health_status`,
  }],
  ['route.openshift.io/Route', {
    kind: 'route.openshift.io/Route',
    source: 'argoproj/argo-cd resource_customizations/route.openshift.io/Route/health.lua@v2.13.9',
    script: String.raw`local health_status = {}
if obj.status ~= nil then
  if obj.status.ingress ~= nil then
    local numIngressRules = 0
    local numTrue = 0
    local numFalse = 0
    for _, ingressRules in pairs(obj.status.ingress) do
        numIngressRules = numIngressRules + 1
        if obj.status.ingress ~= nil then
          for _, condition in pairs(ingressRules.conditions) do
              if condition.type == "Admitted" and condition.status == "True" then
                  numTrue = numTrue + 1
              elseif condition.type == "Admitted" and condition.status == "False" then
                  numFalse = numFalse + 1
              end
          end
        end
        health_status.status = 'Test'
    end
    if numTrue == numIngressRules then
      health_status.status = "Healthy"
      health_status.message = "Route is healthy"
      return health_status
    elseif numFalse > 0 then
      health_status.status = "Degraded"
      health_status.message = "Route is degraded"
      return health_status
    else
      health_status.status = "Progressing"
      health_status.message = "Route is still getting admitted"
      return health_status
    end
  end
end
health_status.status = "Progressing"
health_status.message = "Route is still getting admitted"
return health_status`,
  }],
  ['serving.kserve.io/InferenceService', {
    kind: 'serving.kserve.io/InferenceService',
    source: 'argoproj/argo-cd resource_customizations/serving.kserve.io/InferenceService/health.lua@v2.13.9',
    script: String.raw`local health_status = {}

health_status.status = "Progressing"
health_status.message = "Waiting for InferenceService to report status..."

if obj.status ~= nil then

  local progressing = false
  local degraded = false
  local status_false = 0
  local status_unknown = 0
  local msg = ""

  if obj.status.modelStatus ~= nil then
    if obj.status.modelStatus.transitionStatus ~= "UpToDate" then
      if obj.status.modelStatus.transitionStatus == "InProgress" then
        progressing = true
      else
        degraded = true
      end
      msg = msg .. "0: transitionStatus | " .. obj.status.modelStatus.transitionStatus
    end
  end
  
  if obj.status.conditions ~= nil then
    for i, condition in pairs(obj.status.conditions) do

      if condition.status == "Unknown" then
        status_unknown = status_unknown + 1
      elseif condition.status == "False" then
        status_false = status_false + 1
      end

      if condition.status ~= "True" then
        msg = msg .. " | " .. i .. ": " .. condition.type .. " | " .. condition.status
        if condition.reason ~= nil and condition.reason ~= "" then
          msg = msg .. " | " .. condition.reason
        end
        if condition.message ~= nil and condition.message ~= "" then
          msg = msg .. " | " .. condition.message
        end
      end

    end

    if progressing == false and degraded == false and status_unknown == 0 and status_false == 0 then
      health_status.status = "Healthy"
      msg = "InferenceService is healthy."
    elseif degraded == false and status_unknown >= 0 then
      health_status.status = "Progressing"
    else
      health_status.status = "Degraded"
    end

    health_status.message = msg
  end
end

return health_status`,
  }],
].map(([key, row]) => [key as string, row as BuiltInLuaHealth]));
