import { parseAllDocuments, stringify } from 'yaml';

/** A Kubernetes object as read back from a rendered file. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One object of an environment and the file that holds it. */
export interface PlacedObject {
  /** `Kind namespace/name`, or `Kind name` for a cluster-scoped object: how reviewers name it. */
  readonly subject: string;
  /** Path under the output folder, e.g. `dev/serving/namespace.maas-models.yaml`. */
  readonly file: string;
  readonly object: KubeObject;
}

/** What one environment's folder holds, keyed the way the cluster sees it rather than by file name. */
export interface EnvironmentContent {
  /** Objects by identity: API group, kind, namespace and name. */
  readonly objects: ReadonlyMap<string, PlacedObject>;
  /** Files that are not Kubernetes objects (e.g. a generated README.md): path under the output folder -> text. */
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Splits a rendered tree (path under the output folder -> content) into environments (first folder), and
 * each environment's YAML files into objects. A file that does not parse as Kubernetes objects is kept as text.
 *
 * @throws Error when two files of one environment hold the same object
 */
export function environmentContents(tree: ReadonlyMap<string, string>): Map<string, EnvironmentContent> {
  const environments = new Map<string, { objects: Map<string, PlacedObject>; files: Map<string, string> }>();
  for (const [file, text] of tree) {
    const slash = file.indexOf('/');
    // Files beside the environment folders are not part of any environment; the render writes none.
    if (slash < 0) continue;
    const name = file.slice(0, slash);
    const env = environments.get(name) ?? { objects: new Map(), files: new Map() };
    environments.set(name, env);
    const objects = /\.ya?ml$/.test(file) ? kubeObjects(text) : undefined;
    if (objects === undefined) {
      env.files.set(file, text);
      continue;
    }
    for (const object of objects) {
      const key = identity(object);
      const other = env.objects.get(key);
      if (other) throw new Error(`${other.file} and ${file} both hold ${subjectOf(object)}; an object must be rendered once`);
      env.objects.set(key, { subject: subjectOf(object), file, object });
    }
  }
  return environments;
}

/** `Subscription maas-keycloak/rhbk-operator`; `Namespace maas-models` for a cluster-scoped object. */
export function subjectOf(object: KubeObject): string {
  const { namespace, name } = object.metadata;
  return namespace === undefined ? `${object.kind} ${name}` : `${object.kind} ${namespace}/${name}`;
}

/** The API group of an object: `capabilities.3scale.net`, or `` for the core group (`v1`). */
export function groupOf(object: KubeObject): string {
  const slash = object.apiVersion.indexOf('/');
  return slash < 0 ? '' : object.apiVersion.slice(0, slash);
}

/** What makes an object the same object for the API server: group, kind, namespace, name (not the version). */
function identity(object: KubeObject): string {
  return [groupOf(object), object.kind, object.metadata.namespace ?? '', object.metadata.name].join(' ');
}

/** The objects of a YAML file, or undefined when it is not a stream of Kubernetes objects. */
function kubeObjects(text: string): KubeObject[] | undefined {
  // The render writes YAML 1.1 (what the API server reads), so `yes` in an old file stays what it meant.
  const documents = parseAllDocuments(text, { version: '1.1' });
  if (!Array.isArray(documents) || documents.some((d) => d.errors.length > 0)) return undefined;
  const values = documents.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
  return values.length > 0 && values.every(isKubeObject) ? values : undefined;
}

function isKubeObject(value: unknown): value is KubeObject {
  const v = value as Partial<KubeObject> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.apiVersion === 'string' && typeof v.kind === 'string' &&
    typeof v.metadata === 'object' && v.metadata !== null && typeof v.metadata.name === 'string'
  );
}

/** An object as YAML the way the render writes it, so that a diff shows whole values. */
export function objectYaml(object: KubeObject): string {
  return stringify(object, { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}

/** Whether two values are equal as data: key order does not matter, array order does. */
export function sameData(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/**
 * What an added object holds, in one line: the scalar fields of its `spec` (else of `data`, else of its other
 * top-level fields) as `path=value`, the first few and how many more, e.g.
 * `spec: channel=stable, name=rhbk-operator, source=redhat-operators (2 more)`; empty when it holds no such
 * field (a Namespace).
 */
export function summarizeObject(object: KubeObject, atMost = 5): string {
  const section = ['spec', 'data', 'stringData'].find((key) => object[key] !== undefined);
  const root = section === undefined
    ? Object.fromEntries(Object.entries(object).filter(([key]) => !['apiVersion', 'kind', 'metadata'].includes(key)))
    : object[section];
  const leaves: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, path === '' ? key : `${path}.${key}`);
    else leaves.push(`${path}=${short(value)}`);
  };
  walk(root, '');
  if (leaves.length === 0) return '';
  const more = leaves.length > atMost ? ` (${leaves.length - atMost} more)` : '';
  return `${section ?? 'fields'}: ${leaves.slice(0, atMost).join(', ')}${more}`;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value.split('\n')[0] + (value.includes('\n') ? '…' : '') : String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
