import { groupBy } from '../../group-by';
import { CONTROLLER_EFFECTS } from '../../upstream/controller-effects';
import { NETWORK_ISOLATION_ANNOTATION, SERVERLESS_DEFAULT } from '../../network-isolation';
import { deploymentModeOf, ODH_SERVERLESS_NETWORK_POLICIES, podLabelsOf } from '../../upstream/serving';
import {
  APICAST_SERVICES, MODELMESH_CONTROLLER_PORT, ODH_APPLICATIONS_NAMESPACE, OTHER_NAMESPACE, type PlatformNamespace,
  ROUTER_DEFAULT_TIMEOUT_SECONDS, ROUTER_NAMESPACE, ROUTER_TIMEOUT_SOURCE, WORKBENCH_NAMESPACE,
} from '../../upstream/openshift';
import type { CreatedObject, ServedPort } from '../../upstream/types';
import type { Finding } from '../manifests';
import { parse as parseYaml } from 'yaml';
import { admits, type Endpoint, type Policy } from './network-policy';
import { type ClusterObject, clusterFinding, get, label } from './world';

/** One hop of a model's request path. */
export interface Hop {
  readonly hop: string;
  readonly target: string;
  readonly port: string;
  readonly tls: string;
  readonly admittedBy: string;
}

/** The path of one model, hop by hop, and what is wrong with it. */
export interface ModelPath {
  readonly model: string;
  readonly mode: string;
  readonly hops: readonly Hop[];
}

/** Everything that exists once every controller has done its work: rendered objects and what they create. */
export interface SteadyState {
  readonly objects: readonly ClusterObject[];
  readonly created: readonly { object: CreatedObject; by: ClusterObject }[];
}

/** Every object a controller creates from `objects`, assuming all become ready. */
export function steadyState(objects: readonly ClusterObject[]): SteadyState {
  const created = objects.flatMap((by) => (CONTROLLER_EFFECTS.get(by.groupKind)?.creates(by.upstream) ?? []).map((object) => ({ object, by })));
  return { objects, created };
}

/**
 * The objects of one kind (`<group>/<Kind>`), rendered or created: every model's path looks up a few kinds, so
 * each list is indexed once rather than scanned per model (linear in the models instead of quadratic).
 */
const RENDERED_BY_KIND = new WeakMap<readonly ClusterObject[], Map<string, ClusterObject[]>>();
const CREATED_BY_KIND = new WeakMap<SteadyState['created'], Map<string, SteadyState['created'][number][]>>();

function ofKind(objects: readonly ClusterObject[], groupKind: string): readonly ClusterObject[] {
  let index = RENDERED_BY_KIND.get(objects);
  if (index === undefined) {
    index = groupBy(objects, (object) => object.groupKind);
    RENDERED_BY_KIND.set(objects, index);
  }
  return index.get(groupKind) ?? [];
}

function createdOfKind(state: SteadyState, kind: string): SteadyState['created'] {
  let index = CREATED_BY_KIND.get(state.created);
  if (index === undefined) {
    index = groupBy(state.created, (entry) => entry.object.kind);
    CREATED_BY_KIND.set(state.created, index);
  }
  return index.get(kind) ?? [];
}

const ROUTES_BY_HOST = new WeakMap<readonly ClusterObject[], Map<string, ClusterObject>>();

/** The first rendered Route whose `spec.host` is `host`; the Routes are indexed by host once per object list. */
function renderedRouteFor(objects: readonly ClusterObject[], host: string): ClusterObject | undefined {
  let index = ROUTES_BY_HOST.get(objects);
  if (index === undefined) {
    index = new Map();
    for (const route of ofKind(objects, 'route.openshift.io/Route')) {
      const routeHost = get(route.manifest.value, 'spec', 'host');
      if (typeof routeHost === 'string' && !index.has(routeHost)) index.set(routeHost, route);
    }
    ROUTES_BY_HOST.set(objects, index);
  }
  return index.get(host);
}

