import { Chart } from 'cdk8s';
import { k8s } from '../k8s';
import { Construct } from 'constructs';
import type { Model } from '../config/schema';
import type { ModelMeshRuntimeSpec, ServingRuntimeSpec } from '../config/serving';
import { ModelEndpoint } from '../constructs/model-endpoint';
import { ModelNetworkPolicy } from '../constructs/model-network-policy';
import { ModelMeshServingRuntime, ModelServingRuntime } from '../constructs/serving-runtime';
import { TOKEN_GATE_POD_LABELS } from '../constructs/token-gate';
import { OPENSHIFT_AI_APPLICATIONS_NAMESPACE } from '../upstream/serving';
import type { ModelEndpointOutputs } from './outputs';

/** Properties for `ServingChart`. */
export interface ServingChartProps {
  /** The models to serve. */
  readonly models: readonly Model[];
  /** Namespace of the API gateway (APIcast), the only client allowed to reach the models. */
  readonly gatewayNamespace: string;
  /**
   * Serving runtimes defined by the environment; each is rendered into the namespaces of the models using it.
   * A model naming another runtime uses one that exists in its namespace.
   *
   * @default []
   */
  readonly runtimes?: readonly ServingRuntimeSpec[];
  /**
   * ModelMesh runtimes rendered from OpenShift AI's templates into the namespaces of the ModelMesh models using them.
   *
   * @default []
   */
  readonly modelMeshRuntimes?: readonly ModelMeshRuntimeSpec[];
  /**
   * OpenShift AI's applications namespace, where the ModelMesh controller runs.
   *
   * @default "redhat-ods-applications"
   */
  readonly applicationsNamespace?: string;
  /**
   * Seconds a routed model's Route lets a request run, per model name: the gateway's upstream timeout of its
   * Product, so that the router never cuts a call the gateway still waits for.
   *
   * @default - 30 s, the router's default
   */
  readonly routeTimeoutSeconds?: Readonly<Record<string, number>>;
  /**
   * The cluster's apps domain, for the hosts of routed models.
   *
   * @default - no model may be routed
   */
  readonly appsDomain?: string;
  /**
   * Issuer URL of the realm whose access tokens routed models accept.
   *
   * @default - no model may be routed
   */
  readonly tokenIssuerUrl?: string;
  /**
   * Envoy image of the token gates in front of routed models.
   *
   * @default - no model may be routed
   */
  readonly tokenGateImage?: string;
  /**
   * Where token gates fetch the realm's keys in the cluster.
   *
   * @default - the public issuer URL
   */
  readonly tokenGateJwks?: { readonly url: string; readonly tls: 'service-ca' | 'none' };
}

/**
 * The models on OpenShift AI (design step 2): per model namespace a Namespace (a data science project) and
 * the NetworkPolicies that admit only the gateway; per model an InferenceService, and when routed a token gate
 * and a Route to it;
 * the environment's ServingRuntimes where models use them.
 */
export class ServingChart extends Chart {
  /** Per model, where the gateway reaches it. */
  public readonly endpoints: readonly ModelEndpointOutputs[];

