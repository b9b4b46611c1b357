import { didYouMean, listAllowed } from './did-you-mean';
import type { Rule } from './rules';
import { show } from './show';

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
  env.serving.modelMeshRuntimes.forEach((runtime, index) => check(['serving', 'modelMeshRuntimes', index, 'image'], runtime.image));
  check(['serving', 'tokenGateImage'], env.serving.tokenGateImage);
};

/** Runtime names are unique, across both lists: they name ServingRuntimes. */
const runtimeNamesAreUnique: Rule = (env, report) => {
  const seen = new Map<string, string>();
  const check = (list: 'runtimes' | 'modelMeshRuntimes') => (runtime: { name: string }, index: number) => {
    const first = seen.get(runtime.name);
    if (first === undefined) {
      seen.set(runtime.name, `serving.${list}[${index}]`);
    } else {
      report(['serving', list, index, 'name'], runtime.name,
        `${show(runtime.name)} is already used by ${first}; runtime names must be unique`);
    }
  };
  env.serving.runtimes.forEach(check('runtimes'));
  env.serving.modelMeshRuntimes.forEach(check('modelMeshRuntimes'));
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
 * ModelMesh models use a multi-model runtime (`serving.modelMeshRuntimes`, e.g. `ovms`); `serving.runtimes` are
 * single-model KServe runtimes, and the other way round. A namespace serves with one platform: ModelMesh or
 * single-model KServe.
 */
const modelMeshIsConsistent: Rule = (env, report) => {
  const defined = new Set(env.serving.runtimes.map((r) => r.name));
  const modelMeshDefined = new Set(env.serving.modelMeshRuntimes.map((r) => r.name));
  const platformByNamespace = new Map<string, { modelMesh: boolean; index: number }>();
  env.models.forEach((model, index) => {
    const modelMesh = model.deploymentMode === 'ModelMesh';
    if (modelMesh && defined.has(model.runtime)) {
      report(['models', index, 'runtime'], model.runtime,
        `${show(model.runtime)} is a single-model runtime from serving.runtimes and cannot serve ModelMesh; ` +
          'name a ModelMesh runtime (serving.modelMeshRuntimes, e.g. "ovms") or use deploymentMode "RawDeployment"');
    }
    if (!modelMesh && modelMeshDefined.has(model.runtime)) {
      report(['models', index, 'runtime'], model.runtime,
        `${show(model.runtime)} is a ModelMesh runtime from serving.modelMeshRuntimes and serves only deploymentMode "ModelMesh"; ` +
          'name a runtime of serving.runtimes or use deploymentMode "ModelMesh"');
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

/**
 * A model's runtime is defined here (`serving.runtimes`, `serving.modelMeshRuntimes`) or declared as provided by
 * the platform: a misspelt runtime would render an InferenceService that never starts, and no ServingRuntime.
 * Whether the runtime suits the model's deployment mode is `modelMeshIsConsistent`'s concern.
 */
const modelRuntimesExist: Rule = (env, report) => {
  const known = [
    ...env.serving.runtimes.map((r) => r.name),
    ...env.serving.modelMeshRuntimes.map((r) => r.name),
    ...env.serving.platformRuntimes,
  ];
  env.models.forEach((model, index) => {
    if (known.includes(model.runtime)) return;
    const allowed = known.length === 0 ? 'no runtime is defined' : `use one of ${listAllowed(model.runtime, known)}`;
    report(['models', index, 'runtime'], model.runtime,
      `${show(model.runtime)} is in none of serving.runtimes, serving.modelMeshRuntimes and serving.platformRuntimes${didYouMean(model.runtime, known)}; ` +
        `${allowed}, or add it to serving.platformRuntimes if the platform provides it in namespace ${show(model.namespace)}`);
  });
};

/** The serving section's rules, in the order their problems are reported. */
export const SERVING_RULES: readonly Rule[] = [
  replicaRangeIsValid,
  modelHasOneStorage,
  gpuModelsTolerateGpuTaint,
  runtimeImagesArePinned,
  runtimeNamesAreUnique,
  modelRuntimesExist,
  routedModelsAreRawDeployments,
  routeHostsAreValid,
  edgeRoutesOnlyInDev,
  modelMeshIsConsistent,
];
