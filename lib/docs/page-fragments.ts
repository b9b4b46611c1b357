import { App } from 'cdk8s';
import { parse, parseDocument, isMap, isSeq, stringify } from 'yaml';
import { buildCharts, type EnvironmentCharts } from '../charts';
import { parseEnvironment } from '../config/load';
import { OPENAI_METHODS, PREDICT_METHODS } from '../config/gateway';
import { environmentJsonSchema } from '../config/json-schema';
import type { Environment } from '../config/schema';
import { compareRevisions } from '../diff/compare';
import { groupOf, type KubeObject } from '../diff/content';
import { formatText } from '../diff/format';
import { DATA_LOSS, riskFlags } from '../diff/risks';
import { renderEnvironments, type RenderedTree } from '../render';
import { LATENCY_HISTOGRAMS } from '../upstream/serving';
import { secretInventory, type RenderedObject } from '../validate/secret-inventory';
import { publicCall } from './environment-readme';
import type { DocsContext, Fragment } from './fragments';

/**
 * The generated fragments of docs/gateway.md, identity.md, monitoring.md and review.md: what those pages state
 * about the render, computed from the example environments and the code (see fragments.ts for the mechanism).
 */

const chartsCache = new WeakMap<DocsContext, Map<string, EnvironmentCharts>>();

/** An environment's charts, built once per context. */
export function chartsOf(ctx: DocsContext, env: Environment): EnvironmentCharts {
  const byName = chartsCache.get(ctx) ?? new Map<string, EnvironmentCharts>();
  chartsCache.set(ctx, byName);
  const charts = byName.get(env.name) ?? buildCharts(new App(), env);
  byName.set(env.name, charts);
  return charts;
}

/** A rendered object as the fragments read it. */
interface Rendered {
  readonly env: string;
  readonly chart: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, string>;
}

const objectsCache = new WeakMap<RenderedTree, Rendered[]>();

/** The YAML objects of the rendered tree (README files left out), in file order; parsed once per tree. */
function objectsOf(tree: RenderedTree): Rendered[] {
  const cached = objectsCache.get(tree);
  if (cached !== undefined) return cached;
  const objects = [...tree]
    .filter(([file]) => file.endsWith('.yaml'))
    .map(([file, text]) => {
      const [env, chart] = file.split('/');
      return { ...(parse(text) as Omit<Rendered, 'env' | 'chart'>), env, chart };
    });
  objectsCache.set(tree, objects);
  return objects;
}

const code = (text: string | number) => `\`${text}\``;

/** docs/gateway.md: per environment, the gateway its configuration is promoted to, the token endpoint and every public call. */
function gatewayCalls(ctx: DocsContext): string[] {
  return [
    '| env | promoted to | token endpoint | gateway calls |',
    '|---|---|---|---|',
    ...ctx.environments.map((env) => {
      const charts = chartsOf(ctx, env);
      const calls = charts.gateway.apis.flatMap((api) => api.calls.map((call) => code(publicCall(call, api.gatewayURL)))).join('<br>');
      return `| ${env.name} | ${env.gateway.promoteToProduction ? 'production' : 'staging'} | ${code(charts.identity.outputs.tokenUrl)} | ${calls} |`;
    }),
  ];
}

/** docs/gateway.md: the methods every Product of a runtime's API has, with their public call. */
function builtInMethods(): string[] {
  const row = (apis: string) => (m: (typeof PREDICT_METHODS)[number]) => `| ${code(m.systemName)} | ${m.friendlyName} | ${code(`${m.httpMethod} ${m.pattern}`)} | ${apis} |`;
  return [
    '| method (`metricMethodRef`) | name in 3scale | public call | models |',
    '|---|---|---|---|',
    ...PREDICT_METHODS.map(row('KServe `v1` and `v2` (rewritten to the model\'s own path)')),
    ...OPENAI_METHODS.map(row('OpenAI-compatible runtimes (`api: openai`)')),
  ];
}

/**
 * README.md and docs/gateway.md: a consumer's first calls in the example environment that promotes to production
 * (else the first one): the token, then each model's call with the body the smoke check sends.
 */