/** A Route serving `host`, rendered or created; `*` in a created Route's host stands for the router's domain. */
function routeFor(state: SteadyState, host: string): { name: string; namespace: string; tls?: string; timeout?: string; origin: string; object?: ClusterObject } | undefined {
  const object = renderedRouteFor(state.objects, host);
  if (object) {
    return {
      name: object.manifest.name, namespace: object.manifest.namespace,
      tls: get(object.manifest.value, 'spec', 'tls', 'termination') as string | undefined,
      timeout: (get(object.manifest.value, 'metadata', 'annotations') as Record<string, string> | undefined)?.['haproxy.router.openshift.io/timeout'],
      origin: 'rendered', object,
    };
  }
  for (const { object, by } of createdOfKind(state, 'route.openshift.io/Route')) {
    const routeHost = object.route?.host;
    if (!routeHost || routeHost === '*') continue;
    const pattern = new RegExp(`^${routeHost.replace(/[.]/g, '\\.').replace('*', '[^/]+')}$`);
    if (pattern.test(host)) return { name: object.name, namespace: object.namespace ?? '', tls: object.route?.tls, origin: `created by ${by.manifest.kind} ${by.manifest.name}` };
  }
  return undefined;
}

/** `<name>.<namespace>.svc[.cluster.local]` -> the Service, rendered or created. */
function serviceFor(state: SteadyState, host: string): { name: string; namespace: string; headless: boolean; ports: readonly ServedPort[]; meshOnly: boolean; podLabels?: Record<string, string>; origin: string } | undefined {
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(\.cluster\.local)?$/.exec(host);
  if (!match) return undefined;
  const [, name, namespace] = match;
  for (const object of ofKind(state.objects, 'core/Service')) {
    if (object.manifest.name === name && object.manifest.namespace === namespace) {
      const ports = ((get(object.manifest.value, 'spec', 'ports') ?? []) as { port: number; targetPort?: number; name?: string }[])
        .map((p): ServedPort => ({ name: p.name, port: p.port, targetPort: typeof p.targetPort === 'number' ? p.targetPort : undefined, scheme: p.name === 'https' ? 'https' : 'http' }));
      return { name, namespace, headless: get(object.manifest.value, 'spec', 'clusterIP') === 'None', ports, meshOnly: false,
        podLabels: get(object.manifest.value, 'spec', 'selector') as Record<string, string> | undefined, origin: 'rendered' };
    }
  }
  for (const { object, by } of createdOfKind(state, 'core/Service')) {
    if (object.name === name && object.namespace === namespace && object.service) {
      return { name, namespace, headless: object.service.headless, ports: object.service.ports, meshOnly: object.meshOnly === true, podLabels: object.pods?.labels as Record<string, string> | undefined, origin: `created by ${by.manifest.kind} ${by.manifest.name}` };
    }
  }
  return undefined;
}

function namespaceLabels(state: SteadyState, namespace: string): Record<string, string> {
  const object = ofKind(state.objects, 'core/Namespace').find((o) => o.manifest.name === namespace);
  return { ...((get(object?.manifest.value, 'metadata', 'labels') ?? {}) as Record<string, string>), 'kubernetes.io/metadata.name': namespace };
}

function policiesIn(state: SteadyState, namespace: string): Policy[] {
  return [
    ...ofKind(state.objects, 'networking.k8s.io/NetworkPolicy').filter((o) => o.manifest.namespace === namespace)
      .map((o) => ({ name: o.manifest.name, namespace, spec: (o.manifest.value.spec ?? {}) as Record<string, unknown>, origin: 'rendered' })),
    ...createdOfKind(state, 'networking.k8s.io/NetworkPolicy').filter(({ object }) => object.namespace === namespace && object.networkPolicy)
      .map(({ object, by }) => ({ name: object.name, namespace, spec: object.networkPolicy ?? {}, origin: `created by ${CONTROLLER_EFFECTS.get(by.groupKind)?.controller ?? by.manifest.kind}` })),
  ].filter((p, i, all) => all.findIndex((q) => q.name === p.name) === i);
}

function platformEndpoint(ns: PlatformNamespace): Endpoint {
  return { namespace: ns.namespace, namespaceLabels: ns.labels, podLabels: {} };
}

/** The container ports of the ServingRuntime an InferenceService names. */
function runtimePorts(state: SteadyState, isvc: ClusterObject): number[] {
  const runtime = get(isvc.manifest.value, 'spec', 'predictor', 'model', 'runtime');
  const object = ofKind(state.objects, 'serving.kserve.io/ServingRuntime').find((o) => o.manifest.name === runtime && o.manifest.namespace === isvc.manifest.namespace);
  const containers = (get(object?.manifest.value, 'spec', 'containers') ?? []) as { ports?: { containerPort: number }[] }[];
  return containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort));
}

