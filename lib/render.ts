import { App, Chart } from 'cdk8s';
import { buildCharts, synthesizeCharts } from './charts';
import type { Environment } from './config/schema';
import { environmentReadme } from './docs/environment-readme';
import type { RenderedFile } from './docs/first-rollout';
import { fastYaml } from './fast-yaml';

/** A rendered tree: file path relative to the output folder -> file content. */
export type RenderedTree = Map<string, string>;

/** A Kubernetes object as rendered. */
interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

/**
 * The file that marks a folder as written by this tool (`dist/` and any `--out`): only a folder holding it is
 * ever replaced, so that a mistyped `--out .` cannot delete the project. Part of the render, hence committed.
 */
export const RENDERED_MARKER = '.maas-rendered';

/** The marker's content: what the folder is, for a person who opens it. */
const MARKER_TEXT = 'Written by `npm run synth` (main.ts); every render replaces this folder\'s environments. Do not edit.\n';

/**
 * Renders every environment into one tree: `<env>/<chart>/<kind>.[<namespace>.]<name>.yaml`, one object
 * per file, `<env>/README.md` describing the environment for reviewers, and the marker `.maas-rendered`.
 * The result depends only on the environments' content: the same input gives the same bytes.
 *
 * @throws Error when an object has no `metadata.name`, or two objects would share a file or an identity
 */
export function renderEnvironments(environments: readonly Environment[]): RenderedTree {
  const tree: RenderedTree = new Map([[RENDERED_MARKER, MARKER_TEXT]]);
  for (const [file, content] of renderContents(environments)) {
    try {
      tree.set(file, typeof content === 'string' ? content : toYaml(content));
    } catch (error) {
      throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Every rendered object by the file it is written to (README files left out): what the YAML files must
 * read back as, for tests that parse them the way the cluster does.
 */
export function renderObjects(environments: readonly Environment[]): Map<string, unknown> {
  return new Map([...renderContents(environments)].filter((entry): entry is [string, ManifestObject] => typeof entry[1] !== 'string'));
}

function* renderContents(environments: readonly Environment[]): Generator<[string, string | ManifestObject]> {
  const files = new Set<string>();
  for (const env of environments) {
    const app = new App();
    const owners = new Map<string, string>();
    const charts = buildCharts(app, env);
    const objects = synthesizeCharts(charts) as { chart: Chart; objects: ManifestObject[] }[];
    const rendered: RenderedFile[] = [];
    for (const { chart, objects: chartObjectList } of objects) {
      for (const object of chartObjectList) {
        const { kind, metadata } = object;
        const name = metadata?.name;
        if (!name) throw new Error(`${env.name}/${chart.node.id}: a ${kind} has no metadata.name; set one explicitly`);
        const identity = `${object.apiVersion.split('/')[0]} ${kind} ${metadata?.namespace ?? ''}/${name}`;
        const owner = owners.get(identity);
        if (owner) throw new Error(`${env.name}: ${kind} ${metadata?.namespace ?? ''}/${name} is rendered by both ${owner} and ${chart.node.id}`);
        owners.set(identity, chart.node.id);
        const file = `${env.name}/${chart.node.id}/${fileName(kind, name, metadata?.namespace)}`;
        if (files.has(file)) throw new Error(`${file} would hold two objects; give them distinct names`);
        files.add(file);
        rendered.push({ file: file.slice(env.name.length + 1), object: object as RenderedFile['object'] });
        yield [file, object];
      }
    }
    // After the objects: the first-rollout checklist reads every rendered file, the Argo CD chart's included.
    yield [
      `${env.name}/README.md`,
      environmentReadme({
        env,
        identity: charts.identity.outputs,
        endpoints: charts.serving.endpoints,
        apis: charts.gateway.apis,
        // The Secrets section lists what Argo CD syncs; the Argo CD chart is applied by hand (the checklist's bootstrap).
        objects: objects.filter(({ chart }) => chart !== charts.argocd).flatMap((c) => c.objects),
        plan: charts.smoke.plan,
        files: rendered,
      }),
    ];
  }
}

/** `Subscription`, `rhbk-operator`, `keycloak` -> `subscription.keycloak.rhbk-operator.yaml`. */
export function fileName(kind: string, name: string, namespace?: string): string {
  return [kind.toLowerCase(), namespace, name].filter((part) => part !== undefined).join('.') + '.yaml';
}

/**
 * One object as YAML. Strings are quoted as YAML 1.1 requires (the API server reads YAML 1.1: an unquoted
 * `yes` or `on` would become a boolean); no line folding, so a diff shows whole values.
 */
export function toYaml(object: unknown): string {
  // Same bytes as `stringify(object, YAML_OPTIONS)` of the yaml library, which took half the render time.
  return fastYaml(object);
}
