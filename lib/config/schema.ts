import { z } from 'zod';
import { ARGOCD_VERSIONS, DEFAULT_ARGOCD_VERSION } from '../upstream/argocd';
import { gateway } from './gateway';
import { identity } from './identity';
import { monitoring } from './monitoring';
import { checkRules } from './rules';
import { dnsLabel, dnsSubdomain, httpsUrl } from './primitives';
import { model, serving } from './serving';
import { smoke } from './smoke';

/**
 * The schema of an environment file (`environments/<name>.yaml`).
 *
 * It is the single source of the TypeScript types (`Environment`), of the JSON Schema that editors use
 * (`environments/environment.schema.json`, written by `npm run schema`) and of the loader's checks.
 * Every object is strict: an unknown key is an error, so a typo is never silently ignored.
 * Every optional field has its default here, so an environment file holds only what differs.
 */

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
  /**
   * Minor version of the Argo CD that syncs this environment; only the sync options it knows are rendered
   * (`lib/upstream/argocd.ts`). OpenShift GitOps 1.15 ships 2.13.
   */
  argocdVersion: z.enum(ARGOCD_VERSIONS).default(DEFAULT_ARGOCD_VERSION),
  /** Name of the `ArgoCD` resource (in `namespace`) that the health-check patch is applied to. */
  argocdInstance: dnsSubdomain.default('openshift-gitops'),
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
  /** Serving runtimes and cluster facts shared by the models. */
  serving: serving.prefault({}),
  gateway,
  smoke,
  /** Metrics, alerts and dashboards for the gateway and the models; off unless `enabled: true`. */
  monitoring: monitoring.prefault({}),
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
