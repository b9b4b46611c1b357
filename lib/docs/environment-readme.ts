import type { PublishedApi } from '../charts/gateway';
import type { IdentityOutputs, ModelEndpointOutputs } from '../charts/outputs';
import type { ApplicationPlan } from '../config/gateway';
import type { Environment } from '../config/schema';
import type { SmokePlan } from '../smoke/plan';
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
  /** The smoke plan: each model's first call and its body. */
  readonly plan: SmokePlan;
  /** Every file rendered for the environment, under `dist/<env>/`. */
  readonly files: readonly RenderedFile[];
}

/**
 * `dist/<env>/README.md`: the request path as a Mermaid diagram with the environment's real hosts, and tables
 * of models, public endpoints, plans and limits. Rendered with the manifests, so a change to any of these
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
    '## Plans and limits',
    '',
    '| model | plan | limits | price |',
    '|---|---|---|---|',
    ...props.apis.flatMap((api) =>
      Object.entries(api.plans).map(([systemName, plan]) => row([api.model, `${plan.name} (\`${systemName}\`)`, limits(plan), price(plan)])),
    ),
    '',
    ...firstRollout({ env, identity, plan: props.plan, files: props.files }),
    '',
  ];
  return lines.join('\n');
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
    { node: 'client', label: ['API client', `client id ${identity.apiClientId}`] },
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

function publicCall(call: string, gatewayURL: string | undefined): string {
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
