import { readYaml } from './fast-read';
import { pointerSegments, type Position } from './yaml';

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

/** What the API server accepts at most in an object's annotations, keys and values together (256 KiB). */
export const MAX_ANNOTATION_BYTES = 256 * 1024;
/** What a ConfigMap or Secret holds at most in `data` and `binaryData` together (1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;

/**
 * Reads every object of every file. Findings: YAML errors; what go-yaml (kubectl, Argo CD) would read
 * differently (rule `go-yaml`); a file with no object or more than one (the render writes one per file);
 * objects without apiVersion/kind/name; the same object in two files of an environment; annotations or
 * ConfigMap/Secret data larger than the API server accepts.
 */
export function readManifests(files: readonly RenderedFile[]): { manifests: Manifest[]; findings: Finding[] } {
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  const fileFinding = (file: RenderedFile, position: Position, rule: string, message: string) =>
    findings.push({ file: file.path, line: position.line, col: position.col, object: '', pointer: '', rule, message });
  const seen = new Map<string, Manifest>();
  for (const file of files) {
    // Positions are parsed only for files with a finding (lib/validate/fast-read.ts).
    const parsed = readYaml(file.text);
    for (const problem of parsed.problems) fileFinding(file, problem, 'yaml', problem.message);
    for (const problem of parsed.goYaml) fileFinding(file, problem, 'go-yaml', problem.message);
    if (parsed.problems.length === 0 && parsed.objects.length === 0) {
      fileFinding(file, { line: 1, col: 1 }, 'yaml', 'holds no object; the render writes exactly one object per file');
    }
    parsed.objects.forEach(({ value, locate }, index) => {
      if (index === 1) fileFinding(file, locate(''), 'yaml', `holds ${parsed.objects.length} objects; the render writes exactly one object per file`);
      const object = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as JsonObject;
      const metadata = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as JsonObject;
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
        return;
      }
      const identity = [manifest.environment, manifest.apiVersion.split('/').slice(0, -1).join('/'), manifest.kind, manifest.namespace, manifest.name].join(' ');
      const first = seen.get(identity);
      if (first && manifest.name !== '') {
        findings.push(finding(manifest, '/metadata/name', 'duplicate', `the same object is in ${first.file}; Argo CD would apply one of them, unpredictably`));
      } else {
        seen.set(identity, manifest);
      }
      findings.push(...sizeFindings(manifest, metadata));
      manifests.push(manifest);
    });
  }
  return { manifests, findings };
}

function sizeFindings(manifest: Manifest, metadata: JsonObject): Finding[] {
  const findings: Finding[] = [];
  const bytes = (map: unknown) =>
    typeof map === 'object' && map !== null
      ? Object.entries(map).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value) ?? ''), 0)
      : 0;
  const annotations = bytes(metadata.annotations);
  if (annotations > MAX_ANNOTATION_BYTES) {
    findings.push(finding(manifest, '/metadata/annotations', 'size', `the annotations hold ${annotations} bytes; the API server accepts at most ${MAX_ANNOTATION_BYTES} (256 KiB) in total`));
  }
  if (manifest.kind === 'ConfigMap' || manifest.kind === 'Secret') {
    const data = bytes(manifest.value.data) + bytes(manifest.value.binaryData) + bytes(manifest.value.stringData);
    if (data > MAX_DATA_BYTES) {
      findings.push(finding(manifest, '/data', 'size', `the data hold ${data} bytes; a ${manifest.kind} holds at most ${MAX_DATA_BYTES} (1 MiB)`));
    }
  }
  return findings;
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
