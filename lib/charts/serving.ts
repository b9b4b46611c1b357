import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { Model } from '../config/schema';

/** Properties for `ServingChart`. */
export interface ServingChartProps {
  /** The models to serve. */
  readonly models: readonly Model[];
}

/** The models on OpenShift AI (design step 2): their namespaces. */
export class ServingChart extends Chart {
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
  }
}
