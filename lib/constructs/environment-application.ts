import { Construct } from 'constructs';
import { AppProject } from '../../imports/argocd-appproject-argoproj.io';
import { Application } from '../../imports/argocd-application-argoproj.io';

/** A kind an environment renders, and whether it is namespaced. */
export interface RenderedKind {
  /** API group; empty for the core group (as Argo CD spells it). */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
  /** False for cluster-scoped kinds (Namespace). */
  readonly namespaced: boolean;
}

/** Properties for `EnvironmentApplication`. */
export interface EnvironmentApplicationProps {
  /** Environment name; names the Application and AppProject (`maas-<env>`). */
  readonly environment: string;
  /** Namespace of the Argo CD instance. */
  readonly argocdNamespace: string;
  /** Git repository holding `dist/`. */
  readonly repoURL: string;
  /** Branch, tag or commit to sync. */
  readonly targetRevision: string;
  /** Folder of the environment's manifests in the repository, e.g. `dist/dev`. */
  readonly path: string;
  /** Subfolder of `path` that holds these Argo CD manifests; excluded from the sync. */
  readonly excludeFolder: string;
  /** Destination cluster API server. */
  readonly destinationServer: string;
  /** Sync by itself (prune and self-heal) rather than on a person's click. */
  readonly automated: boolean;
  /** Every kind the environment renders: the AppProject allows exactly these. */
  readonly kinds: readonly RenderedKind[];
  /** Every namespace the environment deploys into: the AppProject's destinations. */
  readonly namespaces: readonly string[];
}

/**
 * One Argo CD Application that syncs an environment's folder, and the AppProject that fences it in: only this
 * repository, only the environment's namespaces, only the kinds it renders.
 */
export class EnvironmentApplication extends Construct {
  /** Application (and AppProject) name. */
  public readonly name: string;
  /** The Application's `destination.namespace`: the first of the project's namespaces, by name. */
  public readonly destinationNamespace: string;

  constructor(scope: Construct, id: string, props: EnvironmentApplicationProps) {
    super(scope, id);
    this.name = `maas-${props.environment}`;
    const namespaces = [...new Set(props.namespaces)].sort(compare);
    if (namespaces.length === 0) {
      throw new Error(`EnvironmentApplication ${this.name}: no namespace to deploy into; an Argo CD Application needs a destination namespace its project permits`);
    }
    this.destinationNamespace = namespaces[0];
    const byGroupKind = (a: RenderedKind, b: RenderedKind) => compare(`${a.group}/${a.kind}`, `${b.group}/${b.kind}`);
    const whitelist = (namespaced: boolean) =>
      props.kinds
        .filter((k) => k.namespaced === namespaced)
        .sort(byGroupKind)
        .map(({ group, kind }) => ({ group, kind }));

    new AppProject(this, 'Project', {
      metadata: { name: this.name, namespace: props.argocdNamespace },
      spec: {
        description: `Models as a Service, ${props.environment}: rendered by maas-gitops from environments/${props.environment}.yaml`,
        sourceRepos: [props.repoURL],
        destinations: namespaces.map((namespace) => ({ server: props.destinationServer, namespace })),
        clusterResourceWhitelist: whitelist(false),
        namespaceResourceWhitelist: whitelist(true),
      },
    });

    new Application(this, 'Application', {
      // No resources-finalizer: deleting the Application must not cascade into the platform it manages.
      metadata: { name: this.name, namespace: props.argocdNamespace },
      spec: {
        project: this.name,
        source: {
          repoUrl: props.repoURL,
          targetRevision: props.targetRevision,
          path: props.path,
          directory: { recurse: true, exclude: `${props.excludeFolder}/*` },
        },
        // A namespace the project permits: Argo CD refuses an Application whose destination namespace matches
        // no project destination, and "" matches none (argoproj/argo-cd util/argo/argo.go@v2.13.9,
        // ValidatePermissions). Every rendered object names its own namespace; this one is only the default.
        destination: { server: props.destinationServer, namespace: this.destinationNamespace },
        syncPolicy: {
          automated: props.automated ? { prune: true, selfHeal: true } : undefined,
          syncOptions: ['PruneLast=true'],
          retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
        },
      },
    });
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
