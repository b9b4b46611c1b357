import { finding, type Finding, type JsonObject, type Manifest, show, valueAt } from './manifests';
import { toPointer } from './yaml';

/** What the rules need to know about the environment whose objects they check. */
export interface EnvironmentInfo {
  /** The `dist/<env>/` folder name. */
  readonly name: string;
  /** `stage:` of `environments/<env>.yaml` (`dev`, `staging`, `prod`); the folder name when there is no file. */
  readonly stage: string;
}

/** A security or operations rule over the rendered objects of one environment. */
export interface PolicyRule {
  readonly id: string;
  /** One line for the rule table in docs/validation.md. */
  readonly description: string;
  readonly check: (manifests: readonly Manifest[], env: EnvironmentInfo) => Finding[];
}

/** Annotation that explains why a Route passes TLS through to the pod instead of terminating it. */
export const PASSTHROUGH_REASON_ANNOTATION = 'maas-gitops/passthrough-reason';
const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/** Runs every rule over one environment's objects. */
export function checkPolicies(manifests: readonly Manifest[], env: EnvironmentInfo, rules = POLICY_RULES): Finding[] {
  return rules.flatMap((rule) => rule.check(manifests, env));
}

const isDev = (env: EnvironmentInfo) => env.stage === 'dev';
const ofKind = (manifests: readonly Manifest[], ...kinds: string[]) => manifests.filter((m) => kinds.includes(m.kind));
const asObject = (value: unknown): JsonObject => (value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every rule, in the order of the table in docs/validation.md. */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'route-tls',
    description: 'every Route has `spec.tls`',
    check: (manifests) =>
      ofKind(manifests, 'Route')
        .filter((route) => valueAt(route.value, '/spec/tls') === undefined)
        .map((route) => finding(route, '/spec/tls', 'route-tls', 'the Route has no spec.tls; set tls.termination to edge or reencrypt')),
  },
  {
    id: 'route-passthrough-reason',
    description: 'a passthrough Route carries a `maas-gitops/passthrough-reason` annotation saying why',
    check: (manifests) =>
      ofKind(manifests, 'Route')
        .filter((route) => valueAt(route.value, '/spec/tls/termination') === 'passthrough')
        .filter((route) => !valueAt(route.value, toPointer(['metadata', 'annotations', PASSTHROUGH_REASON_ANNOTATION])))
        .map((route) => finding(route, '/spec/tls/termination', 'route-passthrough-reason',
          `passthrough termination needs the annotation ${PASSTHROUGH_REASON_ANNOTATION} saying why the router must not terminate TLS; otherwise use edge or reencrypt`)),
  },
  {
    id: 'route-insecure-allow',
    description: 'no Route with `insecureEdgeTerminationPolicy: Allow`',
    check: (manifests) =>
      ofKind(manifests, 'Route')
        .filter((route) => valueAt(route.value, '/spec/tls/insecureEdgeTerminationPolicy') === 'Allow')
        .map((route) => finding(route, '/spec/tls/insecureEdgeTerminationPolicy', 'route-insecure-allow',
          '"Allow" serves plain http; use "Redirect" or "None"')),
  },
  {
    id: 'secret-data',
    description: 'no Secret with `data` or `stringData` (secret values never go to git)',
    check: (manifests) =>
      ofKind(manifests, 'Secret').flatMap((secret) =>
        ['data', 'stringData']
          .filter((field) => secret.value[field] !== undefined)
          .map((field) => finding(secret, `/${field}`, 'secret-data',
            `a Secret in git must not hold ${field}; create it with an ExternalSecret or let the operator generate it`))),
  },
  {
    id: 'url-credentials',
    description: 'no string that parses as a URL carries `user:password@`, nor an http(s) URL a `token@` (the password is masked in the message)',
    check: (manifests) =>
      manifests.flatMap((manifest) =>
        stringsIn(manifest.value, (text) => text.includes('@')).flatMap(({ path, text }) => {
          const url = urlWithCredentials(text);
          return url ? [finding(manifest, toPointer(path), 'url-credentials',
            `${show(url)} carries credentials; reference a Secret instead of writing them into the URL`)] : [];
        })),
  },
  {
    id: 'client-secret',
    description: 'no `secret` in KeycloakClient `spec.client`, nor in realm clients (KeycloakRealmImport allows a `${...}` placeholder)',
    check: (manifests) => [
      ...ofKind(manifests, 'KeycloakClient')
        .filter((client) => valueAt(client.value, '/spec/client/secret') !== undefined)
        .map((client) => finding(client, '/spec/client/secret', 'client-secret',
          'a client secret must not be written in git; omit it and let the operator generate the client Secret')),
      ...keycloakClients(manifests)
        .filter(({ manifest, client }) => client.secret !== undefined && !(manifest.kind === 'KeycloakRealmImport' && isPlaceholder(client.secret)))
        .map(({ manifest, pointer }) => finding(manifest, `${pointer}/secret`, 'client-secret',
          'a client secret must not be written in git; use a ${...} placeholder filled from a Secret at import time')),
    ],
  },
  {
    id: 'redirect-uri',
    description: 'outside dev, no redirect URI or web origin with `*`, `http://` or localhost',
    check: (manifests, env) =>
      isDev(env) ? [] : [...keycloakClientSpecs(manifests), ...keycloakClients(manifests)].flatMap(({ manifest, pointer, client }) =>
        (['redirectUris', 'webOrigins'] as const).flatMap((field) =>
          asArray(client[field]).flatMap((uri, index) => {
            const why = typeof uri === 'string' ? unsafeRedirect(uri) : undefined;
            return why ? [finding(manifest, `${pointer}/${field}/${index}`, 'redirect-uri',
              `${show(uri)} ${why} outside dev (stage "${env.stage}"); use the application's exact https URL`)] : [];
          }))),
  },
  {
    id: 'model-network-policy',
    description: 'every namespace that holds an InferenceService also holds a NetworkPolicy',
    check: (manifests) => {
      const isolated = new Set(ofKind(manifests, 'NetworkPolicy').map((policy) => policy.namespace));
      return ofKind(manifests, 'InferenceService')
        .filter((isvc) => !isolated.has(isvc.namespace))
        .map((isvc) => finding(isvc, '/metadata/namespace', 'model-network-policy',
          `namespace "${isvc.namespace}" serves a model but has no NetworkPolicy; add one that admits only the gateway and the ingress controller`));
    },
  },
  {
    id: 'predictor-resources',
    description: 'every InferenceService predictor container sets requests and limits of cpu and memory',
    check: (manifests) =>
      ofKind(manifests, 'InferenceService').flatMap((isvc) => {
        const containers = predictorContainers(isvc);
        if (containers.length === 0) {
          return [finding(isvc, '/spec/predictor', 'predictor-resources', 'the predictor names no model or container to give resources to')];
        }
        return containers.flatMap((pointer) =>
          ['requests', 'limits'].flatMap((bound) =>
            ['cpu', 'memory']
              .filter((resource) => valueAt(isvc.value, `${pointer}/resources/${bound}/${resource}`) === undefined)
              .map((resource) => finding(isvc, `${pointer}/resources/${bound}/${resource}`, 'predictor-resources',
                `set resources.${bound}.${resource}: a predictor without it can starve its node or be evicted first`))));
      }),
  },
  {
    id: 'image-digest',
    description: 'outside dev, images of ServingRuntimes, InferenceServices, Jobs and workloads are pinned by `@sha256:` digest',
    check: (manifests, env) =>
      isDev(env) ? [] :
        ofKind(manifests, 'ServingRuntime', 'InferenceService', 'Job', 'CronJob', 'Deployment', 'StatefulSet', 'DaemonSet', 'Pod').flatMap((manifest) =>
          stringsIn(manifest.value, (text, key) => key === 'image' && !/@sha256:[0-9a-f]{64}$/.test(text))
            .map(({ path, text }) => finding(manifest, toPointer(path), 'image-digest',
              `${show(text)} is not pinned by digest; outside dev (stage "${env.stage}") write image@sha256:<digest> so every cluster runs the same bytes`))),
  },
  {
    id: 'prod-subscription-pinned',
    description: 'in prod, every Subscription has `installPlanApproval: Manual` and a `startingCSV`',
    check: (manifests, env) =>
      env.stage !== 'prod' ? [] : ofKind(manifests, 'Subscription').flatMap((subscription) => {
        const approval = valueAt(subscription.value, '/spec/installPlanApproval');
        return [
          ...(approval === 'Manual' ? [] : [finding(subscription, '/spec/installPlanApproval', 'prod-subscription-pinned',
            `is ${show(approval)}; prod operator upgrades must be approved by a person: set installPlanApproval: Manual`)]),
          ...(valueAt(subscription.value, '/spec/startingCSV') ? [] : [finding(subscription, '/spec/startingCSV', 'prod-subscription-pinned',
            'is missing; prod installs a known operator version: set startingCSV, e.g. "rhsso-operator.7.6.11-opr-002"')]),
        ];
      }),
  },
  {
    id: 'sync-wave-string',
    description: '`argocd.argoproj.io/sync-wave` annotations are strings holding an integer, e.g. `"-1"`',
    check: (manifests) =>
      manifests.flatMap((manifest) => {
        const pointer = toPointer(['metadata', 'annotations', SYNC_WAVE_ANNOTATION]);
        const wave = valueAt(manifest.value, pointer);
        if (wave === undefined || (typeof wave === 'string' && /^-?\d+$/.test(wave))) return [];
        return [finding(manifest, pointer, 'sync-wave-string', `${show(wave)} is not a quoted integer; write it as a string, e.g. "1"`)];
      }),
  },
];

