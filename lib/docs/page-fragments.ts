import { App } from 'cdk8s';
import { parse, parseDocument, isMap, isSeq } from 'yaml';
import { buildCharts, type EnvironmentCharts } from '../charts';
import { parseEnvironment } from '../config/load';
import { environmentJsonSchema } from '../config/json-schema';
import type { Environment } from '../config/schema';
import { compareRevisions } from '../diff/compare';
import { formatText } from '../diff/format';
import { renderEnvironments, type RenderedTree } from '../render';
import { LATENCY_HISTOGRAMS } from '../upstream/serving';
import { publicCall } from './environment-readme';
import type { DocsContext, Fragment } from './fragments';

/**
 * The generated fragments of docs/gateway.md, identity.md, monitoring.md and review.md: what those pages state
 * about the render, computed from the example environments and the code (see fragments.ts for the mechanism).
 */

const chartsCache = new WeakMap<DocsContext, Map<string, EnvironmentCharts>>();

/** An environment's charts, built once per context. */
function chartsOf(ctx: DocsContext, env: Environment): EnvironmentCharts {
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

/** The YAML objects of the rendered tree (README files left out), in file order. */
function objectsOf(tree: RenderedTree): Rendered[] {
  return [...tree]
    .filter(([file]) => file.endsWith('.yaml'))
    .map(([file, text]) => {
      const [env, chart] = file.split('/');
      return { ...(parse(text) as Omit<Rendered, 'env' | 'chart'>), env, chart };
    });
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

interface JsonSchemaNode {
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Record<string, JsonSchemaNode>;
}

let environmentSchema: JsonSchemaNode | undefined;

/**
 * The defaults of one section of an environment file, from the schema itself (its JSON Schema, with the doc
 * comments as descriptions): one row per field that has a default, or whose description names one.
 */
export function defaultsTable(section: string, schema: JsonSchemaNode): string[] {
  const rows: string[] = [];
  const visit = (node: JsonSchemaNode, path: string) => {
    for (const [name, field] of Object.entries(node.properties ?? {})) {
      const at = path === '' ? name : `${path}.${name}`;
      if (field.properties !== undefined) visit(field, at);
      else if (field.default !== undefined || /\bDefault\b/.test(field.description ?? '')) {
        const value = field.default === undefined ? '-' : code(JSON.stringify(field.default));
        rows.push(`| ${code(at)} | ${value} | ${(field.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`);
      }
    }
  };
  const node = schema.properties?.[section];
  if (node === undefined) throw new Error(`the environment schema has no section "${section}"`);
  visit(node, section);
  return ['| field | default | what |', '|---|---|---|', ...rows];
}

function sectionDefaults(section: string): Fragment {
  return () => {
    environmentSchema ??= JSON.parse(environmentJsonSchema()) as JsonSchemaNode;
    return defaultsTable(section, environmentSchema);
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

/** The fragments of the pages of docs/ beyond README, smoke and validation. */
export const PAGE_FRAGMENTS: Readonly<Record<string, Fragment>> = {
  'gateway-calls': gatewayCalls,
  'gateway-defaults': sectionDefaults('gateway'),
  'identity-environments': identityEnvironments,
  'latency-histograms': latencyHistograms,
  'monitoring-defaults': sectionDefaults('monitoring'),
  'monitoring-objects': monitoringObjects,
  'review-example': reviewExample,
};
