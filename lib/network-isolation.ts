import { ODH_SERVERLESS_NETWORK_POLICIES } from './upstream/serving';

/**
 * Who may reach a model's pods besides the gateway. `gateway-only`: nobody (RawDeployment and ModelMesh in a
 * namespace without Serverless models). `openshift-ai-serverless-default`: what OpenShift AI opens for a
 * Serverless model and cannot be closed (its NetworkPolicies admit every data science project, the router and
 * monitoring to every pod of the namespace), acknowledged in the environment file so a reviewer sees it.
 */
export const NETWORK_ISOLATION_VALUES = ['gateway-only', 'openshift-ai-serverless-default'] as const;
export type NetworkIsolation = (typeof NETWORK_ISOLATION_VALUES)[number];

/** The acknowledgement, as the environment file spells it. */
export const SERVERLESS_DEFAULT: NetworkIsolation = 'openshift-ai-serverless-default';

/** The InferenceService annotation that carries the acknowledgement into dist/ (read by validate). */
export const NETWORK_ISOLATION_ANNOTATION = 'maas-gitops/network-isolation';

/** What OpenShift AI opens in a namespace with a Serverless model, for messages. */
export const SERVERLESS_OPENING =
  `OpenShift AI adds ${ODH_SERVERLESS_NETWORK_POLICIES.value.join(', ')} there, admitting every data science project ` +
  '(opendatahub.io/dashboard=true namespaces), the router and monitoring to every pod of the namespace, and NetworkPolicies only add ' +
  `(${ODH_SERVERLESS_NETWORK_POLICIES.source})`;
