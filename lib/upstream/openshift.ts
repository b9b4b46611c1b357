/**
 * Facts of the OpenShift platform the request path crosses: the namespaces traffic comes from, the router's
 * defaults and the self-managed APIcast gateways the platform team runs. Each cites its source.
 */
import type { Source } from './types';

/** A namespace whose pods open connections on the request path, with the labels NetworkPolicies select it by. */
export interface PlatformNamespace {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly source: Source;
}

/** The router: its namespace carries `network.openshift.io/policy-group: ingress`. */
export const ROUTER_NAMESPACE: PlatformNamespace = {
  namespace: 'openshift-ingress',
  labels: { 'kubernetes.io/metadata.name': 'openshift-ingress', 'network.openshift.io/policy-group': 'ingress' },
  source: 'openshift/cluster-ingress-operator manifests/00-namespace.yaml@release-4.16',
};

/** OpenShift AI's applications namespace, where the ModelMesh and odh-model-controller pods run. */
export const ODH_APPLICATIONS_NAMESPACE: PlatformNamespace = {
  namespace: 'redhat-ods-applications',
  labels: { 'kubernetes.io/metadata.name': 'redhat-ods-applications' },
  source: 'opendatahub-io/opendatahub-operator apis/dscinitialization/v1/dscinitialization_types.go@v2.22.0',
};

/** Any data-science project: the dashboard labels the namespaces it creates `opendatahub.io/dashboard: "true"`. */
export const WORKBENCH_NAMESPACE: PlatformNamespace = {
  namespace: 'a-data-science-project',
  labels: { 'kubernetes.io/metadata.name': 'a-data-science-project', 'opendatahub.io/dashboard': 'true' },
  source: 'opendatahub-io/odh-dashboard backend/src/utils/resourceUtils.ts@v2.28.0',
};

/** Any other namespace, with only the label the API server gives every namespace. */
export const OTHER_NAMESPACE: PlatformNamespace = {
  namespace: 'any-other-namespace',
  labels: { 'kubernetes.io/metadata.name': 'any-other-namespace' },
  source: 'kubernetes/kubernetes pkg/registry/core/namespace/strategy.go@v1.28.0',
};

/** The router closes a connection idle for this long unless the Route sets `haproxy.router.openshift.io/timeout`. */
export const ROUTER_DEFAULT_TIMEOUT_SECONDS = 30;
export const ROUTER_TIMEOUT_SOURCE: Source = 'openshift/router images/router/haproxy/conf/haproxy-config.template@release-4.16';

/** Self-managed APIcast: the Services of the staging and production gateways in the 3scale namespace. */
export const APICAST_SERVICES = {
  staging: { name: 'apicast-staging', port: 8080 },
  production: { name: 'apicast-production', port: 8080 },
  source: '3scale/3scale-operator pkg/3scale/amp/component/apicast.go@3scale-2.15.1-GA',
} as const;

/** Mode-independent: the port ModelMesh's controller calls the runtime pods on (gRPC). */
export const MODELMESH_CONTROLLER_PORT = { port: 8033, source: 'kserve/modelmesh-serving pkg/mmesh/modelmesh_service.go@v0.12.0' } as const;