/** KeycloakClient `spec.client`. */
function keycloakClientSpecs(manifests: readonly Manifest[]): { manifest: Manifest; pointer: string; client: JsonObject }[] {
  return ofKind(manifests, 'KeycloakClient').map((manifest) => ({
    manifest,
    pointer: '/spec/client',
    client: asObject(valueAt(manifest.value, '/spec/client')),
  }));
}

/** Clients listed inside realms: KeycloakRealmImport `spec.realm.clients[]` and legacy KeycloakRealm `spec.realm.clients[]`. */
function keycloakClients(manifests: readonly Manifest[]): { manifest: Manifest; pointer: string; client: JsonObject }[] {
  return ofKind(manifests, 'KeycloakRealmImport', 'KeycloakRealm').flatMap((manifest) =>
    asArray(valueAt(manifest.value, '/spec/realm/clients')).map((client, index) => ({
      manifest,
      pointer: `/spec/realm/clients/${index}`,
      client: asObject(client),
    })));
}

function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && /^\$\{[^}]+\}$/.test(value);
}

/** Why a redirect URI or web origin is unsafe outside dev, or undefined. */
function unsafeRedirect(uri: string): string | undefined {
  if (uri.includes('*')) return 'is a wildcard';
  if (/^http:\/\//i.test(uri)) return 'is plain http';
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+|\[[^\]]+\])/i.exec(uri)?.[1]?.toLowerCase();
  if (host && ['localhost', '127.0.0.1', '[::1]'].includes(host)) return 'points at localhost';
  return undefined;
}