/** The issuer URL APIcast is configured with: in the Product, else composed by the ExternalSecret its Secret comes from. */
function issuerOf(state: SteadyState, product: ClusterObject): string | undefined {
  const oidc = (get(product.manifest.value, 'spec', 'deployment', 'apicastSelfManaged', 'authentication', 'oidc') ?? {}) as { issuerEndpoint?: string; issuerEndpointRef?: { name?: string } };
  if (oidc.issuerEndpoint) return oidc.issuerEndpoint;
  const secret = oidc.issuerEndpointRef?.name;
  const external = ofKind(state.objects, 'external-secrets.io/ExternalSecret').find((o) => o.manifest.namespace === product.manifest.namespace &&
    (get(o.manifest.value, 'spec', 'target', 'name') ?? o.manifest.name) === secret);
  return get(external?.manifest.value, 'spec', 'target', 'template', 'data', 'issuerEndpoint') as string | undefined;
}

function parseUrl(url: string): { scheme: string; host: string; port: number; path: string } | undefined {
  const match = /^(https?):\/\/(?:[^@/]*@)?([^:/]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!match) return undefined;
  return { scheme: match[1], host: match[2], port: match[3] ? Number(match[3]) : match[1] === 'https' ? 443 : 80, path: match[4] ?? '/' };
}

/** Seconds of a router timeout annotation (`300s`, `5m`, `300`). */
function seconds(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return NaN;
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 's'] ?? 1;
  return Number(match[1]) * factor;
}

/**
 * Traces each model's request path through the objects that exist once every controller has done its work:
 * token from Keycloak, public gateway Route, APIcast, the Backend URL, the Service KServe creates for the
 * deployment mode, the pod's port; NetworkPolicies evaluated at the model's namespace; and the negative:
 * no namespace other than the gateway's (and the platform's monitoring) reaches a model pod.
 */
