import { isScalar, parseDocument } from 'yaml';
import { formatProblems, parseEnvironment } from '../config/load';
import type { Environment } from '../config/schema';
import type { RenderedTree } from '../render';
import { formatReport } from '../smoke/report';
import type { SmokeReport } from '../smoke/run';
import { chartsOf, PAGE_FRAGMENTS } from './page-fragments';

/**
 * Parts of README.md and docs/*.md that are generated from the code, between
 * `<!-- generated: NAME (npm run docs) -->` and `<!-- end generated: NAME -->`. `npm run docs` rewrites them;
 * test/docs/fragments.test.ts fails, naming the file and fragment, when one is stale.
 */

/** What the fragments are computed from: the environments as loaded, their files' text and their render. */
export interface DocsContext {
  readonly environments: readonly Environment[];
  /** The folder the environment files were read from, as the docs name it. @default "environments" */
  readonly folder?: string;
  /** Each environment file's text, by environment name. */
  readonly texts: ReadonlyMap<string, string>;
  /** The rendered tree of every environment (`renderEnvironments`). */
  readonly tree: RenderedTree;
}

/** A fragment: its lines, computed from the context. */
export type Fragment = (ctx: DocsContext) => string[];

/**
 * The sync waves as rendered: per environment, the kinds of each wave (read from the objects' annotations),
 * and the hooks.
 */
export function syncWaveTable(tree: RenderedTree, environments: readonly string[]): string[] {
  const waves = new Map<string, Map<string, string[]>>();
  for (const [file, text] of tree) {
    const env = file.split('/')[0];
    if (!file.endsWith('.yaml') || !environments.includes(env)) continue;
    const kind = /^kind: (.+)$/m.exec(text)?.[1] ?? '?';
    const wave = /argocd\.argoproj\.io\/hook: /.test(text) ? 'hook' : /argocd\.argoproj\.io\/sync-wave: "(-?\d+)"/.exec(text)?.[1];
    if (wave === undefined) continue;
    const row = waves.get(wave) ?? new Map<string, string[]>();
    const kinds = row.get(env) ?? [];
    if (!kinds.includes(kind)) kinds.push(kind);
    row.set(env, kinds);
    waves.set(wave, row);
  }
  const order = [...waves.keys()].sort((a, b) => (a === 'hook' ? 1 : b === 'hook' ? -1 : Number(a) - Number(b)));
  return [
    `| wave | ${environments.join(' | ')} |`,
    `|---|${environments.map(() => '---|').join('')}`,
    ...order.map((wave) => `| ${wave} | ${environments.map((env) => (waves.get(wave)?.get(env) ?? []).sort().join(', ')).join(' | ')} |`),
  ];
}

/** Each environment's token endpoint and public model calls. */
function callingTable(ctx: DocsContext): string[] {
  return [
    '| env | token endpoint | gateway calls |',
    '|---|---|---|',
    ...ctx.environments.map((env) => {
      const charts = chartsOf(ctx, env);
      const calls = charts.smoke.plan.models.map((m) => `\`${m.method} ${m.url}\``).join('<br>');
      return `| ${env.name} | \`${charts.identity.outputs.tokenUrl}\` | ${calls} |`;
    }),
  ];
}

/**
 * The loader's real answer to a prod file with a wrong type and unpinned operators: the first environment of
 * stage prod, with `identity.operator.channel: 7` and both operators' `installPlanApproval: Automatic`.
 */
function exampleError(ctx: DocsContext): string[] {
  const prod = ctx.environments.find((env) => env.stage === 'prod');
  if (prod === undefined) return ['(no environment of stage prod to show an example with)'];
  // The values are replaced in the text, so that every other line stays where the reader sees it.
  let text = ctx.texts.get(prod.name) ?? '';
  const doc = parseDocument(text);
  const edits: Array<{ range: readonly [number, number]; value: string }> = [];
  const edit = (path: string[], value: string) => {
    const node = doc.getIn(path, true);
    if (isScalar(node) && node.range) edits.push({ range: [node.range[0], node.range[1]], value });
  };
  edit(['identity', 'operator', 'channel'], '7');
  edit(['identity', 'operator', 'installPlanApproval'], 'Automatic');
  edit(['gateway', 'operator', 'installPlanApproval'], 'Automatic');
  for (const { range, value } of edits.sort((a, b) => b.range[0] - a.range[0])) text = text.slice(0, range[0]) + value + text.slice(range[1]);
  const result = parseEnvironment(prod.name, text);
  const file = `${ctx.folder ?? 'environments'}/${prod.name}.yaml`;
  const report = result.ok ? '(the changed file is valid)' : formatProblems(file, result.problems);
  return [
    '```',
    `$ npm run synth${ctx.folder === undefined || ctx.folder === 'environments' ? '' : ` -- --environments ${ctx.folder}`}      # after setting identity.operator.channel: 7 and installPlanApproval: Automatic in ${file}`,
    ...report.split('\n'),
    'Nothing was written.',
    '```',
  ];
}

/** How many objects, files and kinds the environments render. */
function renderCounts(ctx: DocsContext): { objects: number; kinds: number; environments: number } {
  const kinds = new Set<string>();
  let objects = 0;
  for (const [file, text] of ctx.tree) {
    if (!file.endsWith('.yaml')) continue;
    objects += 1;
    const apiVersion = /^apiVersion: (.+)$/m.exec(text)?.[1];
    const kind = /^kind: (.+)$/m.exec(text)?.[1];
    kinds.add(`${apiVersion} ${kind}`);
  }
  return { objects, kinds: kinds.size, environments: ctx.environments.length };
}