function gatewayCurl(ctx: DocsContext): string[] {
  const env = ctx.environments.find((e) => e.gateway.promoteToProduction) ?? ctx.environments[0];
  if (env === undefined) return [];
  const charts = chartsOf(ctx, env);
  const endpoints = new Map(charts.serving.endpoints.map((e) => [e.name, e]));
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return [
    '```sh',
    `# ${env.name} (an example environment); CLIENT_ID and CLIENT_SECRET: your application's on the Product (docs/gateway.md, Consumers)`,
    `TOKEN=$(curl -s -X POST ${quote(charts.identity.outputs.tokenUrl)} \\`,
    '  -d grant_type=client_credentials -d "client_id=$CLIENT_ID" -d "client_secret=$CLIENT_SECRET" | jq -r .access_token)',
    ...charts.smoke.plan.models.flatMap((m) => {
      const e = endpoints.get(m.name);
      return [
        '',
        `# ${m.name} (${e?.api === 'openai' ? 'OpenAI API' : `KServe ${e?.api}`}): the gateway forwards the call to the model's ${e?.predictPath ?? '?'}`,
        `curl -X ${m.method} ${quote(m.url)} \\`,
        `  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
        `  -d ${quote(JSON.stringify(m.body))}`,
      ];
    }),
    '```',
  ];
}

/** docs/identity.md: per environment, the generation, the API of its realm, the operator namespace, realm, gateway client and token URL. */
function identityEnvironments(ctx: DocsContext): string[] {
  const objects = objectsOf(ctx.tree);
  return [
    '| env | generation | realm object | operator namespace | realm | gateway client (its Secret) | token URL |',
    '|---|---|---|---|---|---|---|',
    ...ctx.environments.map((env) => {
      const { outputs } = chartsOf(ctx, env).identity;
      const realm = objects.find((o) => o.env === env.name && (o.kind === 'KeycloakRealm' || o.kind === 'KeycloakRealmImport'));
      const realmObject = realm === undefined ? '-' : `${realm.kind} (${code(realm.apiVersion)})`;
      return `| ${env.name} | ${code(env.identity.generation)} | ${realmObject} | ${code(outputs.namespace)} | ${code(outputs.realm)} | ${code(outputs.gatewayClientId)} (${code(outputs.gatewayClientSecretName)}) | ${code(outputs.tokenUrl)} |`;
    }),
  ];
}

/** docs/identity.md: every Secret of the identity namespace of each example environment, who creates it and who reads it. */
function identitySecrets(ctx: DocsContext): string[] {
  const objects = objectsOf(ctx.tree);
  return [
    '| env | Secret | created by | read by |',
    '|---|---|---|---|',
    ...ctx.environments.flatMap((env) => {
      const namespace = chartsOf(ctx, env).identity.outputs.namespace;
      const mine = objects.filter((o) => o.env === env.name) as unknown as RenderedObject[];
      return secretInventory(mine)
        .filter((s) => s.namespace === namespace)
        .map((s) => `| ${env.name} | ${code(s.name)} | ${s.creator ?? '**nothing**'} | ${s.readers.join('<br>') || '-'} |`);
    }),
  ];
}

interface JsonSchemaNode {
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly items?: JsonSchemaNode;
}

let environmentSchema: JsonSchemaNode | undefined;

/**
 * The defaults of sections of an environment file, from the schema itself (its JSON Schema, with the doc
 * comments as descriptions): one row per field that has a default, or whose description names one; the fields
 * of a list's items are written `list[].field`.
 */
export function defaultsTable(sections: readonly string[], schema: JsonSchemaNode): string[] {
  const rows: string[] = [];
  const visit = (node: JsonSchemaNode, path: string) => {
    for (const [name, field] of Object.entries(node.properties ?? {})) {
      const at = `${path}.${name}`;
      if (field.properties !== undefined) visit(field, at);
      else if (field.items?.properties !== undefined) visit(field.items, `${at}[]`);
      else if (field.default !== undefined || /\bDefault\b/.test(field.description ?? '')) {
        const value = field.default === undefined ? '-' : code(JSON.stringify(field.default));
        rows.push(`| ${code(at)} | ${value} | ${(field.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
      }
    }
  };
  for (const section of sections) {
    const node = schema.properties?.[section];
    if (node === undefined) throw new Error(`the environment schema has no section "${section}"`);
    if (node.items !== undefined) visit(node.items, `${section}[]`);
    else visit(node, section);
  }
  return ['| field | default | what |', '|---|---|---|', ...rows];
}

function sectionDefaults(...sections: string[]): Fragment {
  return () => {
    environmentSchema ??= JSON.parse(environmentJsonSchema()) as JsonSchemaNode;
    return defaultsTable(sections, environmentSchema);
  };
}

/** What one monitoring object does, in a few words, read from the object. */
function monitoringPurpose(o: Rendered): string {
  const spec = o.spec ?? {};
  if (o.kind === 'PodMonitor') {
    const endpoint = (spec.podMetricsEndpoints as Array<Record<string, unknown>>)[0];
    const labels = Object.entries((spec.selector as { matchLabels: Record<string, string> }).matchLabels).map(([k, v]) => code(`${k}: ${v}`)).join(', ');
    const relabels = (endpoint.relabelings as Array<{ regex?: string }> | undefined) ?? [];
    const port = endpoint.targetPort !== undefined ? `port ${endpoint.targetPort}` : relabels.some((r) => r.regex === 'istio-proxy') ? 'the `istio-proxy` container (port of its `prometheus.io/port` annotation)' : 'the pods';
    return `scrapes ${code(String(endpoint.path))} on ${port} of the pods labelled ${labels}`;
  }
  if (o.kind === 'PrometheusRule') {
    const groups = spec.groups as Array<{ rules: Array<{ alert?: string }> }>;
    return groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a) => a !== undefined).map((a) => `[${a}](#${a.toLowerCase()})`).join(', ');
  }
  if (o.kind === 'ConfigMap') return `the Grafana dashboard ${Object.keys(o.data ?? {}).map(code).join(', ')}, labelled ${Object.entries(o.metadata.labels ?? {}).map(([k, v]) => code(`${k}: ${v}`)).join(', ')}`;
  return '';
}

/** docs/monitoring.md: every object of the monitoring chart, per example environment, with its sync wave. */
function monitoringObjects(ctx: DocsContext): string[] {
  const objects = objectsOf(ctx.tree).filter((o) => o.chart === 'monitoring');
  const on = ctx.environments.filter((env) => env.monitoring.enabled).map((env) => env.name);
  const off = ctx.environments.filter((env) => !env.monitoring.enabled).map((env) => env.name);
  const wave = (o: Rendered) => (o.metadata as { annotations?: Record<string, string> }).annotations?.['argocd.argoproj.io/sync-wave'] ?? '-';
  return [
    `Example environments with \`monitoring.enabled: true\`: ${on.join(', ') || 'none'}; without: ${off.join(', ') || 'none'}.`,
    '',
    '| env | object | namespace | sync wave | what |',
    '|---|---|---|---|---|',
    ...objects.map((o) => `| ${o.env} | ${o.kind} ${code(o.metadata.name)} | ${code(o.metadata.namespace ?? '')} | ${wave(o)} | ${monitoringPurpose(o)} |`),
  ];
}

/** docs/monitoring.md: the histograms the latency alerts read, with their top finite bucket and source. */
function latencyHistograms(): string[] {
  return [
    '| runtime | histogram | top finite bucket | source |',
    '|---|---|--:|---|',
    ...Object.entries(LATENCY_HISTOGRAMS).map(([runtime, { value, source }]) => `| ${runtime} | ${code(value.metric)} | ${value.topBucketSeconds} s | ${code(source)} |`),
  ];
}

/**
 * docs/review.md: what `npm run diff` prints when the staging example's first plan allows twice as many calls
 * in its first limit and its last plan loses its last limit. Rendered, compared and formatted by the code the
 * command runs; only the base's description is fixed.
 */
function reviewExample(ctx: DocsContext): string[] {
  const env = ctx.environments.find((e) => e.stage === 'staging') ?? ctx.environments[0];
  if (env === undefined) return [];
  const doc = parseDocument(ctx.texts.get(env.name) ?? '');
  const plans = doc.getIn(['gateway', 'plans']);
  if (!isMap(plans) || plans.items.length < 2) return ['(the staging example has fewer than two plans)'];
  const first = String(plans.items[0].key);
  const last = String(plans.items[plans.items.length - 1].key);
  const raised = doc.getIn(['gateway', 'plans', first, 'limits', 0]) as { get(key: string): unknown } | undefined;
  const lastLimits = doc.getIn(['gateway', 'plans', last, 'limits']);
  if (raised === undefined || !isSeq(lastLimits)) return ['(the staging example has no limits to change)'];
  const before = Number(raised.get('value'));
  const removed = lastLimits.items[lastLimits.items.length - 1] as { get(key: string): unknown };
  doc.setIn(['gateway', 'plans', first, 'limits', 0, 'value'], before * 2);
  doc.deleteIn(['gateway', 'plans', last, 'limits', lastLimits.items.length - 1]);
  const changed = parseEnvironment(env.name, doc.toString());
  if (!changed.ok) throw new Error(`the review example does not load: ${JSON.stringify(changed.problems)}`);
  const head = new Map([...ctx.tree].filter(([file]) => !file.startsWith(`${env.name}/`)));
  for (const [file, text] of renderEnvironments([changed.environment])) if (file.startsWith(`${env.name}/`)) head.set(file, text);
  const stages = new Map(ctx.environments.map((e) => [e.name, e.stage]));
  const output = formatText({ base: 'HEAD (the example environments as committed)', environments: compareRevisions({ tree: ctx.tree, stages }, { tree: head, stages }) });
  return [
    `In ${code(`${ctx.folder ?? 'environments'}/${env.name}.yaml`)}, plan ${code(first)}'s limit on ${raised.get('metricMethodRef')} per ${raised.get('period')} raised from ${before} to ${before * 2}, and plan ${code(last)}'s limit on ${removed.get('metricMethodRef')} per ${removed.get('period')} (${removed.get('value')}) deleted:`,
    '',
    '```',
    `$ npm run --silent diff -- --base HEAD`,
    ...output.trimEnd().split('\n'),
    '```',
  ];
}

/** docs/serving.md: per model of the example environments, what the serving chart hands the gateway (`ModelEndpointOutputs`). */
function modelEndpoints(ctx: DocsContext): string[] {
  return [
    '| env | model | `deploymentMode` | `exposure` | `url` | `internalUrl` | `serviceName`:`port` (`scheme`) | `api` | `pathPrefix` | `predictPath` |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...ctx.environments.flatMap((env) =>
      chartsOf(ctx, env).serving.endpoints.map((e) =>
        `| ${env.name} | ${e.name} | ${e.deploymentMode ?? '-'} | ${e.exposure} | ${code(e.url)} | ${code(e.internalUrl)} | ${code(`${e.serviceName}:${e.port}`)} (${e.scheme ?? '-'}) | ${e.api} | ${code(e.pathPrefix)} | ${code(e.predictPath)} |`),
    ),
  ];
}

/** An example environment file as data, to change for an example. */
type EnvironmentData = {
  models: Array<Record<string, unknown>>;
  serving: { runtimes: Array<Record<string, unknown>> };
} & Record<string, unknown>;

/** A problem the loader reports about models and runtimes, shown by making it in an example environment. */
interface LoadErrorCase {
  /** What is wrong, as the page's first column says it. */
  readonly problem: string;
  /** The stage of the example environment that is changed. */
  readonly stage: 'dev' | 'staging' | 'prod';
  /** The change, in words. */
  readonly change: string;
  readonly edit: (env: EnvironmentData) => void;
}

/** The first model of an example environment with a given deployment mode (RawDeployment when unset). */
const modelOf = (env: EnvironmentData, mode: string) => env.models.find((m) => (m.deploymentMode ?? 'RawDeployment') === mode)!;

const LOAD_ERROR_CASES: readonly LoadErrorCase[] = [
  { problem: '`minReplicas` > `maxReplicas`', stage: 'staging', change: 'Serverless model: minReplicas 3, maxReplicas 2', edit: (e) => Object.assign(modelOf(e, 'Serverless'), { minReplicas: 3, maxReplicas: 2 }) },
  { problem: 'no storage', stage: 'staging', change: 'Serverless model: storage removed', edit: (e) => delete modelOf(e, 'Serverless').storage },
  { problem: 'both `storageUri` and `storage`', stage: 'staging', change: 'Serverless model: storageUri added', edit: (e) => Object.assign(modelOf(e, 'Serverless'), { storageUri: 's3://models/iris' }) },
  { problem: 'GPU without a toleration of `serving.gpuNodeTaint`', stage: 'staging', change: 'GPU model: tolerations removed', edit: (e) => delete modelOf(e, 'RawDeployment').tolerations },
  { problem: 'mutable image (`:latest` or no tag) outside dev', stage: 'prod', change: 'first runtime: image `quay.io/modh/vllm:latest`', edit: (e) => Object.assign(e.serving.runtimes[0], { image: 'quay.io/modh/vllm:latest' }) },
  { problem: '`tlsTermination` other than `edge` or `reencrypt`', stage: 'staging', change: 'RawDeployment model: exposure route, tlsTermination passthrough', edit: (e) => Object.assign(modelOf(e, 'RawDeployment'), { exposure: 'route', tlsTermination: 'passthrough' }) },
  { problem: '`edge` outside dev', stage: 'prod', change: 'RawDeployment model: exposure route, tlsTermination edge', edit: (e) => Object.assign(modelOf(e, 'RawDeployment'), { exposure: 'route', tlsTermination: 'edge' }) },
  { problem: '`exposure: route` with Serverless or ModelMesh', stage: 'staging', change: 'Serverless model: exposure route', edit: (e) => Object.assign(modelOf(e, 'Serverless'), { exposure: 'route' }) },
  { problem: 'a runtime in none of the runtime lists (misspelt, or provided by the platform but not declared)', stage: 'staging', change: 'Serverless model: runtime skleran', edit: (e) => Object.assign(modelOf(e, 'Serverless'), { runtime: 'skleran' }) },
  { problem: 'ModelMesh on a runtime of `serving.runtimes`', stage: 'dev', change: 'ModelMesh model: runtime of the RawDeployment model', edit: (e) => Object.assign(modelOf(e, 'ModelMesh'), { runtime: modelOf(e, 'RawDeployment').runtime }) },
  { problem: 'a single-model model on a runtime of `serving.modelMeshRuntimes`', stage: 'dev', change: 'ModelMesh model: deploymentMode RawDeployment', edit: (e) => Object.assign(modelOf(e, 'ModelMesh'), { deploymentMode: 'RawDeployment' }) },
  { problem: 'ModelMesh and single-model models in one namespace', stage: 'dev', change: "ModelMesh model moved into the RawDeployment model's namespace", edit: (e) => Object.assign(modelOf(e, 'ModelMesh'), { namespace: modelOf(e, 'RawDeployment').namespace }) },
  { problem: 'routed `<name>-<namespace>` over 63 characters', stage: 'dev', change: 'routed model: namespace `maas-models-of-the-team-that-serves-chat-models-in-dev`', edit: (e) => Object.assign(modelOf(e, 'RawDeployment'), { namespace: 'maas-models-of-the-team-that-serves-chat-models-in-dev' }) },
  { problem: 'two models with one name', stage: 'staging', change: 'Serverless model appended twice', edit: (e) => e.models.push({ ...modelOf(e, 'Serverless') }) },
];

/** docs/serving.md: what the loader says, word for word, when an example environment is changed to have each problem. */
function servingLoadErrors(ctx: DocsContext): string[] {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| problem | change to the example environment | what `npm run synth` says (every problem, without the line) |',
    '|---|---|---|',
    ...LOAD_ERROR_CASES.map((c) => {
      const env = ctx.environments.find((e) => e.stage === c.stage);
      if (env === undefined) return `| ${c.problem} | (no example environment of stage ${c.stage}) | |`;
      const data = parse(ctx.texts.get(env.name) ?? '') as EnvironmentData;
      c.edit(data);
      const result = parseEnvironment(env.name, stringify(data));
      const said = result.ok ? '(loads without a problem)' : result.problems.map((p) => code(cell(`${p.path === '' ? '' : `${p.path}: `}${p.message}`))).join('<br>');
      return `| ${c.problem} | ${env.name}: ${c.change} | ${said} |`;
    }),
  ];
}

/** A change to one rendered object of an example environment, and the rule whose flag it shows. */
interface RiskCase {
  /** When the rule raises its flag. */
  readonly when: string;
  /** The object to change: its file must match, and its API group when given. */
  readonly file: RegExp;
  readonly group?: string;
  /** The object after the change; undefined removes it. */
  readonly change: (object: Record<string, unknown>) => Record<string, unknown> | undefined;
}

const removal = (groupKind: string): RiskCase => {
  const [group, kind] = groupKind.split(' ');
  return {
    when: `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} is removed (or renamed)`,
    file: new RegExp(`/${kind.toLowerCase()}\\.[^/]+\\.yaml$`),
    group,
    change: () => undefined,
  };
};

type Spec = Record<string, unknown> & { spec: Record<string, unknown> & { realm: { clients: Array<Record<string, unknown>> }; client: Record<string, unknown>; applicationPlans: Record<string, { limits: Array<{ value: number }> }> } };

/** The risk rules of `lib/diff/risks.ts`, each shown by a change to the example environments' render. */
const RISK_CASES: readonly RiskCase[] = [
  ...Object.keys(DATA_LOSS).map(removal),
  { when: "a client is dropped from a realm import's `spec.realm.clients`", file: /\/keycloakrealmimport\.[^/]+\.yaml$/, change: (o) => ({ ...o, spec: { ...(o as Spec).spec, realm: { ...(o as Spec).spec.realm, clients: [] } } }) },
  { when: 'anything changes in an environment whose file says `stage: prod`', file: /^prod\/.*\/namespace\.[^/]+\.yaml$/, change: (o) => ({ ...o, metadata: { ...(o.metadata as object), labels: { team: 'ai' } } }) },
  { when: 'a 3scale promotion is added or changed (several of one kind and target in one environment make one line)', file: /\/proxyconfigpromote\.[^/]+\.yaml$/, change: (o) => ({ ...o, metadata: { ...(o.metadata as object), name: `${String((o.metadata as { name: string }).name)}x` } }) },
  { when: "a Product's application-plan limit is raised or removed", file: /\/product\.[^/]+\.yaml$/, change: (o) => {
    const spec = structuredClone((o as Spec).spec);
    const plan = Object.values(spec.applicationPlans)[0];
    plan.limits[0].value *= 2;
    plan.limits.splice(1);
    return { ...o, spec };
  } },
  { when: 'a client gains a redirect URI or web origin (for a new client: only `*`, `http://` or localhost entries)', file: /\/keycloakclient\.[^/]+\.yaml$/, change: (o) => ({ ...o, spec: { ...(o as Spec).spec, client: { ...(o as Spec).spec.client, redirectUris: ['http://localhost:8080/*'] } } }) },
];

/** docs/review.md: each risk rule with the flag it raises when the example environments' render is changed so. */
function riskFlagTable(ctx: DocsContext): string[] {
  const stages = new Map(ctx.environments.map((e) => [e.name, e.stage]));
  const files = [...ctx.tree.keys()].filter((f) => f.endsWith('.yaml'));
  return [
    '| raised when | flag (the example environments\' render, changed so) |',
    '|---|---|',
    ...RISK_CASES.map((c) => {
      // Outside prod where possible, so that the prod flag does not join every example.
      const file = files
        .filter((f) => c.file.test(f) && (c.group === undefined || groupOf(parse(ctx.tree.get(f) ?? '') as KubeObject) === c.group))
        .sort((a, b) => Number(a.startsWith('prod/')) - Number(b.startsWith('prod/')))[0];
      if (file === undefined) return `| ${c.when} | (no such object in the example environments) |`;
      const env = file.split('/')[0];
      const changed = c.change(parse(ctx.tree.get(file) ?? '') as Record<string, unknown>);
      const only = (tree: ReadonlyMap<string, string>) => new Map([...tree].filter(([f]) => f.startsWith(`${env}/`)));
      const head = only(ctx.tree);
      if (changed === undefined) head.delete(file);
      else head.set(file, stringify(changed));
      const flags = riskFlags(compareRevisions({ tree: only(ctx.tree), stages }, { tree: head, stages }));
      return `| ${c.when} | ${flags.map((f) => code(`${f.environment}: ${f.message}`)).join('<br>') || '(none: fix this example)'} |`;
    }),
  ];
}

/** The fragments of the pages of docs/ beyond README, smoke and validation. */
export const PAGE_FRAGMENTS: Readonly<Record<string, Fragment>> = {
  'built-in-methods': builtInMethods,
  'gateway-calls': gatewayCalls,
  'gateway-curl': gatewayCurl,
  'gateway-defaults': sectionDefaults('gateway'),
  'identity-environments': identityEnvironments,
  'identity-secrets': identitySecrets,
  'latency-histograms': latencyHistograms,
  'model-endpoints': modelEndpoints,
  'monitoring-defaults': sectionDefaults('monitoring'),
  'monitoring-objects': monitoringObjects,
  'review-example': reviewExample,
  'serving-defaults': sectionDefaults('models', 'serving'),
  'risk-flags': riskFlagTable,
  'serving-load-errors': servingLoadErrors,
};
