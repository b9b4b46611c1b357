import { APICAST_SERVICES } from '../upstream/apicast';
import { finding, type Finding, type JsonObject, type Manifest, show, valueAt } from './manifests';
import { secretInventory, secretReferences, type RenderedObject } from './secret-inventory';
import { toPointer } from './yaml';

/** What reference checks need from outside the rendered objects. */
export interface ReferenceContext {
  /** True when `path` (relative to the project root, `/`-separated) is an existing folder. */
  readonly isFolder: (path: string) => boolean;
  /**
   * Repository URLs that are this repository (from the environment files' `gitops.repoURL`): only Argo CD
   * sources from these are checked against the folders here. Empty: every path-based source is checked.
   */
  readonly ownRepoURLs: readonly string[];
}

/** A cross-object reference check over one environment's objects. */
export interface ReferenceRule {
  readonly id: string;
  readonly description: string;
  readonly check: (manifests: readonly Manifest[], context: ReferenceContext) => Finding[];
}

/** Runs every reference check over one environment's objects (references never cross environments). */
export function checkReferences(manifests: readonly Manifest[], context: ReferenceContext, rules = REFERENCE_RULES): Finding[] {
  return rules.flatMap((rule) => rule.check(manifests, context));
}

const ofKind = (manifests: readonly Manifest[], kind: string, group: string) =>
  manifests.filter((m) => m.kind === kind && m.apiVersion.split('/')[0] === group);
const asObject = (value: unknown): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every reference rule, in the order of the table in docs/validation.md. */
export const REFERENCE_RULES: readonly ReferenceRule[] = [
  {
    id: 'ref-product-backend',
    description: 'each key of a 3scale Product `spec.backendUsages` is the `spec.systemName` of a Backend in the same namespace (default: `spec.name` without non-alphanumerics; case ignored)',
    check: (manifests) => {
      // System names by namespace, computed once: per Product it was products x backends (20 % of a 1,000-model check).
      const systemNames = new Map<string, string[]>();
      for (const backend of ofKind(manifests, 'Backend', 'capabilities.3scale.net')) {
        const names = systemNames.get(backend.namespace) ?? [];
        names.push(backendSystemName(backend));
        systemNames.set(backend.namespace, names);
      }
      return ofKind(manifests, 'Product', 'capabilities.3scale.net').flatMap((product) => {
        const known = systemNames.get(product.namespace) ?? [];
        return Object.keys(asObject(valueAt(product.value, '/spec/backendUsages')))
          .filter((systemName) => !known.includes(systemName.toLowerCase()))
          .map((systemName) => finding(product, toPointer(['spec', 'backendUsages', systemName]), 'ref-product-backend',
            `no Backend in namespace "${product.namespace}" has spec.systemName "${systemName}"${known.length ? `; known: ${known.join(', ')}` : ''}`));
      });
    },
  },
  {
    id: 'ref-promote-product',
    description: 'a ProxyConfigPromote `spec.productCRName` names a Product in the same namespace',
    check: (manifests) => {
      const products = new Set(ofKind(manifests, 'Product', 'capabilities.3scale.net').map((p) => `${p.namespace}/${p.name}`));
      return ofKind(manifests, 'ProxyConfigPromote', 'capabilities.3scale.net')
        .filter((promote) => {
          const name = valueAt(promote.value, '/spec/productCRName');
          return !(typeof name === 'string' && products.has(`${promote.namespace}/${name}`));
        })
        .map((promote) => finding(promote, '/spec/productCRName', 'ref-promote-product',
          `no Product named ${show(valueAt(promote.value, '/spec/productCRName'))} in namespace "${promote.namespace}"`));
    },
  },
  {
    id: 'ref-client-realm',
    description: 'a KeycloakClient `spec.realmSelector` (labels and expressions) selects a KeycloakRealm in the same namespace',
    check: (manifests) => {
      const realms = ofKind(manifests, 'KeycloakRealm', 'keycloak.org');
      return ofKind(manifests, 'KeycloakClient', 'keycloak.org')
        .filter((client) => !realms.some((realm) => realm.namespace === client.namespace &&
          selects(asObject(valueAt(client.value, '/spec/realmSelector')), asObject(valueAt(realm.value, '/metadata/labels')))))
        .map((client) => finding(client, '/spec/realmSelector', 'ref-client-realm',
          `selects no KeycloakRealm in namespace "${client.namespace}"; label the realm with ${show(valueAt(client.value, '/spec/realmSelector/matchLabels'))} or fix the selector`));
    },
  },
  {
    id: 'ref-route-service',
    description: 'a Route `spec.to` / `spec.alternateBackends` Service is rendered, or is the `<isvc>-predictor` Service KServe creates, ' +
      'or an APIcast Service of the APIManager in a namespace with Products',
    check: (manifests) => {
      const services = new Set([
        ...manifests.filter((m) => m.kind === 'Service' && m.apiVersion === 'v1').map((m) => `${m.namespace}/${m.name}`),
        ...ofKind(manifests, 'InferenceService', 'serving.kserve.io').map((m) => `${m.namespace}/${m.name}-predictor`),
        // The APIManager (not rendered here) runs the self-managed gateways where the Products are.
        ...ofKind(manifests, 'Product', 'capabilities.3scale.net').flatMap((m) =>
          [APICAST_SERVICES.staging, APICAST_SERVICES.production].map((name) => `${m.namespace}/${name}`)),
      ]);
      return ofKind(manifests, 'Route', 'route.openshift.io').flatMap((route) => {
        const targets = [
          { pointer: '/spec/to', target: asObject(valueAt(route.value, '/spec/to')) },
          ...asArray(valueAt(route.value, '/spec/alternateBackends')).map((target, index) => ({ pointer: `/spec/alternateBackends/${index}`, target: asObject(target) })),
        ];
        return targets
          // A missing name is the schema check's to report.
          .filter(({ target }) => (target.kind ?? 'Service') === 'Service' && typeof target.name === 'string')
          .filter(({ target }) => !services.has(`${route.namespace}/${String(target.name)}`))
          .map(({ pointer }) => finding(route, `${pointer}/name`, 'ref-route-service',
            `no Service ${show(valueAt(route.value, `${pointer}/name`))} in namespace "${route.namespace}" (rendered Services and InferenceService "<name>-predictor" Services count)`));
      });
    },
  },
  {
    id: 'ref-secret-creator',
    description: 'every Secret an object reads is created in the environment: rendered, written by an ExternalSecret (generated in the cluster or pulled from a store), written by an operator for a rendered object, or a documented prerequisite (the 3scale tenant Secret of `providerAccountRef`)',
    check: (manifests) => {
      const missing = new Set(secretInventory(manifests.map((m) => m.value as unknown as RenderedObject))
        .filter((e) => e.creator === undefined)
        .map((e) => `${e.namespace}/${e.name}`));
      if (missing.size === 0) return [];
      return manifests.flatMap((m) => secretReferences(m.value as unknown as RenderedObject)
        .filter((ref) => missing.has(`${ref.namespace ?? ''}/${ref.name}`))
        .map((ref) => finding(m, ref.pointer, 'ref-secret-creator',
          `Secret "${ref.name}"${ref.namespace === undefined ? ' (a store key)' : ` in namespace "${ref.namespace}"`} is created by nothing in this environment and is no documented prerequisite; ` +
          'generate it in the cluster (GeneratedSecret), pull it from the environment\'s SecretStore (ExternalSecret), or render the object whose operator writes it')));
    },
  },
  {
    id: 'ref-application-path',
    description: 'an Argo CD Application `spec.source.path` (and each `spec.sources[].path`) from this repository (`gitops.repoURL`) is a folder of it',
    check: (manifests, context) =>
      ofKind(manifests, 'Application', 'argoproj.io').flatMap((app) => {
        const sources = [
          { pointer: '/spec/source', source: asObject(valueAt(app.value, '/spec/source')) },
          ...asArray(valueAt(app.value, '/spec/sources')).map((source, index) => ({ pointer: `/spec/sources/${index}`, source: asObject(source) })),
        ];
        return sources
          .filter(({ source }) => typeof source.path === 'string')
          .filter(({ source }) => context.ownRepoURLs.length === 0 || context.ownRepoURLs.includes(String(source.repoURL)))
          .filter(({ source }) => !isRepoFolder(String(source.path), context))
          .map(({ pointer, source }) => finding(app, `${pointer}/path`, 'ref-application-path',
            `${show(source.path)} is not a folder of this repository; Argo CD would find nothing to sync (paths are relative to the repository root)`));
      }),
  },
];