export function tracePaths(objects: readonly ClusterObject[]): { paths: ModelPath[]; findings: Finding[] } {
  const state = steadyState(objects);
  const findings: Finding[] = [];
  const paths: ModelPath[] = [];
  for (const isvc of ofKind(objects, 'serving.kserve.io/InferenceService')) {
    const model = isvc.manifest.name;
    const namespace = isvc.manifest.namespace;
    const mode = deploymentModeOf(isvc.upstream);
    const hops: Hop[] = [];
    const hosts = mode === 'ModelMesh' ? [`modelmesh-serving.${namespace}`] : [`${model}-predictor.${namespace}`, `${model}.${namespace}`];
    const candidates = ofKind(objects, 'capabilities.3scale.net/Backend').filter((o) => {
      const host = parseUrl(String(get(o.manifest.value, 'spec', 'privateBaseURL') ?? ''))?.host ?? '';
      return hosts.some((h) => host === `${h}.svc` || host === `${h}.svc.cluster.local`);
    });
    const backend = ofKind(objects, 'capabilities.3scale.net/Backend').find((o) => o.manifest.name === `${model}-backend`) ??
      (candidates.length === 1 ? candidates[0] : undefined);
    const product = backend && ofKind(objects, 'capabilities.3scale.net/Product').find((o) => Object.keys((get(o.manifest.value, 'spec', 'backendUsages') ?? {}) as object).includes(backend.manifest.name));
    if (!backend || !product) {
      hops.push({ hop: 'gateway', target: 'no Backend and Product point at this model', port: '-', tls: '-', admittedBy: '-' });
      paths.push({ model: `${namespace}/${model}`, mode, hops });
      continue;
    }

    // 1. Token: the issuer's host is a Route to Keycloak.
    const issuer = issuerOf(state, product);
    const issuerUrl = issuer ? parseUrl(issuer) : undefined;
    if (issuerUrl) {
      const route = routeFor(state, issuerUrl.host);
      hops.push({ hop: 'token', target: `https://${issuerUrl.host}${issuerUrl.path}`, port: '443', tls: route?.tls ?? '-', admittedBy: route ? `Route ${route.namespace}/${route.name} (${route.origin})` : 'no Route' });
      if (!route) findings.push(clusterFinding(product, '', 'cluster-path-name', `path of ${model}, token: no Route serves the issuer host ${issuerUrl.host}`));
      for (const realmImport of ofKind(objects, 'k8s.keycloak.org/KeycloakRealmImport')) {
        const keycloak = ofKind(objects, 'k8s.keycloak.org/Keycloak').find((o) => o.manifest.name === get(realmImport.manifest.value, 'spec', 'keycloakCRName') && o.manifest.namespace === realmImport.manifest.namespace);
        if (keycloak && !get(keycloak.manifest.value, 'spec', 'db') && !hops.some((h) => h.hop === 'realm')) {
          hops.push({ hop: 'realm', target: `${label({ kind: 'Keycloak', name: keycloak.manifest.name, namespace: keycloak.manifest.namespace })} has no spec.db`, port: '-', tls: '-', admittedBy: 'realm never imported' });
          findings.push(clusterFinding(keycloak, '/spec', 'cluster-path-realm',
            `path of ${model}, token: Keycloak has no spec.db, so it runs on its in-pod dev-file database and KeycloakRealmImport ${realmImport.manifest.name} imports into the import Job's own copy: the realm never exists in the server (keycloak/keycloak operator/src/main/java/org/keycloak/operator/controllers/KeycloakRealmImportJobDependentResource.java@26.0.0)`));
        }
      }
    }

    // 2. The public gateway Route of each public base URL.
    const readTimeout = ((get(product.manifest.value, 'spec', 'policies') ?? []) as { name?: string; configuration?: { read_timeout?: number } }[])
      .find((p) => p.name === 'upstream_connection')?.configuration?.read_timeout;
    const selfManaged = get(product.manifest.value, 'spec', 'deployment', 'apicastSelfManaged') as Record<string, string> | undefined;
    for (const [which, field] of [['staging', 'stagingPublicBaseURL'], ['production', 'productionPublicBaseURL']] as const) {
      const url = selfManaged?.[field] ? parseUrl(selfManaged[field]) : undefined;
      if (!url) continue;
      const route = routeFor(state, url.host);
      hops.push({ hop: `gateway (${which})`, target: `https://${url.host}`, port: String(url.port), tls: route?.tls ?? '-', admittedBy: route ? `Route ${route.namespace}/${route.name} (${route.origin})` : 'no Route' });
      if (!route) {
        findings.push(clusterFinding(product, `/spec/deployment/apicastSelfManaged/${field}`, 'cluster-path-name',
          `path of ${model}, gateway (${which}): no Route serves ${url.host}; zync creates Routes only for apicastHosted (3scale/zync app/lib/integration/kubernetes_service.rb@3scale-2.15.1-GA)`));
        continue;
      }
      const timeout = route.timeout ? seconds(route.timeout) : ROUTER_DEFAULT_TIMEOUT_SECONDS;
      if (readTimeout !== undefined && timeout < readTimeout && route.object) {
        findings.push(clusterFinding(route.object, '/metadata/annotations', 'cluster-path-timeout',
          `path of ${model}, gateway (${which}): the router closes the connection after ${timeout} s${route.timeout ? '' : ' (its default)'} while the Product waits up to ${readTimeout} s upstream; set haproxy.router.openshift.io/timeout (${ROUTER_TIMEOUT_SOURCE})`));
      }
      const service = APICAST_SERVICES[which];
      hops.push({ hop: `APIcast (${which})`, target: `Service ${product.manifest.namespace}/${service.name}`, port: String(service.port), tls: 'http', admittedBy: policyVerdict(state, product.manifest.namespace, {}, service.port, platformEndpoint(ROUTER_NAMESPACE)).text });
    }

    // 3. APIcast -> the Backend's private URL -> the Service KServe creates -> the pod's port.
    const runtime = get(isvc.manifest.value, 'spec', 'predictor', 'model', 'runtime');
    if (typeof runtime === 'string' && !ofKind(objects, 'serving.kserve.io/ServingRuntime').some((o) => o.manifest.name === runtime && o.manifest.namespace === namespace)) {
      findings.push(clusterFinding(isvc, '/spec/predictor/model/runtime', 'cluster-path-name',
        `path of ${model}: ServingRuntime ${runtime} is not rendered in ${namespace} and no controller creates it (OpenShift AI ships runtimes as Templates only: opendatahub-io/odh-model-controller config/runtimes@odh-v2.22)`));
    }
    const privateUrl = parseUrl(String(get(backend.manifest.value, 'spec', 'privateBaseURL') ?? ''));
    const containerPorts = mode === 'ModelMesh' ? [8008, MODELMESH_CONTROLLER_PORT.port] : runtimePorts(state, isvc);
    const apicast: Endpoint = { namespace: product.manifest.namespace, namespaceLabels: namespaceLabels(state, product.manifest.namespace), podLabels: {} };
    const viaRoute = privateUrl && routeFor(state, privateUrl.host);
    if (privateUrl && viaRoute) {
      // The Backend calls a public Route (to a token gate): through the router, to the Service behind it.
      const service = viaRoute.object && serviceFor(state, `${get(viaRoute.object.manifest.value, 'spec', 'to', 'name')}.${viaRoute.namespace}.svc`);
      const port = Number(get(viaRoute.object?.manifest.value, 'spec', 'port', 'targetPort') ?? service?.ports[0]?.port ?? 0);
      const verdict = service ? policyVerdict(state, viaRoute.namespace, service.podLabels ?? {}, port, platformEndpoint(ROUTER_NAMESPACE)) : { admitted: false, text: 'no Service' };
      hops.push({ hop: 'backend', target: `${privateUrl.host} (Route ${viaRoute.namespace}/${viaRoute.name} -> Service ${service?.name ?? '?'}:${port})`, port: String(privateUrl.port), tls: viaRoute.tls ?? privateUrl.scheme, admittedBy: verdict.text });
      const timeout = viaRoute.timeout ? seconds(viaRoute.timeout) : ROUTER_DEFAULT_TIMEOUT_SECONDS;
      if (readTimeout !== undefined && timeout < readTimeout && viaRoute.object) {
        findings.push(clusterFinding(viaRoute.object, '/metadata/annotations', 'cluster-path-timeout',
          `path of ${model}, backend: the router closes the connection after ${timeout} s${viaRoute.timeout ? '' : ' (its default)'} while the Product waits up to ${readTimeout} s upstream; set haproxy.router.openshift.io/timeout (${ROUTER_TIMEOUT_SOURCE})`));
      }
      if (!verdict.admitted && viaRoute.object) {
        findings.push(clusterFinding(viaRoute.object, '/spec/to', 'cluster-path-policy', `path of ${model}, backend ${privateUrl.host}: no NetworkPolicy in ${viaRoute.namespace} admits the router on port ${port}`));
      }
    } else if (privateUrl) {
      const upstream = traceUpstream(state, { model, namespace, mode, containerPorts }, privateUrl, 'backend', `APIcast (namespace ${product.manifest.namespace})`, apicast);
      hops.push(upstream.hop);
      findings.push(...upstream.problems.map((problem) => clusterFinding(problem.onModel ? isvc : backend, problem.onModel ? '' : '/spec/privateBaseURL', problem.rule, problem.message)));
    }

    // 3b. A token gate in front of the model (a Route straight to the model): its upstream and where it gets the keys.
    for (const gate of ofKind(objects, 'core/ConfigMap').filter((o) => o.manifest.namespace === namespace &&
      (get(o.manifest.value, 'metadata', 'labels', 'app.kubernetes.io/instance') === model) && typeof get(o.manifest.value, 'data', 'envoy.yaml') === 'string')) {
      const config = parseYaml(String(get(gate.manifest.value, 'data', 'envoy.yaml'))) as { static_resources?: { clusters?: { name: string; load_assignment?: unknown; transport_socket?: unknown }[] } };
      for (const cluster of config.static_resources?.clusters ?? []) {
        const socket = get(cluster.load_assignment, 'endpoints', 0, 'lb_endpoints', 0, 'endpoint', 'address', 'socket_address') as { address?: string; port_value?: number } | undefined;
        if (!socket?.address) continue;
        const scheme = cluster.transport_socket ? 'https' : 'http';
        const url = { scheme, host: socket.address, port: socket.port_value ?? (scheme === 'https' ? 443 : 80), path: '/' };
        const where = `path of ${model}, token gate ${gate.manifest.name} cluster ${cluster.name}`;
        const route = routeFor(state, socket.address);
        if (route) {
          hops.push({ hop: `token gate -> ${cluster.name}`, target: `${socket.address} (Route ${route.namespace}/${route.name})`, port: String(url.port), tls: scheme, admittedBy: 'through the router' });
          findings.push(clusterFinding(gate, '/data/envoy.yaml', 'cluster-path-tls',
            `${where}: reaches ${socket.address} through the router; on a cluster with the default ingress certificate the router's CA is not in the injected trusted bundle, so the fetch fails and every call gets 401: use the in-cluster Service with the service CA`));
          continue;
        }
        const gatePods: Endpoint = { namespace, namespaceLabels: namespaceLabels(state, namespace), podLabels: (get(gate.manifest.value, 'metadata', 'labels') ?? {}) as Record<string, string> };
        const upstream = traceUpstream(state, { model, namespace, mode, containerPorts }, url, `token gate -> ${cluster.name}`, `token gate ${gate.manifest.name}`, gatePods);
        hops.push(upstream.hop);
        findings.push(...upstream.problems.map((problem) => clusterFinding(problem.onModel ? isvc : gate, problem.onModel ? '' : '/data/envoy.yaml', problem.rule, problem.message.replace(`path of ${model}, ${upstream.hop.hop}`, where))));
      }
    }
    if (privateUrl) hops.push({ hop: 'model pod', target: `${mode} pods of ${model}`, port: containerPorts.join(', ') || '-', tls: mode === 'Serverless' ? 'mesh (mTLS)' : 'http', admittedBy: '-' });

    // 4. ModelMesh: its controller must reach the runtime pods on 8033.
    if (mode === 'ModelMesh') {
      const verdict = policyVerdict(state, namespace, { 'modelmesh-service': 'modelmesh-serving' }, MODELMESH_CONTROLLER_PORT.port, platformEndpoint(ODH_APPLICATIONS_NAMESPACE));
      hops.push({ hop: 'ModelMesh controller', target: `pods of modelmesh-serving in ${namespace}`, port: String(MODELMESH_CONTROLLER_PORT.port), tls: 'grpc', admittedBy: verdict.text });
      if (!verdict.admitted) {
        findings.push(clusterFinding(isvc, '', 'cluster-path-policy', `path of ${model}: no NetworkPolicy in ${namespace} admits the ModelMesh controller (namespace ${ODH_APPLICATIONS_NAMESPACE.namespace}) on ${MODELMESH_CONTROLLER_PORT.port} (${MODELMESH_CONTROLLER_PORT.source})`));
      }
    }

    // 5. The negative: nobody else reaches a model pod.
    const podLabels = podLabelsOf(mode, model);
    for (const [who, ns] of [['a data-science project', WORKBENCH_NAMESPACE], ['any other namespace', OTHER_NAMESPACE]] as const) {
      const port = containerPorts[0] ?? 8080;
      const verdict = policyVerdict(state, namespace, podLabels, port, platformEndpoint(ns));
      // OpenShift AI's own policies for Serverless models, acknowledged in the environment file: shown, not a finding.
      const acknowledged = verdict.admitted && ns === WORKBENCH_NAMESPACE && verdict.by.length > 0 &&
        verdict.by.every((by) => ODH_SERVERLESS_NETWORK_POLICIES.value.includes(by.split(' ')[0])) &&
        (get(isvc.manifest.value, 'metadata', 'annotations') as Record<string, string> | undefined)?.[NETWORK_ISOLATION_ANNOTATION] === SERVERLESS_DEFAULT;
      if (acknowledged) {
        hops.push({ hop: 'isolation', target: `${who} -> ${mode} pods of ${model}`, port: String(port), tls: '-', admittedBy: `${verdict.text} (acknowledged: networkIsolation: ${SERVERLESS_DEFAULT})` });
      } else if (verdict.admitted) {
        findings.push(clusterFinding(isvc, '', 'cluster-path-isolation',
          `path of ${model}: ${who} (${Object.entries(ns.labels).filter(([k]) => k !== 'kubernetes.io/metadata.name').map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels'}) reaches the model pods on ${port}: ${verdict.text}; NetworkPolicies only add, so a policy of ours cannot take that back. ` +
          (ns === WORKBENCH_NAMESPACE && verdict.by.length > 0 && verdict.by.every((by) => ODH_SERVERLESS_NETWORK_POLICIES.value.includes(by.split(' ')[0]))
            ? `Move Serverless models to a namespace of their own (RawDeployment models stay gateway-only), and acknowledge what OpenShift AI opens for them with networkIsolation: ${SERVERLESS_DEFAULT} in the environment file`
            : 'Narrow the NetworkPolicy that admits it')));
      }
    }
    paths.push({ model: `${namespace}/${model}`, mode, hops });
  }
  return { paths, findings };
}

