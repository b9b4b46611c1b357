import { z } from 'zod';
import { dnsLabel, dnsSubdomain, int32 } from './primitives';
import { show } from './show';

/** A Kubernetes resource quantity such as `500m`, `2`, `16Gi`; a YAML number is read as its text. */
const quantity = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z.string().regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, {
    error: (issue) => `${show(issue.input)} is not a Kubernetes quantity, e.g. "500m", "2", "16Gi"`,
  }),
);

/**
 * The REST API a runtime speaks; it decides the paths the gateway maps:
 * `openai` (`/v1/chat/completions`, ...), `v1` (KServe `/v1/models/<name>:predict`), `v2` (Open Inference
 * Protocol `/v2/models/<name>/infer`).
 */
export const servingApi = z.enum(['openai', 'v1', 'v2']);

/** A node taint, or a pod toleration of one, as the Kubernetes API spells them. */
export const toleration = z.strictObject({
  /** Taint key, e.g. `nvidia.com/gpu`; empty with `operator: Exists` tolerates every taint. */
  key: z.string().min(1).optional(),
  /** `Exists` matches any value; `Equal` matches `value`. */
  operator: z.enum(['Exists', 'Equal']).default('Exists'),
  /** Taint value to match with `operator: Equal`. */
  value: z.string().optional(),
  /** Taint effect to tolerate; none tolerates every effect. */
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
});

/** A node taint on the cluster's GPU nodes. */
export const nodeTaint = z.strictObject({
  /** Taint key, e.g. `nvidia.com/gpu`. */
  key: z.string().min(1),
  /** Taint value, if the taint has one. */
  value: z.string().optional(),
  /** Taint effect. */
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).default('NoSchedule'),
});

/**
 * A single-model serving runtime (KServe `ServingRuntime`) this repository defines, e.g. vLLM. It is rendered
 * into every namespace that has a model using it. ModelMesh runtimes are `serving.modelMeshRuntimes`; runtimes the
 * platform provides instead are declared in `serving.platformRuntimes`.
 */
export const servingRuntime = z.strictObject({
  /** ServingRuntime name; models refer to it with `runtime`. */
  name: dnsLabel,
  /** Name shown in the OpenShift AI dashboard. @default the name */
  displayName: z.string().min(1).optional(),
  /** Container image; in staging and prod pin it by digest (`image@sha256:...`) or by version tag, never `:latest`. */
  image: z.string().min(1),
  /** Container command; none runs the image's entrypoint. */
  command: z.array(z.string()).optional(),
  /** Container arguments; `{{.Name}}` is replaced by KServe with the InferenceService name. */
  args: z.array(z.string()).default([]),
  /** Container environment variables. */
  env: z.record(z.string(), z.string()).default({}),
  /** Port the server listens on for REST. */
  containerPort: z.int().min(1).max(65535).default(8080),
  /** Model formats the runtime serves, e.g. `vLLM`, `sklearn`, `onnx`. */
  supportedModelFormats: z
    .array(
      z.strictObject({
        /** Format name as InferenceServices give it in `modelFormat.name`. */
        name: z.string().min(1),
        /** Format version. */
        version: z.string().min(1).optional(),
        /** Lets KServe pick this runtime for a model of this format that names no runtime. */
        autoSelect: z.boolean().default(true),
      }),
    )
    .min(1),
  /** The REST API the runtime speaks. */
  api: servingApi.default('v1'),
  /** Accelerators the dashboard recommends for this runtime, e.g. `nvidia.com/gpu`. */
  recommendedAccelerators: z.array(z.string().min(1)).default([]),
});

/**
 * A ModelMesh (multi-model) runtime OpenShift AI ships only as a Template (`ovms`): rendered from that template
 * into every namespace whose ModelMesh models use it. The template's image is a parameter, so it is given here.
 */
export const modelMeshRuntime = z.strictObject({
  /** ServingRuntime name; ModelMesh models refer to it with `runtime`. */
  name: dnsLabel.default('ovms'),
  /** The OpenShift AI template it is rendered from (odh-model-controller `config/runtimes/ovms-mm-template.yaml`). */
  template: z.enum(['ovms']).default('ovms'),
  /** OpenVINO Model Server image; in staging and prod pin it by digest or version tag, never `:latest`. */
  image: z.string().min(1),
});

/** Settings shared by every model of an environment. */
export const serving = z.strictObject({
  /** Serving runtimes this repository defines (single-model KServe runtimes). */
  runtimes: z.array(servingRuntime).default([]),
  /** ModelMesh runtimes rendered from OpenShift AI's templates (e.g. `ovms`). */
  modelMeshRuntimes: z.array(modelMeshRuntime).default([]),
  /**
   * The namespace OpenShift AI runs its controllers in (`redhat-ods-applications`; Open Data Hub: `opendatahub`).
   * ModelMesh namespaces admit the ModelMesh controller from it on port 8033.
   */
  applicationsNamespace: dnsLabel.default('redhat-ods-applications'),
  /**
   * ServingRuntimes the platform provides in the models' namespaces without this repository defining them,
   * e.g. one created from the OpenShift AI dashboard. A model's `runtime` must be one of these, of `runtimes`
   * or of `modelMeshRuntimes`, so a misspelt runtime is an error rather than a model that never starts.
   */
  platformRuntimes: z.array(dnsLabel).default([]),
  /**
   * The taint on the cluster's GPU nodes. When set, every model that asks for a GPU must tolerate it, or it
   * would never be scheduled.
   *
   * @default - GPU nodes are not tainted
   */
  gpuNodeTaint: nodeTaint.optional(),
  /**
   * Envoy image of the token gate in front of every routed model (it checks the realm's access tokens).
   * Pinned by digest; the default is Envoy v1.33.0.
   */
  tokenGateImage: z
    .string()
    .min(1)
    .default('docker.io/envoyproxy/envoy:v1.33.0@sha256:56da5afd7df364350ff92de4fb49a9b09957c17295f2899f0a31cd12c28770c2'),
});

