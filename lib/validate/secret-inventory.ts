import { CONTROLLER_EFFECTS } from '../upstream/controller-effects';
import type { Manifest } from '../upstream/types';

/**
 * Which Secrets an environment's objects read, and who creates each one: the basis of the validator's
 * `ref-secret-creator` rule and of the "Secrets" section of `dist/<env>/README.md`. Pure: it reads rendered
 * objects (as parsed from YAML, or as charts render them) and nothing else.
 */

/** A rendered object as far as the inventory reads it. */
export interface RenderedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Readonly<Record<string, string>> };
  readonly spec?: unknown;
}

/** A place in an object that names a Secret. */
export interface SecretReference {
  /** The object that reads the Secret. */
  readonly reader: { readonly kind: string; readonly namespace: string; readonly name: string };
  /** JSON pointer of the field that names the Secret. */
  readonly pointer: string;
  /** Namespace of the Secret; undefined when the reader names a store's key in a namespace not in Git. */
  readonly namespace?: string;
  readonly name: string;
}

/** Who makes a Secret exist. */
export interface SecretCreator {
  readonly namespace: string;
  readonly name: string;
  /** How, for a person: `generated in the cluster (ExternalSecret maas-x, Password generator)`, ... */
  readonly how: string;
}

/**
 * Secrets no rendered object creates but that an environment documents as provided before the first sync,
 * recognised by the field that names them. The 3scale tenant Secret (`providerAccountRef`, keys `adminURL` and
 * `token`) belongs to the 3scale installation: docs/gateway.md, *What is rendered*.
 */
export const PREREQUISITE_FIELDS: readonly { readonly field: string; readonly what: string }[] = [
  { field: '/spec/providerAccountRef/name', what: 'the 3scale tenant Secret (adminURL, token), a prerequisite of the 3scale installation' },
];

const THREESCALE = 'capabilities.3scale.net';
const group = (o: RenderedObject) => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : 'core');
const record = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const array = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Every Secret an object names, with the field that names it. */
export function secretReferences(object: RenderedObject): SecretReference[] {
  const namespace = object.metadata?.namespace ?? '';
  const reader = { kind: object.kind, namespace, name: object.metadata?.name ?? '' };
  const spec = record(object.spec);
  const refs: SecretReference[] = [];
  const add = (pointer: string, name: unknown, ns: string | null = namespace) => {
    const n = text(name);
    if (n !== undefined) refs.push({ reader, pointer, namespace: ns ?? undefined, name: n });
  };
  const g = group(object);

  if (g === THREESCALE) {
    add('/spec/providerAccountRef/name', record(spec.providerAccountRef).name);
    if (object.kind === 'Product') {
      for (const mode of ['apicastSelfManaged', 'apicastHosted']) {
        const oidc = record(record(record(record(spec.deployment)[mode]).authentication).oidc);
        add(`/spec/deployment/${mode}/authentication/oidc/issuerEndpointRef/name`, record(oidc.issuerEndpointRef).name);
      }
    }
    if (object.kind === 'DeveloperUser') {
      const ref = record(spec.passwordCredentialsRef);
      add('/spec/passwordCredentialsRef/name', ref.name, text(ref.namespace) ?? namespace);
    }
    if (object.kind === 'ApplicationAuth') add('/spec/authSecretRef/name', record(spec.authSecretRef).name);
  }
  if (g === 'k8s.keycloak.org' && object.kind === 'KeycloakRealmImport') {
    for (const [key, placeholder] of Object.entries(record(spec.placeholders))) {
      add(`/spec/placeholders/${escape(key)}/secret/name`, record(record(placeholder).secret).name);
    }
  }
  if (g === 'k8s.keycloak.org' && object.kind === 'Keycloak') {
    const db = record(spec.db);
    add('/spec/db/usernameSecret/name', record(db.usernameSecret).name);
    add('/spec/db/passwordSecret/name', record(db.passwordSecret).name);
    add('/spec/http/tlsSecret', record(spec.http).tlsSecret);
  }
  if (g === 'external-secrets.io' && object.kind === 'ExternalSecret') {
    // The store reads another namespace (the environment's SecretStore): only the name is known here.
    array(spec.data).forEach((d, i) => add(`/spec/data/${i}/remoteRef/key`, record(record(d).remoteRef).key, null));
  }
  const pod = podSpec(object);
  if (pod !== undefined) {
    const base = pod.pointer;
    array(pod.spec.volumes).forEach((v, i) => add(`${base}/volumes/${i}/secret/secretName`, record(record(v).secret).secretName));
    for (const field of ['initContainers', 'containers']) {
      array(pod.spec[field]).forEach((c, i) => {
        array(record(c).env).forEach((e, j) =>
          add(`${base}/${field}/${i}/env/${j}/valueFrom/secretKeyRef/name`, record(record(record(e).valueFrom).secretKeyRef).name));
        array(record(c).envFrom).forEach((e, j) => add(`${base}/${field}/${i}/envFrom/${j}/secretRef/name`, record(record(e).secretRef).name));
      });
    }
  }
  return refs;
}

