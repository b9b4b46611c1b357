import { z } from 'zod';
import { checkRules } from './rules';
import { show } from './show';

/**
 * The schema of an environment file (`environments/<name>.yaml`).
 *
 * It is the single source of the TypeScript types (`Environment`), of the JSON Schema that editors use
 * (`environments/environment.schema.json`, written by `npm run schema`) and of the loader's checks.
 * Every object is strict: an unknown key is an error, so a typo is never silently ignored.
 * Every optional field has its default here, so an environment file holds only what differs.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Kubernetes object or namespace name that must be a DNS-1123 label. */
export const dnsLabel = z.string().regex(DNS_LABEL, {
  error: (issue) =>
    `${show(issue.input)} is not a DNS label: use lowercase letters, digits and "-", ` +
    'start and end with a letter or digit, at most 63 characters',
});

/** A host name or a Kubernetes name that may contain dots (DNS-1123 subdomain). */
export const dnsSubdomain = z.string().regex(DNS_SUBDOMAIN, {
  error: (issue) =>
    `${show(issue.input)} is not a DNS name: use lowercase labels of letters, digits and "-" separated by ".", ` +
    'at most 253 characters',
});

/** An https URL without credentials. */
export const httpsUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  },
  { error: (issue) => `${show(issue.input)} is not an https URL without credentials, e.g. "https://host.example.com/path"` },
);

/** How OLM installs an operator: the Subscription's fields, as the OLM API spells them. */
export const operatorSubscription = z.strictObject({
  /** Namespace the operator is installed into; created with its OperatorGroup. */
  namespace: dnsLabel,
  /** Package name in the catalog. */
  name: dnsSubdomain,
  /** Update channel, e.g. `stable-v26`. */
  channel: z.string().min(1),
  /** Catalog source. */
  source: dnsSubdomain.default('redhat-operators'),
  /** Namespace of the catalog source. */
  sourceNamespace: dnsLabel.default('openshift-marketplace'),
  /** `Manual` makes a person approve every upgrade; required with a pinned `startingCSV` in prod. */
  installPlanApproval: z.enum(['Automatic', 'Manual']).default('Automatic'),
  /** The exact ClusterServiceVersion to install first, e.g. `rhbk-operator.v26.0.5-opr.1`. */
  startingCSV: z.string().min(1).optional(),
});

/** Where the environment's manifests come from and how Argo CD applies them. */
export const gitops = z.strictObject({
  /** Git repository Argo CD syncs from (this repository). */
  repoURL: httpsUrl,
  /** Branch, tag or commit Argo CD syncs. */
  targetRevision: z.string().min(1).default('main'),
  /** API server of the destination cluster. */
  destinationServer: httpsUrl.default('https://kubernetes.default.svc'),
  /** Namespace of the Argo CD instance (OpenShift GitOps uses `openshift-gitops`). */
  namespace: dnsLabel.default('openshift-gitops'),
  /** Sync without a person pressing "Sync" (with self-heal and prune). */
  automated: z.boolean().default(true),
});

/** The identity provider: Keycloak, its operator and the realm API consumers get tokens from. */
export const identity = z.strictObject({
  /** The Keycloak operator installed through OLM. */
  operator: operatorSubscription,
});

/** One model served by OpenShift AI and published through the gateway. */
export const model = z.strictObject({
  /** InferenceService name; part of public URLs, treat as stable. */
  name: dnsLabel,
  /** Namespace of the InferenceService (an OpenShift AI data science project). */
  namespace: dnsLabel,
});

/** The API gateway: 3scale and its operator. */
export const gateway = z.strictObject({
  /** The 3scale operator installed through OLM. */
  operator: operatorSubscription,
});

/** One environment: everything that differs between dev, staging and prod. */
export const environmentFields = z.strictObject({
  /** JSON Schema reference for editors; ignored by the renderer. */
  $schema: z.string().optional(),
  /**
   * The stage decides which safety rules apply: wildcards, `http://` and `localhost` are accepted only in
   * `dev`; `prod` requires pinned, manually approved operator upgrades.
   */
  stage: z.enum(['dev', 'staging', 'prod']),
  /** The cluster this environment runs on. */
  cluster: z.strictObject({
    /** Wildcard DNS domain of the cluster's router, e.g. `apps.cluster.example.com`. */
    appsDomain: dnsSubdomain,
  }),
  gitops,
  identity,
  /** The models to serve; any number, names unique within the environment. */
  models: z.array(model).default([]),
  gateway,
});

/** An environment file's schema: its fields plus the semantic rules of `rules.ts`. */
export const environment = environmentFields
  // Rules run even when the structure has errors, so that one pass reports every problem.
  .superRefine(checkRules, { when: () => true });

/** An environment's content, defaults applied (what the rules check). */
export type EnvironmentSpec = z.output<typeof environmentFields>;

/** An environment file as written: defaults not yet applied. */
export type EnvironmentInput = z.input<typeof environment>;

/** A loaded environment: validated, defaults applied, plus its name (the file name without `.yaml`). */
export type Environment = EnvironmentSpec & {
  /** File name without extension; names `dist/<name>/`. */
  readonly name: string;
};

/** A model as loaded, defaults applied. */
export type Model = z.output<typeof model>;

/** An operator subscription as loaded, defaults applied. */
export type OperatorSubscription = z.output<typeof operatorSubscription>;
