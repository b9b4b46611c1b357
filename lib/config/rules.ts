import type { z } from 'zod';
import { show } from './show';
import type { EnvironmentSpec } from './schema';

/** Reports one problem at a field path of the environment file. */
export type Report = (path: ReadonlyArray<string | number>, input: unknown, message: string) => void;

/**
 * A semantic rule: a check that spans fields or depends on the stage, beyond what the field types say.
 *
 * Rules also run when the file has structural errors (so that one pass reports every problem); they then see
 * the input as far as it parsed. A rule that throws on such input reports nothing: the schema already
 * reported the malformed field.
 */
export type Rule = (env: EnvironmentSpec, report: Report) => void;

/** Prod installs operators only at a pinned version, and a person approves every upgrade. */
const prodOperatorsArePinned: Rule = (env, report) => {
  if (env.stage !== 'prod') return;
  for (const section of ['identity', 'gateway'] as const) {
    const operator = env[section].operator;
    if (operator.installPlanApproval !== 'Manual') {
      report([section, 'operator', 'installPlanApproval'], operator.installPlanApproval,
        `${show(operator.installPlanApproval)} is not allowed in prod; use "Manual" so that a person approves every operator upgrade`);
    }
    if (operator.startingCSV === undefined) {
      report([section, 'operator', 'startingCSV'], undefined,
        'is required in prod; pin the ClusterServiceVersion to install, e.g. "<package>.v<version>"');
    }
  }
};

/** Model names are unique in an environment: they name InferenceServices, Backends and Products. */
const modelNamesAreUnique: Rule = (env, report) => {
  const seen = new Map<unknown, number>();
  env.models.forEach((model, index) => {
    const first = seen.get(model.name);
    if (first === undefined) {
      seen.set(model.name, index);
    } else {
      report(['models', index, 'name'], model.name,
        `${show(model.name)} is already used by models[${first}]; model names must be unique in an environment`);
    }
  });
};

/**
 * Why a redirect URI or web origin is acceptable only in dev, or undefined when it is fine everywhere.
 * `+` (a web origin meaning "the origins of the redirect URIs") is fine.
 */
export function devOnlyReason(value: string): string | undefined {
  if (value.includes('*')) return 'a wildcard lets any matching site receive tokens; list exact https URLs';
  if (/^http:\/\//i.test(value)) return 'tokens would travel unencrypted; use https://';
  let host = '';
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]') {
    return "localhost is a developer's machine; use the application's public https URL";
  }
  return undefined;
}

/** `*`, `http://` and `localhost` redirect URIs and web origins are for laptops: accepted only when stage is dev. */
const apiClientUrlsAreDevOnlyOutsideDev: Rule = (env, report) => {
  if (env.stage === 'dev') return;
  for (const field of ['redirectUris', 'webOrigins'] as const) {
    env.identity.apiClient[field].forEach((value, index) => {
      const reason = devOnlyReason(value);
      if (reason !== undefined) {
        report(['identity', 'apiClient', field, index], value,
          `${show(value)} is allowed only when stage is "dev" (stage is ${show(env.stage)}): ${reason}`);
      }
    });
  }
};

/** The legacy KeycloakRealm (`keycloak.org/v1alpha1`) has no groups and no session lifespans. */
const rhssoRealmHasNoRhbkOnlyFields: Rule = (env, report) => {
  const { identity } = env;
  if (identity.generation !== 'rhsso') return;
  const unsupported = (field: string) =>
    `is not supported by the RH-SSO operator (its KeycloakRealm has no ${field} field); remove it or use generation "rhbk"`;
  if (identity.realm.groups.length > 0) report(['identity', 'realm', 'groups'], identity.realm.groups, unsupported('groups'));
  for (const field of ['ssoSessionIdleTimeout', 'ssoSessionMaxLifespan'] as const) {
    if (identity.realm[field] !== undefined) report(['identity', 'realm', field], identity.realm[field], unsupported(field));
  }
};

