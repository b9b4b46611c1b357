import type { PublishedApi } from '../charts/gateway';
import type { IdentityOutputs, ModelEndpointOutputs } from '../charts/outputs';
import type { ApplicationPlan } from '../config/gateway';
import type { Environment } from '../config/schema';
import { SERVERLESS_DEFAULT } from '../network-isolation';
import type { SmokePlan } from '../smoke/plan';
import { APICAST_SERVICES } from '../upstream/apicast';
import { MODELMESH_GRPC_PORT, ODH_SERVERLESS_NETWORK_POLICIES, SERVING_MODES } from '../upstream/serving';
import { secretInventory, type RenderedObject } from '../validate/secret-inventory';
import { firstRollout, type RenderedFile } from './first-rollout';

/** What an environment's README shows: the environment and its charts' outputs. */
export interface EnvironmentReadmeProps {
  /** The environment as loaded. */
  readonly env: Environment;
  /** The identity chart's outputs. */
  readonly identity: IdentityOutputs;
  /** The serving chart's outputs, one per model. */
  readonly endpoints: readonly ModelEndpointOutputs[];
  /** The gateway chart's outputs, one per model. */
  readonly apis: readonly PublishedApi[];
  /** The objects Argo CD syncs, for the list of Secrets. @default - no Secrets section */
  readonly objects?: readonly RenderedObject[];
  /** The smoke plan: each model's first call, its body and the consumer's application. */
  readonly plan: SmokePlan;
  /** Every file rendered for the environment, under `dist/<env>/`, for the first-rollout checklist. */
  readonly files: readonly RenderedFile[];
}

/**
 * `dist/<env>/README.md`: the request path as a Mermaid diagram with the environment's real hosts, tables
 * of models, hops, plans and limits, consumers and Secrets, and the first-rollout checklist. Rendered with the manifests, so a change to any of these
 * shows in the review as a readable diff. Argo CD ignores it (it reads only `.yaml`, `.yml` and `.json`).
 */
export function environmentReadme(props: EnvironmentReadmeProps): string {
  const { env, identity } = props;
  const apis = new Map(props.apis.map((api) => [api.model, api]));
  const models = new Map(env.models.map((m) => [m.name, m]));
  const lines = [
    `# ${env.name}`,
    '',
    `Stage \`${env.stage}\`, cluster \`${env.cluster.appsDomain}\`. Generated from \`environments/${env.name}.yaml\` by`,
    '`npm run synth`: edit that file, not this one.',
    '',
    '## Request path',
    '',
    ...mermaid(mermaidRequestPath(props)),
    ...gatewayHostNote(env, props.apis),
    '',
    '## Models',
    '',
    '| model | namespace | API | deployment | exposure | gateway calls | upstream |',
    '|---|---|---|---|---|---|---|',
    ...props.endpoints.map((e) => {
      const api = apis.get(e.name);
      const calls = api?.calls.map((call) => `\`${publicCall(call, api.gatewayURL)}\``).join('<br>') ?? '';
      return row([e.name, e.namespace, e.api, models.get(e.name)?.deploymentMode ?? '', e.exposure, calls, `\`${e.url}${e.predictPath}\``]);
    }),
    '',
    '## Every hop of the request path',
    '',
    'Per model, each connection from the consumer to the model\'s pods: where it goes, on which port and scheme, and',
    `which NetworkPolicy admits it (the table per deployment mode, with its sources, is in docs/serving.md).`,
    '',
    '| model | hop | to (host) | port | scheme | admitted by |',
    '|---|---|---|---|---|---|',
    ...props.endpoints.flatMap((e) => hops(e, apis.get(e.name), env).map((h) => row([e.name, h.hop, `\`${h.host}\``, String(h.port), h.scheme, h.admittedBy]))),
    '',
    ...serverlessNotice(props.endpoints),
    '## Plans and limits',
    '',
    '| model | plan | limits | price |',
    '|---|---|---|---|',
    ...props.apis.flatMap((api) =>
      Object.entries(api.plans).map(([systemName, plan]) => row([api.model, `${plan.name} (\`${systemName}\`)`, limits(plan), price(plan)])),
    ),
    '',
    ...consumersSection(props),
    ...secretsSection(props.objects),
    ...firstRollout({ env, identity, plan: props.plan, files: props.files }),
    '',
  ];
  return lines.join('\n');
}