function podSpec(object: RenderedObject): { pointer: string; spec: Record<string, unknown> } | undefined {
  const spec = record(object.spec);
  if (object.kind === 'Pod') return { pointer: '/spec', spec };
  if (['Job', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(object.kind)) {
    return { pointer: '/spec/template/spec', spec: record(record(spec.template).spec) };
  }
  return undefined;
}

/**
 * Every Secret an object makes exist: a rendered Secret, or a Secret the controller of a rendered object writes,
 * as the table of controller effects says (`lib/upstream/controller-effects.ts`: an ExternalSecret's target, the
 * RH-SSO operator's client and admin Secrets, the RHBK operator's initial admin, ...).
 */
export function secretsCreated(object: RenderedObject): SecretCreator[] {
  const namespace = object.metadata?.namespace ?? '';
  const name = object.metadata?.name ?? '';
  const g = group(object);
  if (g === 'core' && object.kind === 'Secret') return [{ namespace, name, how: 'rendered here' }];
  // OpenShift's service CA writes a serving certificate for a Service that asks for one (lib/constructs/token-gate.ts);
  // not in the table of controller effects yet.
  const servingCert = object.metadata?.annotations?.['service.beta.openshift.io/serving-cert-secret-name'];
  if (g === 'core' && object.kind === 'Service' && servingCert !== undefined) {
    return [{ namespace, name: servingCert, how: `the OpenShift service CA, for Service ${name} (serving certificate)` }];
  }
  const row = CONTROLLER_EFFECTS.get(`${g}/${object.kind}`);
  if (row === undefined || name === '') return [];
  const manifest = { ...object, metadata: { ...object.metadata, name, namespace: object.metadata?.namespace } } as unknown as Manifest;
  return row.creates(manifest)
    .filter((created) => created.kind === 'core/Secret')
    .map((created) => ({ namespace: created.namespace ?? namespace, name: created.name, how: creatorText(object, row.controller) }));
}

/** Who writes a Secret, for a person: where an ExternalSecret's value comes from, or which operator for what. */
function creatorText(object: RenderedObject, controller: string): string {
  const name = object.metadata?.name ?? '';
  if (group(object) !== 'external-secrets.io' || object.kind !== 'ExternalSecret') return `${controller}, for ${object.kind} ${name}`;
  const spec = record(object.spec);
  const generator = array(spec.dataFrom).map((d) => record(record(record(d).sourceRef).generatorRef)).find((r) => text(r.kind) !== undefined);
  const store = record(spec.secretStoreRef);
  return generator !== undefined
    ? `generated in the cluster (ExternalSecret ${name}, ${String(generator.kind)} generator)`
    : `External Secrets (ExternalSecret ${name}, from ${String(store.kind ?? 'SecretStore')} ${String(store.name)})`;
}

/** One Secret of an environment: who creates it, and who reads it. */
export interface SecretEntry {
  /** Empty when only a store key is known (an ExternalSecret's `remoteRef.key`). */
  readonly namespace: string;
  readonly name: string;
  /** Who creates it; undefined when nothing in the environment does and no prerequisite documents it. */
  readonly creator?: string;
  /** `Kind namespace/name` of each reader. */
  readonly readers: readonly string[];
  /** The references to it, for the validator's findings. */
  readonly references: readonly SecretReference[];
}

/**
 * Every Secret an environment's objects create or read, sorted by namespace and name. A reference is
 * satisfied by a Secret created in its namespace or, for a store key, in any namespace of the environment,
 * or when its field names a documented prerequisite (`PREREQUISITE_FIELDS`).
 */
export function secretInventory(objects: readonly RenderedObject[]): SecretEntry[] {
  const created = objects.flatMap(secretsCreated);
  const entries = new Map<string, { namespace: string; name: string; creator?: string; references: SecretReference[] }>();
  const entry = (namespace: string, name: string) => {
    const key = `${namespace}/${name}`;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { namespace, name, references: [] }));
    return e;
  };
  for (const c of created) entry(c.namespace, c.name).creator ??= c.how;
  for (const object of objects) {
    for (const ref of secretReferences(object)) {
      const prerequisite = PREREQUISITE_FIELDS.find((p) => p.field === ref.pointer);
      const source = ref.namespace === undefined ? created.find((c) => c.name === ref.name) : undefined;
      const e = entry(ref.namespace ?? source?.namespace ?? '', ref.name);
      if (e.creator === undefined && prerequisite !== undefined) e.creator = `provided before the first sync: ${prerequisite.what}`;
      e.references.push(ref);
    }
  }
  return [...entries.values()]
    .map((e) => ({ ...e, readers: [...new Set(e.references.map((r) => `${r.reader.kind} ${r.reader.namespace ? `${r.reader.namespace}/` : ''}${r.reader.name}`))] }))
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