/**
 * How the smoke check (`npm run smoke` and the PostSync Job) calls one model with a token. The calls without a
 * token and with a tampered one are always made: the gateway refuses them before the model sees them.
 */
export const modelSmoke = z.strictObject({
  /** Call the model with a token; `false` when no request can be sent safely (the refusals are still checked). */
  predict: z.boolean().default(true),
  /**
   * JSON body of the call, in the model's input shape.
   *
   * @default per API: `openai` a one-message chat (`max_tokens: 8`), `v1` `{"instances": [[1.0, 2.0, 3.0, 4.0]]}`, `v2` one FP32 tensor `input-0` of shape [1, 4]
   */
  body: z.unknown().optional(),
  /** HTTP status the call must answer. @default - any 2xx */
  expectedStatus: z.int().min(200).max(599).optional(),
});

/** One model served by OpenShift AI and published through the gateway (design step 2). */
export const model = z.strictObject({
  /** InferenceService name; names its Service and Route and is part of public URLs: treat as stable. */
  name: dnsLabel,
  /** Namespace of the InferenceService (an OpenShift AI data science project); created with its NetworkPolicy. */
  namespace: dnsLabel,
  /** Name shown in the OpenShift AI dashboard. @default the name */
  displayName: z.string().min(1).optional(),
  /**
   * How KServe runs the model: `RawDeployment` (a Deployment and a Service), `Serverless` (Knative, scales to
   * zero) or `ModelMesh` (many models share the runtime's pods).
   */
  deploymentMode: z.enum(['RawDeployment', 'Serverless', 'ModelMesh']).default('RawDeployment'),
  /** The model's format, matched against the runtime's `supportedModelFormats`. */
  modelFormat: z.strictObject({
    /** Format name, e.g. `vLLM`, `sklearn`, `onnx`. */
    name: z.string().min(1),
    /** Format version, e.g. `1` for ONNX opset-independent models. */
    version: z.string().min(1).optional(),
  }),
  /** ServingRuntime name: one of `serving.runtimes`, `serving.modelMeshRuntimes`, or `serving.platformRuntimes` (provided in the namespace by the platform). */
  runtime: dnsLabel,
  /** Where the model files are, e.g. `oci://...`, `s3://bucket/path`, `pvc://claim/path`. Give this or `storage`. */
  storageUri: z.string().min(1).optional(),
  /** A data connection (its Secret key in the storage-config Secret) and the path in it. Give this or `storageUri`. */
  storage: z
    .strictObject({
      /** Data connection name (key of the `storage-config` Secret). */
      key: dnsSubdomain,
      /** Path of the model in the bucket. */
      path: z.string().min(1),
    })
    .optional(),
  /** Compute for each predictor replica; requests equal limits (predictable latency, no overcommit). */
  resources: z
    .strictObject({
      /** CPU cores. */
      cpu: quantity.default('1'),
      /** Memory. */
      memory: quantity.default('2Gi'),
      /** NVIDIA GPUs (`nvidia.com/gpu`). */
      gpu: int32().min(0).default(0),
    })
    .default({ cpu: '1', memory: '2Gi', gpu: 0 }),
  /** Tolerations for tainted nodes, e.g. GPU nodes. */
  tolerations: z.array(toleration).default([]),
  /** Node labels the predictor must run on, e.g. a GPU product. */
  nodeSelector: z.record(z.string(), z.string()).default({}),
  /** Minimum predictor replicas; `0` lets a Serverless model scale to zero. */
  minReplicas: int32().min(0).default(1),
  /** Maximum predictor replicas. @default minReplicas (or 1 with `minReplicas: 0`) */
  maxReplicas: int32().min(1).optional(),
  /** Extra arguments appended to the runtime's, e.g. `--max-model-len=4096`. */
  args: z.array(z.string()).default([]),
  /** The REST API the model speaks. @default the runtime's `api` when defined here, else `v2` for ModelMesh, else `v1` */
  api: servingApi.optional(),
  /**
   * `internal`: the gateway reaches the predictor Service in-cluster; no Route. `route`: an OpenShift Route on
   * the apps domain, TLS terminated at the router, to a token gate that admits only the realm's access tokens.
   */
  exposure: z.enum(['internal', 'route']).default('internal'),
  /** How the smoke check calls this model. @default a request in the shape of the model's API, expecting a 2xx */
  smoke: modelSmoke.prefault({}),
  /** How the Route handles TLS (with `exposure: route`). */
  tlsTermination: z
    .enum(['reencrypt', 'edge'], {
      error: (issue) =>
        `${show(issue.input)} is not allowed: a model Route terminates TLS at the router, "reencrypt" (to the ` +
        'token gate) or "edge"; passthrough and plain HTTP are refused',
    })
    .default('reencrypt'),
});

/** A ModelMesh runtime as loaded, defaults applied. */
export type ModelMeshRuntimeSpec = z.output<typeof modelMeshRuntime>;

/** A serving runtime as loaded, defaults applied. */
export type ServingRuntimeSpec = z.output<typeof servingRuntime>;

/** A model's smoke request as loaded, defaults applied. */
export type ModelSmoke = z.output<typeof modelSmoke>;

/** The serving section as loaded, defaults applied. */
export type Serving = z.output<typeof serving>;