/** Who may call which Product on which plan: the 3scale Applications rendered from `gateway.consumers`. */
function consumersSection(props: EnvironmentReadmeProps): string[] {
  const rows = props.env.gateway.consumers.map((c) => {
    const subscriptions = props.apis.flatMap((api) => api.applications.filter((a) => a.consumer === c.name).map((a) => `${api.product} (\`${a.plan}\`): application \`${a.application}\``));
    return row([c.name, c.organization, c.email, subscriptions.join('<br>') || 'none']);
  });
  return [
    '## Consumers',
    '',
    ...(rows.length === 0
      ? ['None: add one under `gateway.consumers`.']
      : ['| consumer | organization | admin e-mail | Products (plan) and applications |', '|---|---|---|---|', ...rows]),
    '',
  ];
}

/** Every Secret the objects read or create: who creates it, who reads it. None is in Git. */
function secretsSection(objects: readonly RenderedObject[] | undefined): string[] {
  if (objects === undefined) return [];
  const entries = secretInventory(objects);
  return [
    '## Secrets',
    '',
    'None is in Git. `npm run validate` fails on a Secret that is read but created by nothing here (`ref-secret-creator`).',
    '',
    '| Secret | created by | read by |',
    '|---|---|---|',
    ...entries.map((e) => row([
      e.namespace === '' ? `\`${e.name}\` (a store key)` : `\`${e.namespace}/${e.name}\``,
      e.creator ?? '**nothing: provide it**',
      e.readers.join('<br>') || '-',
    ])),
    '',
  ];
}

/** One connection on a model's request path. */
interface Hop {
  readonly hop: string;
  readonly host: string;
  readonly port: number;
  readonly scheme: string;
  readonly admittedBy: string;
}

