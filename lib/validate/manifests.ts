import { parseYaml, pointerSegments, type Position } from './yaml';

/** One rendered file: its path as printed (relative to the project root) and the environment it belongs to. */
export interface RenderedFile {
  /** e.g. `dist/prod/identity/subscription.maas-sso.rhsso-operator.yaml` */
  readonly path: string;
  /** The `dist/<env>/` folder name, e.g. `prod`. */
  readonly environment: string;
  readonly text: string;
}

/** A JSON object as read from YAML. */
export type JsonObject = { readonly [key: string]: unknown };

/** One Kubernetes object read from a rendered file. */
export interface Manifest {
  readonly file: string;
  readonly environment: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly value: JsonObject;
  readonly locate: (pointer: string) => Position;
}

/** One problem, printed as `file:line:col Kind/namespace/name /json/pointer: rule: message`. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** `Kind/namespace/name`, or `Kind/name` for cluster-scoped objects; empty when no object could be read. */
  readonly object: string;
  readonly pointer: string;
  /** `schema`, `yaml`, `no-schema`, a policy rule id or a reference rule id. */
  readonly rule: string;
  readonly message: string;
}

/** `Route/maas-models/granite-chat`, or `Namespace/maas-models` for cluster-scoped objects. */
export function objectName(manifest: Pick<Manifest, 'kind' | 'namespace' | 'name'>): string {
  return [manifest.kind, manifest.namespace, manifest.name].filter((part) => part !== '').join('/');
}

/** A finding about `manifest` at `pointer`. */
export function finding(manifest: Manifest, pointer: string, rule: string, message: string): Finding {
  const { line, col } = manifest.locate(pointer);
  return { file: manifest.file, line, col, object: objectName(manifest), pointer, rule, message };
}

/** `file:line:col Kind/namespace/name /json/pointer: rule: message` */
export function formatFinding(f: Finding): string {
  const where = [f.object, f.pointer].filter((part) => part !== '').join(' ');
  return `${f.file}:${f.line}:${f.col} ${where}${where ? ': ' : ''}${f.rule}: ${f.message}`;
}

/** Reads every object of every file; YAML errors and objects without apiVersion/kind/name become findings. */
export function readManifests(files: readonly RenderedFile[]): { manifests: Manifest[]; findings: Finding[] } {
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const parsed = parseYaml(file.text);
    for (const problem of parsed.problems) {
      findings.push({ file: file.path, line: problem.line, col: problem.col, object: '', pointer: '', rule: 'yaml', message: problem.message });
    }
    for (const { value, locate } of parsed.objects) {
      const object = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as JsonObject;
      const metadata = (object.metadata ?? {}) as JsonObject;
      const manifest: Manifest = {
        file: file.path,
        environment: file.environment,
        apiVersion: typeof object.apiVersion === 'string' ? object.apiVersion : '',
        kind: typeof object.kind === 'string' ? object.kind : '',
        name: typeof metadata.name === 'string' ? metadata.name : '',
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : '',
        value: object,
        locate,
      };
      if (!manifest.apiVersion || !manifest.kind) {
        findings.push(finding(manifest, '', 'schema', 'not a Kubernetes object: apiVersion and kind must be strings'));
        continue;
      }
      manifests.push(manifest);
    }
  }
  return { manifests, findings };
}

/** The value at a JSON pointer, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const segment of pointerSegments(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** A value as shown in messages: JSON, cut at 60 characters. */
export function show(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