  constructor(scope: Construct, id: string, props: ServingChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const runtimes = new Map((props.runtimes ?? []).map((r) => [r.name, r]));
    const modelMeshRuntimes = new Map((props.modelMeshRuntimes ?? []).map((r) => [r.name, r]));
    const applicationsNamespace = props.applicationsNamespace ?? OPENSHIFT_AI_APPLICATIONS_NAMESPACE.value;
    const policies = new Map<string, ModelNetworkPolicy>();

    const namespaces = [...new Set(props.models.map((m) => m.namespace))].sort();
    for (const namespace of namespaces) {
      const models = props.models.filter((m) => m.namespace === namespace);
      const modelMesh = models.some((m) => m.deploymentMode === 'ModelMesh');
      new k8s.KubeNamespace(this, `Namespace-${namespace}`, {
        metadata: {
          name: namespace,
          labels: {
            // Shows the namespace as a data science project in the OpenShift AI dashboard.
            'opendatahub.io/dashboard': 'true',
            // Selects the project's serving platform: ModelMesh (multi-model) or KServe (single-model).
            'modelmesh-enabled': String(modelMesh),
          },
        },
      });
      policies.set(namespace, new ModelNetworkPolicy(this, `NetworkPolicy-${namespace}`, {
        namespace,
        gatewayNamespace: props.gatewayNamespace,
        tokenGatePodLabels: models.some((m) => m.exposure === 'route') ? TOKEN_GATE_POD_LABELS : undefined,
        allowKnative: models.some((m) => m.deploymentMode === 'Serverless'),
        allowSameNamespace: modelMesh,
        modelMeshControllerNamespace: modelMesh ? applicationsNamespace : undefined,
      }));
      const runtimeNames = [...new Set(models.map((m) => m.runtime))].sort();
      for (const runtime of runtimeNames.flatMap((name) => modelMeshRuntimes.get(name) ?? [])) {
        new ModelMeshServingRuntime(this, `Runtime-${namespace}-${runtime.name}`, { name: runtime.name, namespace, image: runtime.image });
      }
      const used = runtimeNames.flatMap((name) => runtimes.get(name) ?? []);
      for (const runtime of used) {
        new ModelServingRuntime(this, `Runtime-${namespace}-${runtime.name}`, {
          name: runtime.name,
          namespace,
          image: runtime.image,
          displayName: runtime.displayName,
          command: runtime.command,
          args: runtime.args,
          env: runtime.env,
          containerPort: runtime.containerPort,
          supportedModelFormats: runtime.supportedModelFormats,
          recommendedAccelerators: runtime.recommendedAccelerators,
        });
      }
    }

    this.endpoints = props.models.map((m) => {
      const runtime = runtimes.get(m.runtime);
      const endpoint = new ModelEndpoint(this, `Model-${m.namespace}-${m.name}`, {
        name: m.name,
        namespace: m.namespace,
        displayName: m.displayName,
        deploymentMode: m.deploymentMode,
        modelFormat: m.modelFormat.name,
        modelFormatVersion: m.modelFormat.version,
        runtime: m.runtime,
        // A runtime not defined here is one of OpenShift AI's, which listen on KServe's default port 8080.
        containerPort: runtime?.containerPort,
        storageUri: m.storageUri,
        storageKey: m.storage?.key,
        storagePath: m.storage?.path,
        cpu: m.resources.cpu,
        memory: m.resources.memory,
        gpu: m.resources.gpu,
        tolerations: m.tolerations,
        nodeSelector: m.nodeSelector,
        minReplicas: m.minReplicas,
        maxReplicas: m.maxReplicas,
        args: m.args,
        api: m.api ?? runtime?.api,
        exposure: m.exposure,
        tlsTermination: m.tlsTermination,
        appsDomain: props.appsDomain,
        tokenIssuerUrl: props.tokenIssuerUrl,
        tokenGateImage: props.tokenGateImage,
        tokenGateJwks: props.tokenGateJwks,
        routeTimeoutSeconds: props.routeTimeoutSeconds?.[m.name],
      });
      const policy = policies.get(m.namespace);
      return {
        name: endpoint.name,
        namespace: endpoint.namespace,
        url: endpoint.url,
        openAICompatible: endpoint.api === 'openai',
        api: endpoint.api,
        exposure: m.exposure,
        internalUrl: endpoint.internalUrl,
        serviceName: endpoint.serviceName,
        port: endpoint.port,
        scheme: endpoint.scheme,
        deploymentMode: endpoint.deploymentMode,
        admittedBy: policy?.name ?? '',
        tokenGate: endpoint.tokenGate === undefined
          ? undefined
          : { serviceName: endpoint.tokenGate.serviceName, port: endpoint.tokenGate.port, admittedBy: policy?.routerPolicyName ?? '' },
        storageKey: m.storage?.key,
        pathPrefix: endpoint.pathPrefix,
        predictPath: endpoint.predictPath,
      };
    });
  }
}
