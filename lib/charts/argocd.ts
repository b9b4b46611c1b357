import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { Environment } from '../config/schema';
import { ArgoCdHealthChecks } from '../constructs/argocd-health-checks';
import { EnvironmentApplication, type RenderedKind } from '../constructs/environment-application';

/** A rendered object, as much as the Argo CD manifests need to know of it. */
export interface InventoryItem {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** Properties for `ArgoCdChart`. */
export interface ArgoCdChartProps {
  /** Environment name. */
  readonly environment: string;
  /** The environment's gitops section. */
  readonly gitops: Environment['gitops'];
  /** Folder of this environment in the repository, e.g. `dist/dev`. */
  readonly path: string;
  /** This chart's own folder under `path`, excluded from the Application's sync. */
  readonly folder: string;
  /** Every object the environment's other charts render. */
  readonly inventory: readonly InventoryItem[];
}

/**
 * How Argo CD brings the environment up (applied once per cluster, see README "Bootstrap"): the AppProject,
 * the Application syncing `dist/<env>` (this folder excluded), and the patch of the ArgoCD resource that adds
 * the health checks its kinds need.
 */
export class ArgoCdChart extends Chart {
  /** The Application's name. */
  public readonly applicationName: string;

  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const kinds = new Map<string, RenderedKind>();
    const namespaces = new Set<string>();
    for (const item of props.inventory) {
      const group = item.apiVersion.includes('/') ? item.apiVersion.split('/')[0] : '';
      kinds.set(`${group}/${item.kind}`, { group, kind: item.kind, namespaced: item.namespace !== undefined });
      if (item.namespace !== undefined) namespaces.add(item.namespace);
      if (group === '' && item.kind === 'Namespace') namespaces.add(item.name);
    }
    const application = new EnvironmentApplication(this, 'Application', {
      environment: props.environment,
      argocdNamespace: props.gitops.namespace,
      repoURL: props.gitops.repoURL,
      targetRevision: props.gitops.targetRevision,
      path: props.path,
      excludeFolder: props.folder,
      destinationServer: props.gitops.destinationServer,
      automated: props.gitops.automated,
      kinds: [...kinds.values()],
      namespaces: [...namespaces],
    });
    this.applicationName = application.name;
    new ArgoCdHealthChecks(this, 'HealthChecks', {
      namespace: props.gitops.namespace,
      instance: props.gitops.argocdInstance,
      kinds: [...kinds.values()].map((k) => `${k.group || 'core'}/${k.kind}`),
    });
  }
}