/** Roles, groups and client scopes are referenced by name; each name must be declared in the realm. */
const identityReferencesAreDeclared: Rule = (env, report) => {
  const { realm, apiClient } = env.identity;
  const check = (kind: string, declaredAt: string, declared: readonly string[]) =>
    (path: ReadonlyArray<string | number>, names: readonly string[]) => {
      names.forEach((name, index) => {
        if (declared.includes(name)) return;
        const known = declared.length === 0 ? 'none declared' : `declared: ${declared.map((d) => show(d)).join(', ')}`;
        report([...path, index], name, `${show(name)} is not a ${kind} of the realm; declare it under ${declaredAt} (${known})`);
      });
    };
  const role = check('role', 'identity.realm.roles', realm.roles.map((r) => r.name));
  const group = check('group', 'identity.realm.groups', realm.groups.map((g) => g.name));
  const scope = check('client scope', 'identity.realm.clientScopes', realm.clientScopes.map((s) => s.name));
  role(['identity', 'apiClient', 'serviceAccountRealmRoles'], apiClient.serviceAccountRealmRoles);
  scope(['identity', 'apiClient', 'defaultClientScopes'], apiClient.defaultClientScopes);
  scope(['identity', 'apiClient', 'optionalClientScopes'], apiClient.optionalClientScopes);
  realm.groups.forEach((g, i) => role(['identity', 'realm', 'groups', i, 'realmRoles'], g.realmRoles));
  realm.users.forEach((u, i) => {
    role(['identity', 'realm', 'users', i, 'realmRoles'], u.realmRoles);
    group(['identity', 'realm', 'users', i, 'groups'], u.groups);
  });
};

/** Realm role, group, client scope and user names are unique: Keycloak would reject the realm. */
const identityNamesAreUnique: Rule = (env, report) => {
  const { realm } = env.identity;
  const lists = [
    ['roles', realm.roles.map((r) => r.name)],
    ['groups', realm.groups.map((g) => g.name)],
    ['clientScopes', realm.clientScopes.map((s) => s.name)],
    ['users', realm.users.map((u) => u.username)],
  ] as const;
  for (const [field, names] of lists) {
    names.forEach((name, index) => {
      const first = names.indexOf(name);
      if (first !== index) {
        report(['identity', 'realm', field, index], name,
          `${show(name)} is already declared at identity.realm.${field}[${first}]; names must be unique in a realm`);
      }
    });
  }
  const { apiClient, gatewayClient } = env.identity;
  if (apiClient.clientId === gatewayClient.clientId) {
    report(['identity', 'gatewayClient', 'clientId'], gatewayClient.clientId,
      `${show(gatewayClient.clientId)} is also identity.apiClient.clientId; the gateway's client needs a client id of its own`);
  }
};

/** Where Keycloak is, said once: an external URL, or a rendered instance with its host name. */
const keycloakLocationIsConsistent: Rule = (env, report) => {
  const { identity } = env;
  if (identity.hostname === undefined) return;
  if (identity.keycloak.externalUrl !== undefined) {
    report(['identity', 'hostname'], identity.hostname,
      'cannot be set together with identity.keycloak.externalUrl, which already says where Keycloak is; remove one of them');
  } else if (identity.generation === 'rhsso') {
    report(['identity', 'hostname'], identity.hostname,
      'is not supported with generation "rhsso": the RH-SSO operator names its Route itself ' +
      '(keycloak-<namespace>.<cluster.appsDomain>); remove identity.hostname');
  }
};

/** An RHBK instance outside dev needs a real database: the dev-file database lives in the pod. */
const rhbkInstanceHasDatabaseOutsideDev: Rule = (env, report) => {
  const { identity } = env;
  if (env.stage === 'dev' || identity.generation !== 'rhbk' || identity.keycloak.externalUrl !== undefined) return;
  if (identity.keycloak.database === undefined) {
    report(['identity', 'keycloak', 'database'], undefined,
      `is required when stage is ${show(env.stage)}: without it Keycloak keeps the realm in the pod and loses it on restart; ` +
      'set host and credentialsSecret of a PostgreSQL database');
  }
};

/** Instance settings apply only to an instance rendered here, and TLS and database settings only to RHBK. */
const keycloakSettingsApply: Rule = (env, report) => {
  const { identity } = env;
  const { keycloak } = identity;
  for (const field of ['instances', 'tlsSecret', 'database'] as const) {
    if (keycloak[field] === undefined) continue;
    if (keycloak.externalUrl !== undefined) {
      report(['identity', 'keycloak', field], keycloak[field],
        'has no effect with identity.keycloak.externalUrl: no Keycloak instance is rendered; remove it');
    } else if (field !== 'instances' && identity.generation === 'rhsso') {
      report(['identity', 'keycloak', field], keycloak[field],
        'is not supported with generation "rhsso": the RH-SSO operator deploys its own PostgreSQL and TLS; remove it');
    }
  }
};

