import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Model } from '../config/schema';
import type { ModelEndpointOutputs } from './outputs';

/** Properties for `ServingChart`. */
export interface ServingChartProps {
  /** The models to serve. */
  readonly models: readonly Model[];
  /** Namespace of the API gateway (APIcast), the only client allowed to reach the models. */
  readonly gatewayNamespace: string;
}

/** The models on OpenShift AI (design step 2). */
export class ServingChart extends Chart {
  /** Per model, where the gateway reaches it. */
  public readonly endpoints: readonly ModelEndpointOutputs[];

  constructor(scope: Construct, id: string, props: ServingChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const namespaces = [...new Set(props.models.map((m) => m.namespace))].sort();
    for (const namespace of namespaces) {
      new k8s.KubeNamespace(this, `Namespace-${namespace}`, {
        metadata: {
          name: namespace,
          // Shows the namespace as a data science project in the OpenShift AI dashboard.
          labels: { 'opendatahub.io/dashboard': 'true' },
        },
      });
    }
    this.endpoints = props.models.map((m) => ({
      name: m.name,
      namespace: m.namespace,
      url: `http://${m.name}-predictor.${m.namespace}.svc.cluster.local`,
      openAICompatible: false,
    }));
  }
}
