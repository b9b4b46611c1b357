import { MODELMESH_GRPC_PORT, MODELMESH_REST_PORT, MODELMESH_SERVICE, MODELMESH_SOURCES, SERVING_MODES, modelAddress, type DeploymentMode } from './serving';
import type { ControllerEffect, Manifest } from './types';

/**
 * The table of controller effects: for each kind a controller reconciles, what it reads, creates and reports.
 * One section per upstream system; rows are added in the section of their system, each citing its sources.
 */

/** Keycloak: the RHBK operator (k8s.keycloak.org) and the legacy RH-SSO operator (keycloak.org). */
export const KEYCLOAK_EFFECTS: readonly ControllerEffect[] = [];

/** 3scale operator (capabilities.3scale.net) and zync. */
export const THREESCALE_EFFECTS: readonly ControllerEffect[] = [];

/** KServe (opendatahub-io/kserve), odh-model-controller, ModelMesh and Knative as OpenShift AI runs them. */
export const SERVING_EFFECTS: readonly ControllerEffect[] = [
  {
    // What the gateway connects to, per deployment mode: the detail (and each cell's source) is in ./serving.ts.
    kind: 'serving.kserve.io/InferenceService',
    controller: 'kserve-controller-manager (opendatahub-io/kserve), odh-model-controller, modelmesh-controller',
    reads: (isvc) => {
      const runtime = (isvc.spec?.predictor as { model?: { runtime?: string } } | undefined)?.model?.runtime;
      return runtime === undefined ? [] : [{ kind: 'serving.kserve.io/ServingRuntime', name: runtime, namespace: isvc.metadata.namespace }];
    },
    creates: (isvc) => {
      const mode = isvcMode(isvc);
      const namespace = isvc.metadata.namespace ?? '';
      const address = modelAddress(mode, isvc.metadata.name, namespace, 8080);
      if (mode === 'ModelMesh') {
        return [{
          kind: 'core/Service', name: MODELMESH_SERVICE, namespace, when: 'reconciled',
          service: { headless: true, ports: [{ name: 'grpc', port: MODELMESH_GRPC_PORT, scheme: 'grpc' }, { name: 'http', port: MODELMESH_REST_PORT, scheme: 'http' }] },
        }];
      }
      if (mode === 'Serverless') {
        // An ExternalName Service to kserve-local-gateway, created once the ingress is reconciled.
        return [{ kind: 'core/Service', name: address.serviceName, namespace, when: 'ready', service: { headless: false, ports: [{ port: 443, scheme: 'https' }] } }];
      }
      // Port 80 forwards to the runtime's first container port (8080 when it declares none); headless, so
      // clients reach the pod on the port they ask for.
      return [{ kind: 'core/Service', name: address.serviceName, namespace, when: 'reconciled', service: { headless: true, ports: [{ port: 80, targetPort: 8080, scheme: 'http' }] } }];
    },
    statuses: (isvc) => {
      if (isvcMode(isvc) !== 'Serverless') return [{}];
      const address = modelAddress('Serverless', isvc.metadata.name, isvc.metadata.namespace ?? '', 443);
      return [{}, { address: { url: address.url } }];
    },
    sources: [...new Set([
      ...Object.values(SERVING_MODES).flatMap((facts) => Object.values(facts).map((cell) => (cell as { source: string }).source)),
      ...MODELMESH_SOURCES,
    ])].sort(),
  },
];

function isvcMode(isvc: Manifest): DeploymentMode {
  const annotations = (isvc.metadata.annotations ?? {}) as Record<string, string>;
  const mode = annotations['serving.kserve.io/deploymentMode'];
  return mode === 'Serverless' || mode === 'ModelMesh' ? mode : 'RawDeployment';
}

/** External Secrets, OLM, OpenShift (router, service CA) and Kubernetes built-ins. */
export const PLATFORM_EFFECTS: readonly ControllerEffect[] = [
  {
    // HAProxy cuts a request after `timeout server`: 30 s unless the Route's `haproxy.router.openshift.io/timeout`
    // annotation says otherwise (see ROUTER_DEFAULT_SERVER_TIMEOUT_SECONDS).
    kind: 'route.openshift.io/Route',
    controller: 'OpenShift router (openshift/router, HAProxy)',
    reads: (route) => {
      const to = (route.spec?.to ?? {}) as { name?: string };
      return to.name === undefined ? [] : [{ kind: 'core/Service', name: to.name, namespace: route.metadata.namespace }];
    },
    creates: () => [],
    statuses: () => [{}, { ingress: [{ conditions: [{ type: 'Admitted', status: 'True' }] }] }],
    sources: ['openshift/router images/router/haproxy/conf/haproxy-config.template@release-4.16'],
  },
];

/** The router's default server timeout (`ROUTER_DEFAULT_SERVER_TIMEOUT`, default "30s"), seconds. */
export const ROUTER_DEFAULT_SERVER_TIMEOUT_SECONDS = 30;
/** The Route annotation that overrides it per Route. */
export const ROUTER_TIMEOUT_ANNOTATION = 'haproxy.router.openshift.io/timeout';

/** Every row, keyed by `<group>/<Kind>`. A kind appears once. */
export const CONTROLLER_EFFECTS: ReadonlyMap<string, ControllerEffect> = new Map(
  [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS].map((row) => [row.kind, row]),
);