/** The validator's summary line for the rendered environments (errors and time as in a run with two errors). */
function validateSummary(ctx: DocsContext): string[] {
  const { objects, kinds, environments } = renderCounts(ctx);
  return [`validate: ${objects} objects in ${objects} files (${environments} environments) checked against ${kinds} kinds (0 compiled, ${kinds} from cache): 2 errors in 0.09 s`];
}

/** The render's size, as the cost table of docs/validation.md names it. */
function renderSize(ctx: DocsContext): string[] {
  const { objects, kinds, environments } = renderCounts(ctx);
  return [`The shipped environments render ${objects} objects of ${kinds} kinds (${environments} environments).`];
}

/**
 * A passing smoke run of the first environment as `npm run smoke` prints it. Latencies and the client id are
 * examples: 3scale chooses each application's client id.
 */
function smokeOutput(ctx: DocsContext): string[] {
  const env = ctx.environments[0];
  if (env === undefined) return [];
  const plan = chartsOf(ctx, env).smoke.plan;
  const latency = [67, 4, 8];
  const clientId = 'a1b2c3d4';
  const report: SmokeReport = {
    environment: plan.environment,
    consumer: plan.consumer,
    tokenUrl: plan.tokenUrl,
    clientId,
    ok: true,
    token: { check: 'token', ok: true, outcome: 'ok', status: 200, latencyMs: 51, detail: `bearer JWT for client "${clientId}", expires in 300 s` },
    models: plan.models.map((m) => ({
      name: m.name,
      url: m.url,
      ok: true,
      checks: [
        ...(m.predict === false ? [] : [{ check: 'predict' as const, ok: true, outcome: 'ok' as const, status: m.expectedStatus ?? 200, latencyMs: latency[0], detail: 'answered' }]),
        { check: 'no token' as const, ok: true, outcome: 'ok' as const, status: 401, latencyMs: latency[1], detail: 'rejected as expected' },
        { check: 'tampered token' as const, ok: true, outcome: 'ok' as const, status: 401, latencyMs: latency[2], detail: 'rejected as expected' },
      ],
    })),
  };
  return ['```', `$ npm run smoke -- --env ${env.name}`, formatReport(report), '```'];
}

/** docs/smoke.md: each environment's token endpoint, consumer, calls, the Job's Secret and whether the Job runs. */
function smokeTable(ctx: DocsContext): string[] {
  return [
    '| env | token endpoint (`identity` chart: issuer + `/protocol/openid-connect/token`) | consumer | model calls (the gateway chart\'s published URL + the API\'s first `POST` call) | Job\'s Secret (namespace) | PostSync Job |',
    '|---|---|---|---|---|---|',
    ...ctx.environments.map((env) => {
      const charts = chartsOf(ctx, env);
      const { identity } = charts;
      const { plan } = charts.smoke;
      const calls = plan.models.map((m) => `\`${m.method} ${m.url}\``).join('<br>') || '-';
      const secret = env.smoke.postSync ? `\`${identity.outputs.gatewayClientSecretName}\` (\`${identity.outputs.namespace}\`)` : '-';
      return `| ${env.name} | \`${identity.outputs.tokenUrl}\` | ${plan.consumer === undefined ? '-' : `\`${plan.consumer}\``} | ${calls} | ${secret} | ${env.smoke.postSync ? 'yes' : 'no'} |`;
    }),
  ];
}

/** Every fragment by name. */
export const FRAGMENTS: Readonly<Record<string, Fragment>> = {
  'sync-waves': (ctx) => syncWaveTable(ctx.tree, ctx.environments.map((env) => env.name)),
  'calling-a-model': callingTable,
  'example-error': exampleError,
  'validate-summary': validateSummary,
  'render-size': renderSize,
  'smoke-output': smokeOutput,
  'smoke-environments': smokeTable,
  ...PAGE_FRAGMENTS,
};

const START = /^<!-- generated: ([a-z0-9-]+) \(npm run docs\) -->$/;
const end = (name: string) => `<!-- end generated: ${name} -->`;

/** The result of refreshing one markdown text. */
export interface RefreshResult {
  readonly text: string;
  /** Names of the fragments whose content changed. */
  readonly changed: readonly string[];
}

/**
 * Rewrites every generated fragment of a markdown text.
 *
 * @throws Error when a marker names no fragment, or a fragment is not closed
 */
export function refreshMarkdown(text: string, ctx: DocsContext, fragments: Readonly<Record<string, Fragment>> = FRAGMENTS): RefreshResult {
  const lines = text.split('\n');
  const out: string[] = [];
  const changed: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    const name = START.exec(lines[i])?.[1];
    if (name === undefined) continue;
    const fragment = fragments[name];
    if (fragment === undefined) throw new Error(`line ${i + 1}: no fragment "${name}"; known: ${Object.keys(fragments).join(', ')}`);
    const close = lines.indexOf(end(name), i + 1);
    if (close < 0) throw new Error(`line ${i + 1}: fragment "${name}" is not closed; add "${end(name)}"`);
    const fresh = fragment(ctx);
    if (lines.slice(i + 1, close).join('\n') !== fresh.join('\n')) changed.push(name);
    out.push(...fresh, lines[close]);
    i = close;
  }
  return { text: out.join('\n'), changed };
}
