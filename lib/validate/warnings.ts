import { ODH_SERVERLESS_NETWORK_POLICIES } from '../upstream/serving';
import { finding, type Finding, type Manifest } from './manifests';

/**
 * Facts a reviewer must know that are not errors. `serverless-namespace-open`: odh-model-controller adds
 * NetworkPolicies to every namespace with a Serverless InferenceService that admit the router, monitoring and
 * every data science project; NetworkPolicies only add, so the namespace's own policy cannot close them and a
 * workbench in any project can call the model without the gateway. One warning per namespace.
 */
export function checkWarnings(manifests: readonly Manifest[]): Finding[] {
  const seen = new Set<string>();
  return manifests
    .filter((m) => m.kind === 'InferenceService' && m.apiVersion.startsWith('serving.kserve.io/'))
    .filter((m) => {
      const annotations = (m.value.metadata as { annotations?: Record<string, string> } | undefined)?.annotations ?? {};
      return annotations['serving.kserve.io/deploymentMode'] === 'Serverless';
    })
    .filter((m) => {
      const key = `${m.environment}/${m.namespace}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .map((m) => finding(m, '/metadata/annotations/serving.kserve.io~1deploymentMode', 'serverless-namespace-open',
      `namespace "${m.namespace}" serves Serverless models: OpenShift AI adds ${ODH_SERVERLESS_NETWORK_POLICIES.value.join(', ')} there, for every pod of the namespace, ` +
        'admitting every data science project (opendatahub.io/dashboard=true namespaces), the router and monitoring; NetworkPolicies only add, ' +
        'so the gateway is not the only way in. For gateway-only isolation use deploymentMode RawDeployment, or a namespace of its own ' +
        `for Serverless models with those policies accounted for (${ODH_SERVERLESS_NETWORK_POLICIES.source})`));
}
