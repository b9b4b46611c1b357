import { Chart } from 'cdk8s';
import { k8s } from '../k8s';
import { Construct } from 'constructs';
import type { Model } from '../config/schema';
import type { ServingRuntimeSpec } from '../config/serving';
import { ModelEndpoint } from '../constructs/model-endpoint';
import { ModelNetworkPolicy } from '../constructs/model-network-policy';
import { ModelServingRuntime } from '../constructs/serving-runtime';
import { TOKEN_GATE_POD_LABELS } from '../constructs/token-gate';
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
      new ModelNetworkPolicy(this, `NetworkPolicy-${namespace}`, {
        namespace,
        gatewayNamespace: props.gatewayNamespace,
        tokenGatePodLabels: models.some((m) => m.exposure === 'route') ? TOKEN_GATE_POD_LABELS : undefined,
        allowKnative: models.some((m) => m.deploymentMode === 'Serverless'),
        allowSameNamespace: modelMesh,
      });
      const used = [...new Set(models.map((m) => m.runtime))].sort().flatMap((name) => runtimes.get(name) ?? []);
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
      });
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
        pathPrefix: endpoint.pathPrefix,
        predictPath: endpoint.predictPath,
      };
    });
  }
}
