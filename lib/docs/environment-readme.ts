import type { PublishedApi } from '../charts/gateway';
import type { IdentityOutputs, ModelEndpointOutputs } from '../charts/outputs';
import type { ApplicationPlan } from '../config/gateway';
import type { Environment } from '../config/schema';
import { secretInventory, type RenderedObject } from '../validate/secret-inventory';

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
    '## Try it',
    '',
    '```sh',
    `TOKEN=$(curl -s -X POST '${identity.tokenUrl}' \\`,
    `  -d grant_type=client_credentials -d "client_id=$CLIENT_ID" -d "client_secret=$CLIENT_SECRET" | jq -r .access_token)`,
    ...props.apis.flatMap((api) => {
      const call = api.calls.find((c) => c.startsWith('POST '));
      if (api.gatewayURL === undefined || call === undefined) return [];
      return [`curl -X POST '${publicCall(call, api.gatewayURL).slice('POST '.length)}' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d @request.json`];
    }),
    '```',
    '',
    'Client id and secret are those 3scale gave your application on that Product (developer portal, or the',
    'Keycloak client zync created under the application\'s name, `<consumer>.<model>`); see *Consumers*.',
    `\`npm run smoke -- --env ${env.name}\` runs these calls and the negative checks.`,
    '',
    ...consumersSection(props),
    ...secretsSection(props.objects),
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

/** One node or edge of the request-path diagram, kept as data so that its syntax can be checked. */
export type MermaidLine =
  | { readonly node: string; readonly label: readonly string[] }
  | { readonly from: string; readonly to: string; readonly label: string; readonly dotted?: boolean };

/** The request path: client -> Keycloak realm (token), client -> gateway (call), gateway -> each model. */
export function mermaidRequestPath(props: EnvironmentReadmeProps): MermaidLine[] {
  const { identity } = props;
  const gatewayHosts = props.apis.map((api) => (api.gatewayURL ? host(api.gatewayURL) : `${api.product} (hosted)`));
  return [
    { node: 'client', label: ['API consumer', 'client id = 3scale application id'] },
    { node: 'keycloak', label: [`Keycloak realm ${identity.realm}`, host(identity.baseUrl)] },
    { node: 'gateway', label: ['3scale APIcast', ...gatewayHosts] },
    ...props.endpoints.map((e) => ({ node: nodeId(e.name), label: [`${e.name} (${e.api})`, `${e.exposure === 'route' ? host(e.url) : `${e.serviceName}.${e.namespace}`}`] })),
    { from: 'client', to: 'keycloak', label: '1. client credentials grant' },
    { from: 'client', to: 'gateway', label: '2. call with Bearer token' },
    { from: 'gateway', to: 'keycloak', label: 'verifies the JWT (OIDC)', dotted: true },
    ...props.endpoints.map((e) => ({ from: 'gateway', to: nodeId(e.name), label: `3. ${e.predictPath}` })),
  ];
}

/** The diagram as a fenced Mermaid block. Labels cannot hold `"`: it is written as `#quot;`. */
function mermaid(diagram: readonly MermaidLine[]): string[] {
  const text = (s: string) => s.replace(/"/g, '#quot;');
  return [
    '```mermaid',
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