/** A model's replica range is not empty. */
const replicaRangeIsValid: Rule = (env, report) => {
  env.models.forEach((model, index) => {
    if (model.maxReplicas !== undefined && model.minReplicas > model.maxReplicas) {
      report(['models', index, 'maxReplicas'], model.maxReplicas,
        `${model.maxReplicas} is less than minReplicas ${model.minReplicas}; raise maxReplicas to at least ${model.minReplicas} or lower minReplicas`);
    }
  });
};

/** A model's files come from exactly one place: a storage URI or a data connection. */
const modelHasOneStorage: Rule = (env, report) => {
  env.models.forEach((model, index) => {
    if (model.storageUri === undefined && model.storage === undefined) {
      report(['models', index], undefined,
        'has no model location; give storageUri (e.g. "oci://registry/model:1.0") or storage with key (a data connection) and path');
    } else if (model.storageUri !== undefined && model.storage !== undefined) {
      report(['models', index, 'storage'], model.storage,
        'is given together with storageUri; keep one of them: storageUri, or storage (data connection key and path)');
    }
  });
};

/** A model that asks for a GPU tolerates the GPU nodes' taint, or it is never scheduled. */
const gpuModelsTolerateGpuTaint: Rule = (env, report) => {
  const taint = env.serving.gpuNodeTaint;
  if (taint === undefined) return;
  env.models.forEach((model, index) => {
    if (model.resources.gpu === 0) return;
    const tolerated = model.tolerations.some(
      (t) =>
        (t.key === undefined ? t.operator === 'Exists' : t.key === taint.key) &&
        (t.operator === 'Exists' || t.value === taint.value) &&
        (t.effect === undefined || t.effect === taint.effect),
    );
    if (!tolerated) {
      report(['models', index, 'tolerations'], model.tolerations,
        `do not tolerate the GPU nodes' taint ${show(taint.key)} (serving.gpuNodeTaint) although resources.gpu is ${model.resources.gpu}; ` +
          `add { key: ${taint.key}, operator: Exists, effect: ${taint.effect} }`);
    }
  });
};

/** Outside dev, runtime images are pinned: a mutable tag would change what runs without a change in Git. */
const runtimeImagesArePinned: Rule = (env, report) => {
  if (env.stage === 'dev') return;
  const check = (path: ReadonlyArray<string | number>, image: string) => {
    if (image.includes('@sha256:')) return;
    const lastSegment = image.slice(image.lastIndexOf('/') + 1);
    const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : undefined;
    if (tag === undefined || tag === 'latest') {
      report(path, image,
        `${show(image)} is not allowed in ${env.stage}: ${tag === undefined ? 'an image without tag means ":latest"' : '":latest" is mutable'}; ` +
          'pin the image by digest ("<image>@sha256:<digest>") or a version tag');
    }
  };
  env.serving.runtimes.forEach((runtime, index) => check(['serving', 'runtimes', index, 'image'], runtime.image));
  check(['serving', 'tokenGateImage'], env.serving.tokenGateImage);
};

/** Runtime names are unique: they name ServingRuntimes. */
const runtimeNamesAreUnique: Rule = (env, report) => {
  const seen = new Map<string, number>();
  env.serving.runtimes.forEach((runtime, index) => {
    const first = seen.get(runtime.name);
    if (first === undefined) {
      seen.set(runtime.name, index);
    } else {
      report(['serving', 'runtimes', index, 'name'], runtime.name,
        `${show(runtime.name)} is already used by serving.runtimes[${first}]; runtime names must be unique`);
    }
  });
};

/**
 * Only a RawDeployment model gets a Route of ours: a Serverless predictor is a Knative service behind the
 * mesh ingress, and ModelMesh serves all models of a namespace through one shared Service.
 */
