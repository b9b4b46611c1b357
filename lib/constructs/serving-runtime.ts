import { Construct } from 'constructs';
import {
  ServingRuntime,
  ServingRuntimeSpecContainersResourcesLimits as Limit,
  ServingRuntimeSpecContainersResourcesRequests as Request,
} from '../../imports/kserve-servingruntime-serving.kserve.io';
import { OVMS_MODELMESH_TEMPLATE } from '../upstream/serving';

/** A model format a runtime serves. */
export interface SupportedModelFormat {
  /** Format name, e.g. `vLLM`. */
  readonly name: string;
  /**
   * Format version.
   *
   * @default - any version
   */
  readonly version?: string;
  /**
   * Lets KServe pick this runtime for a model of this format that names no runtime.
   *
   * @default true
   */
  readonly autoSelect?: boolean;
}

/** Properties for `ModelServingRuntime`. */
export interface ModelServingRuntimeProps {
  /** ServingRuntime name; InferenceServices refer to it in `predictor.model.runtime`. */
  readonly name: string;
  /** Namespace of the models that use it (a ServingRuntime serves its own namespace only). */
  readonly namespace: string;
  /** Container image, pinned by digest outside dev. */
  readonly image: string;
  /** Model formats the runtime serves. */
  readonly supportedModelFormats: readonly SupportedModelFormat[];
  /**
   * Name shown in the OpenShift AI dashboard.
   *
   * @default the name
   */
  readonly displayName?: string;
  /**
   * Container command.
   *
   * @default - the image's entrypoint
   */
  readonly command?: readonly string[];
  /**
   * Container arguments.
   *
   * @default []
   */
  readonly args?: readonly string[];
  /**
   * Container environment variables.
   *
   * @default {}
   */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Port the server listens on for REST.
   *
   * @default 8080
   */
  readonly containerPort?: number;
  /**
   * Accelerators the dashboard recommends for this runtime.
   *
   * @default []
   */
  readonly recommendedAccelerators?: readonly string[];
}

/** A single-model KServe ServingRuntime in one namespace, shown in the OpenShift AI dashboard. */
export class ModelServingRuntime extends Construct {
  /** ServingRuntime name, for `predictor.model.runtime`. */
  public readonly name: string;
  /** Port the server listens on for REST. */
  public readonly containerPort: number;

  constructor(scope: Construct, id: string, props: ModelServingRuntimeProps) {
    super(scope, id);
    const containerPort = props.containerPort ?? 8080;
    const displayName = props.displayName ?? props.name;
    const recommendedAccelerators = props.recommendedAccelerators ?? [];
    const env = props.env ?? {};
    this.name = props.name;
    this.containerPort = containerPort;

    const annotations: Record<string, string> = {
      'openshift.io/display-name': displayName,
      'opendatahub.io/apiProtocol': 'REST',
    };
    if (recommendedAccelerators.length > 0) {
      annotations['opendatahub.io/recommended-accelerators'] = JSON.stringify(recommendedAccelerators);
    }

    new ServingRuntime(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'opendatahub.io/dashboard': 'true' },
        annotations,
      },
      spec: {
        multiModel: false,
        // Lets OpenShift user-workload monitoring scrape the runtime's metrics.
        annotations: { 'prometheus.kserve.io/port': String(containerPort), 'prometheus.kserve.io/path': '/metrics' },
        supportedModelFormats: props.supportedModelFormats.map((f) => ({
          name: f.name,
          version: f.version,
          autoSelect: f.autoSelect ?? true,
        })),
        containers: [
          {
            // KServe merges the InferenceService's predictor (resources, args) into the container of this name.
            name: 'kserve-container',
            image: props.image,
            command: props.command ? [...props.command] : undefined,
            args: props.args && props.args.length > 0 ? [...props.args] : undefined,
            env: Object.keys(env).length > 0 ? Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({ name, value })) : undefined,
            ports: [{ containerPort, protocol: 'TCP' }],
          },
        ],
      },
    });
  }
}

/** Properties for `ModelMeshServingRuntime`. */
export interface ModelMeshServingRuntimeProps {
  /** ServingRuntime name; ModelMesh InferenceServices refer to it in `predictor.model.runtime`. */
  readonly name: string;
  /** Namespace of the ModelMesh models that use it. */
  readonly namespace: string;
  /** OpenVINO Model Server image (the template's `$(ovms-image)` parameter). */
  readonly image: string;
}

/**
 * A ModelMesh (multi-model) ServingRuntime as OpenShift AI's `ovms` Template defines it: OpenShift AI ships it
 * only as a Template that the dashboard instantiates per project, so a project declared in Git has none until
 * it is rendered here. The spec is the template's (`OVMS_MODELMESH_TEMPLATE`, with its source).
 */
export class ModelMeshServingRuntime extends Construct {
  /** ServingRuntime name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: ModelMeshServingRuntimeProps) {
    super(scope, id);
    const t = OVMS_MODELMESH_TEMPLATE;
    this.name = props.name;
    new ServingRuntime(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: { 'opendatahub.io/dashboard': 'true' },
        annotations: {
          'openshift.io/display-name': t.displayName,
          'opendatahub.io/apiProtocol': 'REST',
        },
      },
      spec: {
        multiModel: true,
        builtInAdapter: {
          env: t.builtInAdapter.env.map((e) => ({ ...e })),
          memBufferBytes: t.builtInAdapter.memBufferBytes,
          modelLoadingTimeoutMillis: t.builtInAdapter.modelLoadingTimeoutMillis,
          runtimeManagementPort: t.builtInAdapter.runtimeManagementPort,
          serverType: t.builtInAdapter.serverType,
        },
        containers: [
          {
            name: t.containerName,
            image: props.image,
            args: [...t.args],
            // As the template: ModelMesh sizes the pod; zero requests and limits leave it to the runtime's adapter.
            resources: {
              limits: { cpu: Limit.fromString('0'), memory: Limit.fromString('0Gi') },
              requests: { cpu: Request.fromString('0'), memory: Request.fromString('0Gi') },
            },
          },
        ],
        grpcDataEndpoint: t.grpcDataEndpoint,
        grpcEndpoint: t.grpcEndpoint,
        protocolVersions: [...t.protocolVersions],
        replicas: 1,
        supportedModelFormats: t.supportedModelFormats.map((f) => ({ ...f })),
      },
    });
  }
}