/** The connections from the consumer to a model's pods, in order. */
function hops(e: ModelEndpointOutputs, api: PublishedApi | undefined, env: Environment): Hop[] {
  const gatewayNamespace = env.gateway.operator.namespace;
  const policy = e.admittedBy === undefined ? 'the model namespace\'s policy' : `\`${e.admittedBy}\` (${e.namespace})`;
  const timeout = (seconds: number | undefined) => (seconds === undefined ? '' : `, timeout ${seconds} s`);
  const first: Hop[] = api?.gatewayURL === undefined
    ? [{ hop: 'consumer -> 3scale-hosted APIcast', host: '(chosen by 3scale)', port: 443, scheme: 'https', admittedBy: 'zync\'s Route' }]
    : [
      {
        hop: `consumer -> router (Route \`${api.gatewayRoute ?? ''}\`, edge${timeout(api.routeTimeoutSeconds)})`,
        host: host(api.gatewayURL), port: 443, scheme: 'https', admittedBy: 'public ingress',
      },
      {
        hop: `router -> APIcast (Service \`${api.gatewayRoute?.endsWith('-production') ? APICAST_SERVICES.production : APICAST_SERVICES.staging}\`)`,
        host: `${api.gatewayRoute?.endsWith('-production') ? APICAST_SERVICES.production : APICAST_SERVICES.staging}.${gatewayNamespace}.svc`,
        port: APICAST_SERVICES.portNumber, scheme: 'http', admittedBy: `none of ours (${gatewayNamespace})`,
      },
    ];
  if (e.tokenGate !== undefined) {
    return [
      ...first,
      { hop: 'APIcast -> router (model Route)', host: host(e.url), port: 443, scheme: 'https', admittedBy: 'public ingress' },
      {
        hop: `router -> token gate (${e.tokenGate.port === 8443 ? 'reencrypt, service CA certificate' : 'edge'})`, host: `${e.tokenGate.serviceName}.${e.namespace}.svc`, port: e.tokenGate.port,
        scheme: e.tokenGate.port === 8443 ? 'https' : 'http', admittedBy: `\`${e.tokenGate.admittedBy}\` (${e.namespace})`,
      },
      { hop: 'token gate -> predictor pod (headless Service)', host: hostOf(e.internalUrl), port: e.port, scheme: e.scheme ?? 'http', admittedBy: policy },
    ];
  }
  if (e.deploymentMode === 'Serverless') {
    return [
      ...first,
      {
        hop: `APIcast -> kserve-local-gateway (ExternalName \`${e.serviceName}\`, service CA certificate)`, host: hostOf(e.internalUrl),
        port: e.port, scheme: 'https', admittedBy: 'none of ours (istio-system)',
      },
      {
        hop: 'mesh gateway (istio-system) -> predictor pod (Knative queue-proxy), mTLS', host: `${e.name}-predictor.${e.namespace}.svc`, port: 8012, scheme: 'istio-mutual',
        admittedBy: `${policy}, and OpenShift AI's ${ODH_SERVERLESS_NETWORK_POLICIES.value.map((n) => `\`${n}\``).join(', ')}`,
      },
    ];
  }
  if (e.deploymentMode === 'ModelMesh') {
    return [
      ...first,
      { hop: 'APIcast -> ModelMesh REST proxy (headless Service)', host: hostOf(e.internalUrl), port: e.port, scheme: e.scheme ?? 'http', admittedBy: policy },
      {
        hop: `ModelMesh controller (${env.serving.applicationsNamespace}) -> runtime pods, gRPC`, host: hostOf(e.internalUrl), port: MODELMESH_GRPC_PORT,
        scheme: 'grpc', admittedBy: policy,
      },
    ];
  }
  return [...first, { hop: 'APIcast -> predictor pod (headless Service)', host: hostOf(e.internalUrl), port: e.port, scheme: e.scheme ?? 'http', admittedBy: policy }];
}

/** What a Serverless namespace lets in besides the gateway, and how to keep gateway-only isolation. */
function serverlessNotice(endpoints: readonly ModelEndpointOutputs[]): string[] {
  const namespaces = [...new Set(endpoints.filter((e) => e.deploymentMode === 'Serverless').map((e) => e.namespace))].sort();
  if (namespaces.length === 0) return [];
  return [
    `**Serverless namespaces are not gateway-only** (${namespaces.map((n) => `\`${n}\``).join(', ')}): ${SERVING_MODES.Serverless.openedBy.value}. ` +
      'odh-model-controller adds these NetworkPolicies for every pod of the namespace, other models included; NetworkPolicies only add, ' +
      'so ours cannot take them away, and a workbench in any data science project can call these models without a token. ' +
      'For gateway-only isolation, serve the model as RawDeployment, or give Serverless models a namespace of their own and account for ' +
      `those policies (source: \`${ODH_SERVERLESS_NETWORK_POLICIES.source}\`). \`npm run validate\` warns about each such namespace.`,
    '',
    `Acknowledged in the environment file with \`networkIsolation: ${SERVERLESS_DEFAULT}\`: ` +
      `${endpoints.filter((e) => e.networkIsolation === SERVERLESS_DEFAULT).map((e) => `\`${e.name}\` (${e.namespace}, ${e.deploymentMode ?? 'unknown mode'})`).join(', ') || 'none'}. ` +
      'Every other model is gateway-only.',
    '',
  ];
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

/** One node or edge of the request-path diagram, kept as data so that its syntax can be checked. */
export type MermaidLine =
  | { readonly node: string; readonly label: readonly string[] }
  | { readonly from: string; readonly to: string; readonly label: string; readonly dotted?: boolean };

/**
 * The request path: client -> Keycloak realm (token), client -> gateway (call), gateway -> each model; a
 * routed model's Route leads to its token gate, which checks the realm's token before the model sees the call.
 */
export function mermaidRequestPath(props: Pick<EnvironmentReadmeProps, 'identity' | 'endpoints' | 'apis'>): MermaidLine[] {
  const { identity } = props;
  const gatewayHosts = props.apis.map((api) => (api.gatewayURL ? host(api.gatewayURL) : `${api.product} (hosted)`));
  const routed = props.endpoints.filter((e) => e.exposure === 'route');
  return [
    { node: 'client', label: ['API consumer', 'client id = 3scale application id'] },
    { node: 'keycloak', label: [`Keycloak realm ${identity.realm}`, host(identity.baseUrl)] },
    { node: 'gateway', label: ['3scale APIcast', ...gatewayHosts] },
    ...routed.map((e) => ({ node: gateId(e.name), label: ['token gate (Envoy)', host(e.url)] })),
    ...props.endpoints.map((e) => ({ node: nodeId(e.name), label: [`${e.name} (${e.api})`, `${e.serviceName}.${e.namespace}`] })),
    { from: 'client', to: 'keycloak', label: '1. client credentials grant' },
    { from: 'client', to: 'gateway', label: '2. call with Bearer token' },
    { from: 'gateway', to: 'keycloak', label: 'verifies the JWT (OIDC)', dotted: true },
    ...props.endpoints.map((e) => ({ from: 'gateway', to: e.exposure === 'route' ? gateId(e.name) : nodeId(e.name), label: `3. ${e.predictPath}` })),
    ...routed.flatMap((e) => [
      { from: gateId(e.name), to: 'keycloak', label: 'verifies the JWT (JWKS)', dotted: true },
      { from: gateId(e.name), to: nodeId(e.name), label: '4. only with a valid token' },
    ]),
  ];
}

/**
 * Why consumers call hosts ending in `-staging`, when they do: the environment promotes its configuration to
 * APIcast staging only.
 */
export function gatewayHostNote(env: Environment, apis: readonly PublishedApi[]): string[] {
  if (env.gateway.promoteToProduction || !apis.some((api) => api.gatewayURL !== undefined && api.gatewayURL === api.stagingPublicBaseURL)) return [];
  return [
    '',
    `The gateway hosts end in \`-staging\`: \`gateway.promoteToProduction\` is false in \`environments/${env.name}.yaml\`, so each`,
    "configuration change reaches 3scale's staging APIcast only, and consumers call it there.",
  ];
}

