import { App, Chart } from 'cdk8s';
import { buildCharts } from './charts';
import type { Environment } from './config/schema';
import { environmentReadme } from './docs/environment-readme';
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
 * Renders every environment into one tree: `<env>/<chart>/<kind>.[<namespace>.]<name>.yaml`, one object
 * per file, and `<env>/README.md` describing the environment for reviewers. The result depends only on the environments' content: the same input gives the same bytes.
 *
 * @throws Error when an object has no `metadata.name`, or two objects would share a file or an identity
 */
export function renderEnvironments(environments: readonly Environment[]): RenderedTree {
  const tree: RenderedTree = new Map();
  for (const env of environments) {
    const app = new App();
    const owners = new Map<string, string>();
    const charts = buildCharts(app, env);
    const objects = charts.all.map((chart) => ({ chart, objects: chartObjects(chart) }));
    tree.set(
      `${env.name}/README.md`,
      environmentReadme({
        env,
        identity: charts.identity.outputs,
        endpoints: charts.serving.endpoints,
        apis: charts.gateway.apis,
        objects: objects.filter(({ chart }) => chart !== charts.argocd).flatMap((c) => c.objects),
      }),
    );
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
        if (tree.has(file)) throw new Error(`${file} would hold two objects; give them distinct names`);
        tree.set(file, toYaml(object));
      }
    }
  }
  return new Map([...tree].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function chartObjects(chart: Chart): ManifestObject[] {
  return chart.toJson() as ManifestObject[];
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
