import type { Manifest as UpstreamManifest, ObjectRef } from '../../upstream/types';
import { finding, type Finding, type Manifest } from '../manifests';

/** One rendered object as the cluster model reads it. */
export interface ClusterObject {
  /** `<group>/<Kind>`, `core` for the core group. */
  readonly groupKind: string;
  readonly manifest: Manifest;
  /** The object as the table of controller effects reads it. */
  readonly upstream: UpstreamManifest;
  /** Path below `dist/<env>/`, e.g. `gateway/product.maas-3scale.iris-api.yaml`. */
  readonly path: string;
}

/** `<group>/<Kind>` of an apiVersion and kind, `core` for the core group. */
export function groupKindOf(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : 'core'}/${kind}`;
}

/** `Kind ns/name` or `Kind name`, as the tables print objects. */
export function label(ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string {
  const kind = ref.kind.split('/').pop();
  return `${kind} ${ref.namespace && ref.namespace !== '*' ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Identity of an object: `<group>/<Kind> <namespace>/<name>`. */
export function key(ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): string {
  return `${ref.kind} ${ref.namespace ?? ''}/${ref.name}`;
}

/** `dist/prod/gateway/x.yaml` -> `gateway/x.yaml`: the path below the environment's folder. */
function relativeToEnvironment(manifest: Manifest): string {
  const parts = manifest.file.split('/');
  const at = parts.indexOf(manifest.environment);
  return parts.slice(at + 1).join('/');
}

export function toClusterObject(manifest: Manifest): ClusterObject {
  const groupKind = groupKindOf(manifest.apiVersion, manifest.kind);
  // As the API server has it once created: generation 1 (an update sync bumps it for what changed).
  const metadata = { generation: 1, ...((manifest.value.metadata ?? {}) as Record<string, unknown>), name: manifest.name, namespace: manifest.namespace || undefined };
  return {
    groupKind,
    manifest,
    upstream: { ...manifest.value, apiVersion: manifest.apiVersion, kind: manifest.kind, metadata } as UpstreamManifest,
    path: relativeToEnvironment(manifest),
  };
}

/** A finding of the cluster model about an object. */
export function clusterFinding(object: ClusterObject, pointer: string, rule: string, message: string): Finding {
  return finding(object.manifest, pointer, rule, message);
}

/**
 * Does `ref` name `object`? Its name or namespace may be `*`; a ref without namespace matches any (a remote
 * Secret read through a store names none; cluster-scoped objects have none either).
 */
export function matches(ref: ObjectRef, object: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>): boolean {
  if (ref.kind !== object.kind) return false;
  if (ref.name !== '*' && !globName(ref.name, object.name)) return false;
  return ref.namespace === undefined || ref.namespace === '*' || ref.namespace === (object.namespace ?? '');
}

/** A created object's name may end in `*` (pods of a Deployment). */
function globName(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  return name.endsWith('*') && pattern.startsWith(name.slice(0, -1));
}

/** A nested field, or undefined. */
export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const part of path) current = current && typeof current === 'object' ? (current as Record<string | number, unknown>)[part] : undefined;
  return current;
}

/** The annotations of an object. */
export function annotations(object: ClusterObject): Record<string, string> {
  return (get(object.manifest.value, 'metadata', 'annotations') ?? {}) as Record<string, string>;
}

/** The object after an update of its spec: the API server's generation one higher. */
export function nextGeneration(object: ClusterObject): ClusterObject {
  const metadata = object.upstream.metadata as { generation?: number };
  return { ...object, upstream: { ...object.upstream, metadata: { ...object.upstream.metadata, generation: (metadata.generation ?? 1) + 1 } } };
}