/** The diagram as a fenced Mermaid block. Labels cannot hold `"`: it is written as `#quot;`. */
function mermaid(diagram: readonly MermaidLine[]): string[] {
  const text = (s: string) => s.replace(/"/g, '#quot;');
  return [
    '```mermaid',
    // Wide labels: Mermaid otherwise wraps at 200 px and breaks host names at their hyphens.
    '%%{init: {"flowchart": {"wrappingWidth": 600}}}%%',
    'flowchart LR',
    ...diagram.map((line) =>
      'node' in line
        ? `  ${line.node}["${line.label.map(text).join('<br>')}"]`
        : `  ${line.from} ${line.dotted ? '-.->' : '-->'}|"${text(line.label)}"| ${line.to}`,
    ),
    '```',
  ];
}

function nodeId(model: string): string {
  return `model_${model.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function gateId(model: string): string {
  return `gate_${model.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function host(url: string): string {
  return new URL(url).host;
}

/** A published call (`POST /predict`) at the gateway's URL, as a consumer makes it. */
export function publicCall(call: string, gatewayURL: string | undefined): string {
  const [method, path] = call.split(' ');
  return `${method} ${gatewayURL ?? '<3scale hosted URL>'}${path}`;
}

function limits(plan: ApplicationPlan): string {
  if (plan.limits.length === 0) return 'none';
  return plan.limits.map((l) => `${l.value} ${l.metricMethodRef} / ${l.period}`).join('<br>');
}

function price(plan: ApplicationPlan): string {
  const parts = [
    ...(plan.setupFee ? [`setup $${plan.setupFee}`] : []),
    ...(plan.costMonth ? [`$${plan.costMonth} / month`] : []),
    ...plan.pricingRules.map((r) => `$${r.pricePerUnit} per ${r.metricMethodRef} (${r.from}-${r.to})`),
  ];
  return parts.length === 0 ? 'free' : parts.join('<br>');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}