const routedModelsAreRawDeployments: Rule = (env, report) => {
  env.models.forEach((model, index) => {
    if (model.exposure === 'route' && model.deploymentMode !== 'RawDeployment') {
      report(['models', index, 'exposure'], model.exposure,
        `"route" needs deploymentMode "RawDeployment", not ${show(model.deploymentMode)}; ` +
          'use exposure "internal" (the gateway reaches the model in-cluster) or deploymentMode "RawDeployment"');
    }
  });
};

/** A routed model's host `<name>-<namespace>.<appsDomain>` starts with a valid DNS label. */
const routeHostsAreValid: Rule = (env, report) => {
  env.models.forEach((model, index) => {
    const label = `${model.name}-${model.namespace}`;
    if (model.exposure === 'route' && label.length > 63) {
      report(['models', index, 'exposure'], model.exposure,
        `"route" needs the host label "<name>-<namespace>" to have at most 63 characters; ${JSON.stringify(label)} has ${label.length}; shorten the name or the namespace`);
    }
  });
};

/** Edge termination sends bearer tokens in plain HTTP from the router to the token gate: dev only. */
const edgeRoutesOnlyInDev: Rule = (env, report) => {
  if (env.stage === 'dev') return;
  env.models.forEach((model, index) => {
    if (model.exposure === 'route' && model.tlsTermination === 'edge') {
      report(['models', index, 'tlsTermination'], model.tlsTermination,
        `"edge" is not allowed in ${env.stage}: access tokens would cross the cluster network in plain HTTP from the router to the token gate; use "reencrypt"`);
    }
  });
};

/**
 * ModelMesh models use a multi-model runtime from OpenShift AI (e.g. `ovms`); the runtimes defined here are
 * single-model KServe runtimes. A namespace serves with one platform: ModelMesh or single-model KServe.
 */
const modelMeshIsConsistent: Rule = (env, report) => {
  const defined = new Set(env.serving.runtimes.map((r) => r.name));
  const platformByNamespace = new Map<string, { modelMesh: boolean; index: number }>();
  env.models.forEach((model, index) => {
    const modelMesh = model.deploymentMode === 'ModelMesh';
    if (modelMesh && defined.has(model.runtime)) {
      report(['models', index, 'runtime'], model.runtime,
        `${show(model.runtime)} is a single-model runtime from serving.runtimes and cannot serve ModelMesh; ` +
          'name a ModelMesh runtime that exists in the namespace (e.g. "ovms") or use deploymentMode "RawDeployment"');
    }
    if (modelMesh && model.api !== undefined && model.api !== 'v2') {
      report(['models', index, 'api'], model.api, `${show(model.api)} is not served by ModelMesh; its REST proxy speaks "v2" only`);
    }
    const first = platformByNamespace.get(model.namespace);
    if (first === undefined) {
      platformByNamespace.set(model.namespace, { modelMesh, index });
    } else if (first.modelMesh !== modelMesh) {
      report(['models', index, 'deploymentMode'], model.deploymentMode,
        `${show(model.deploymentMode)} conflicts with models[${first.index}] in namespace ${show(model.namespace)}: ` +
          'a namespace serves either ModelMesh or single-model KServe models; move this model to another namespace');
    }
  });
};

/** Every semantic rule, in the order their problems are reported. */
export const RULES: readonly Rule[] = [
  prodOperatorsArePinned,
  modelNamesAreUnique,
  apiClientUrlsAreDevOnlyOutsideDev,
  rhssoRealmHasNoRhbkOnlyFields,
  identityReferencesAreDeclared,
  identityNamesAreUnique,
  keycloakLocationIsConsistent,
  rhbkInstanceHasDatabaseOutsideDev,
  keycloakSettingsApply,
  replicaRangeIsValid,
  modelHasOneStorage,
  gpuModelsTolerateGpuTaint,
  runtimeImagesArePinned,
  runtimeNamesAreUnique,
  routedModelsAreRawDeployments,
  routeHostsAreValid,
  edgeRoutesOnlyInDev,
  modelMeshIsConsistent,
];

/** Runs every rule and adds its problems to the parse context. */
export function checkRules(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const report: Report = (path, input, message) => ctx.addIssue({ code: 'custom', path: [...path], input, message });
  for (const rule of RULES) {
    try {
      rule(env, report);
    } catch {
      // Malformed input: the schema has reported it.
    }
  }
}