/**
 * A Backend's system name as the 3scale operator sets it: `spec.systemName`, by default `spec.name` without
 * its non-alphanumeric characters; lower case, because 3scale ignores the case of system names.
 */
function backendSystemName(backend: Manifest): string {
  const systemName = valueAt(backend.value, '/spec/systemName');
  const name = valueAt(backend.value, '/spec/name');
  return String(systemName ?? (typeof name === 'string' ? name.replace(/[^a-zA-Z0-9]+/g, '') : '')).toLowerCase();
}

function isRepoFolder(path: string, context: ReferenceContext): boolean {
  const normalized = path.replace(/^\.\//, '').replace(/\/+$/, '');
  if (normalized.startsWith('/') || normalized.split('/').includes('..')) return false;
  return context.isFolder(normalized === '' ? '.' : normalized);
}

/** Kubernetes label selector semantics (`matchLabels` and `matchExpressions`); an empty selector selects everything. */
export function selects(selector: JsonObject, labels: JsonObject): boolean {
  const matchLabels = asObject(selector.matchLabels);
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  const expressions = Array.isArray(selector.matchExpressions) ? (selector.matchExpressions as JsonObject[]) : [];
  return expressions.every(({ key, operator, values }) => {
    const value = labels[String(key)];
    const list = Array.isArray(values) ? values : [];
    switch (operator) {
      case 'In': return value !== undefined && list.includes(value);
      case 'NotIn': return value === undefined || !list.includes(value);
      case 'Exists': return value !== undefined;
      case 'DoesNotExist': return value === undefined;
      default: return false;
    }
  });
}