/** The model a hop leads to. */
interface ModelTarget { readonly model: string; readonly namespace: string; readonly mode: string; readonly containerPorts: readonly number[] }

/**
 * One hop to the model: the URL's host names a Service (rendered or created for the deployment mode), its port
 * is served (a headless Service: by the pod itself), the scheme matches, no mesh is required, and the model
 * namespace's NetworkPolicies admit the source.
 */
function traceUpstream(state: SteadyState, target: ModelTarget, url: { scheme: string; host: string; port: number }, hopName: string, sourceName: string, source: Endpoint):
  { hop: Hop; problems: { rule: string; message: string; onModel?: boolean }[] } {
  const { model, namespace, mode, containerPorts } = target;
  const where = `path of ${model}, ${hopName} ${url.scheme}://${url.host}:${url.port}`;
  const problems: { rule: string; message: string; onModel?: boolean }[] = [];
  const service = serviceFor(state, url.host);
  let admittedBy = '-';
  if (!service) {
    problems.push({ rule: 'cluster-path-name', message: `${where}: no Service ${url.host.split('.').slice(0, 2).join('.')} is rendered or created by a controller (${mode})` });
  } else if (service.meshOnly) {
    problems.push({ rule: 'cluster-path-tls', message: `${where}: Service ${service.name} (${service.origin}) leads to knative-local-gateway, which accepts only mesh clients (ISTIO_MUTUAL); ${sourceName} is not in the mesh. Use the address KServe reports in status.address.url (https://${model}.${namespace}.svc.cluster.local)` });
    admittedBy = 'mesh only';
  } else {
    let podPort = url.port;
    const served = service.ports.find((p) => p.port === url.port);
    if (service.headless) {
      // Headless: the client connects to the pod IP on the port it asked for.
      if (!containerPorts.includes(url.port)) {
        problems.push({ rule: 'cluster-path-port', message: `${where}: Service ${service.name} (${service.origin}) is headless, so ${sourceName} connects to the pod on port ${url.port}, where nothing listens (the runtime listens on ${containerPorts.join(', ') || 'no declared port'})` });
      }
    } else if (!served) {
      problems.push({ rule: 'cluster-path-port', message: `${where}: Service ${service.name} (${service.origin}) serves ${service.ports.map((p) => p.port).join(', ')}, not ${url.port}` });
    } else {
      podPort = served.targetPort ?? (mode === 'Serverless' ? containerPorts[0] ?? served.port : served.port);
      if ((served.scheme === 'https') !== (url.scheme === 'https')) {
        problems.push({ rule: 'cluster-path-tls', message: `${where}: Service ${service.name} speaks ${served.scheme} on ${served.port}, the URL says ${url.scheme}` });
      }
    }
    const verdict = policyVerdict(state, namespace, service.podLabels ?? {}, podPort, source);
    admittedBy = verdict.text;
    if (!verdict.admitted) {
      problems.push({ rule: 'cluster-path-policy', onModel: true, message: `${where}: no NetworkPolicy in ${namespace} admits ${sourceName} on port ${podPort}` });
    }
  }
  const target_ = `${url.host}${service ? ` (${service.headless ? 'headless ' : ''}Service, ${service.origin})` : ''}`;
  return { hop: { hop: hopName, target: target_, port: String(url.port), tls: url.scheme, admittedBy }, problems };
}

function policyVerdict(state: SteadyState, namespace: string, podLabels: Record<string, string>, port: number, source: Endpoint): { admitted: boolean; text: string; by: readonly string[] } {
  const target: Endpoint = { namespace, namespaceLabels: namespaceLabels(state, namespace), podLabels };
  const result = admits(policiesIn(state, namespace), target, { number: port }, source);
  if (!result.isolated) return { admitted: true, text: 'no NetworkPolicy selects the pods', by: [] };
  return { admitted: result.admitted, text: result.admitted ? `NetworkPolicy ${result.by.join(', ')}` : 'denied', by: result.admitted ? result.by : [] };
}