/**
 * A URL with its password masked when `text` parses as a URL carrying a password, or an http(s) URL
 * carrying a user name (a token passed as user name). `ssh://git@host/...` names a user, not a credential,
 * and a password that is only a template placeholder (`{{ .secret }}` of an ExternalSecret template, `${VAR}`)
 * is filled in the cluster from a Secret.
 */
function urlWithCredentials(text: string): string | undefined {
  if (!text.includes('@') || !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return undefined;
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:(.*?)@/i.exec(text)?.[1];
  if (password !== undefined && /^(\{\{[^{}]*\}\}|\$\{[^{}]+\})$/.test(password.trim())) return undefined;
  try {
    const url = new URL(text);
    const tokenAsUser = url.username !== '' && /^https?:$/.test(url.protocol);
    if (!url.password && !tokenAsUser) return undefined;
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return undefined;
  }
}

/**
 * The strings of a JSON value that `keep` selects (given the string and its key or index), with their paths,
 * in document order. One walk with one path stack: only the selected strings get a path of their own.
 */
function stringsIn(value: unknown, keep: (text: string, key: string | number | undefined) => boolean): { path: (string | number)[]; text: string }[] {
  const found: { path: (string | number)[]; text: string }[] = [];
  const path: (string | number)[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      if (keep(node, path[path.length - 1])) found.push({ path: [...path], text: node });
    } else if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        walk(node[i]);
        path.pop();
      }
    } else if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        path.push(key);
        walk((node as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
  return found;
}

/** KServe predictor fields that describe a container (each embeds a Kubernetes Container). */
const PREDICTOR_RUNTIMES = ['model', 'sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'pmml', 'lightgbm', 'paddle', 'huggingface'];

/** JSON pointers of the predictor's containers: `spec.predictor.<runtime>` and `spec.predictor.containers[]`. */
function predictorContainers(isvc: Manifest): string[] {
  const predictor = asObject(valueAt(isvc.value, '/spec/predictor'));
  return [
    ...PREDICTOR_RUNTIMES.filter((runtime) => predictor[runtime] !== undefined).map((runtime) => `/spec/predictor/${runtime}`),
    ...asArray(predictor.containers).map((_, index) => `/spec/predictor/containers/${index}`),
  ];
}
