import { type ArgoCdVersion, DEFAULT_ARGOCD_VERSION } from '../../upstream/argocd';
import type { Finding, Manifest } from '../manifests';
import { checkAdmission, syncedObjects } from './admission';
import { shippedChecks } from './health';
import { type ModelPath, tracePaths } from './path';
import { simulateSync, type SyncResult } from './sync';
import { type ClusterObject, clusterFinding, toClusterObject } from './world';

export { formatClusterReport, markdownClusterReport } from './report';
import { formatClusterReport, markdownClusterReport } from './report';
import { readManifests } from '../manifests';

/**
 * Whether the cluster model's findings fail `npm run validate`. `report` prints them and exits as if there were
 * none; `enforce` counts them as errors. Enforced since the fixes of issues 14 and 15 are merged and the shipped
 * environments report no finding; `--cluster-model report` still prints without failing.
 */
export const CLUSTER_MODEL_MODE: 'report' | 'enforce' = 'enforce';

/** What the cluster model needs per environment besides its objects. */
export interface ClusterEnvironment {
  readonly name: string;
  /** @default DEFAULT_ARGOCD_VERSION */
  readonly argocdVersion?: ArgoCdVersion;
  /** The same environment rendered after each everyday change (a plan's limit, a model's image, the issuer host). */
  readonly updates?: readonly { readonly change: string; readonly manifests: readonly Manifest[] }[];
}

/** The cluster model's verdict on one environment. */
export interface ClusterReport {
  readonly environment: string;
  readonly argocdVersion: ArgoCdVersion;
  readonly firstSync: SyncResult;
  readonly updateSyncs: readonly { readonly change: string; readonly result: SyncResult }[];
  readonly paths: readonly ModelPath[];
  readonly findings: readonly Finding[];
}

/** The ConfigMap argocd-cm is rewritten by the operator of OpenShift GitOps: checks shipped in it never arrive. */
function healthDelivery(objects: readonly ClusterObject[]): Finding[] {
  return objects.filter((o) => o.groupKind === 'core/ConfigMap' && o.manifest.name === 'argocd-cm' &&
    Object.keys((o.manifest.value.data ?? {}) as object).some((k) => k.startsWith('resource.customizations.health.')))
    .map((o) => clusterFinding(o, '/data', 'argocd-health-delivery',
      'the OpenShift GitOps operator owns argocd-cm and replaces its data with what the ArgoCD resource says, so these health checks never reach Argo CD; ' +
      'deliver them as ArgoCD spec.resourceHealthChecks (argoproj-labs/argocd-operator controllers/argocd/configmap.go@v0.13.0)'));
}

/**
 * Models the cluster for one environment: Argo CD's admission, the first sync from an empty cluster, an
 * update sync, and every model's request path.
 */
export function modelEnvironment(manifests: readonly Manifest[], env: ClusterEnvironment): ClusterReport {
  const objects = manifests.map(toClusterObject);
  const argocdVersion = env.argocdVersion ?? DEFAULT_ARGOCD_VERSION;
  const application = objects.find((o) => o.groupKind === 'argoproj.io/Application');
  const synced = syncedObjects(application, objects).filter((o) => o.groupKind !== 'argoproj.io/AppProject');
  const checks = shippedChecks(objects.map((o) => ({ kind: o.manifest.kind, apiVersion: o.manifest.apiVersion, name: o.manifest.name, file: o.manifest.file, value: o.manifest.value })));
  const firstSync = simulateSync(synced, { checks, name: 'first sync' });
  const updateSyncs = (env.updates ?? []).map(({ change, manifests: updated }) => {
    const after = updated.map(toClusterObject);
    const afterSynced = syncedObjects(after.find((o) => o.groupKind === 'argoproj.io/Application'), after).filter((o) => o.groupKind !== 'argoproj.io/AppProject');
    return { change, result: simulateSync(afterSynced, { checks, name: `update sync after a change of ${change}`, previous: synced }) };
  });
  const { paths, findings: pathFindings } = tracePaths(synced);
  const findings = [
    ...checkAdmission(objects, argocdVersion),
    ...healthDelivery(objects),
    ...firstSync.findings,
    ...updateSyncs.flatMap((u) => u.result.findings),
    ...pathFindings,
  ];
  return { environment: env.name, argocdVersion, firstSync, updateSyncs, paths, findings: dedupe(findings) };
}

function dedupe(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const id = `${f.file}\0${f.pointer}\0${f.rule}\0${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * For `npm run diff`: the cluster model's tables (first sync and request paths; update syncs need the
 * environment files and stay in `npm run validate`) of each environment whose tables differ between two
 * rendered trees (`<env>/<path>` -> YAML), in text or markdown; empty when none differ.
 */
export function clusterTablesThatChange(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, markdown: boolean): string {
  const reports = (tree: ReadonlyMap<string, string>) => {
    const files = [...tree].filter(([file]) => file.includes('/') && /\.ya?ml$/.test(file)).map(([file, text]) => ({ path: `dist/${file}`, environment: file.split('/')[0], text }));
    const { manifests } = readManifests(files);
    const names = [...new Set(manifests.map((m) => m.environment))].sort();
    return new Map(names.map((name) => [name, modelEnvironment(manifests.filter((m) => m.environment === name), { name })]));
  };
  const [old, now] = [reports(before), reports(after)];
  const changed = [...now.values()].filter((report) => {
    const previous = old.get(report.environment);
    return !previous || markdownClusterReport(previous) !== markdownClusterReport(report);
  });
  if (changed.length === 0) return '';
  return markdown
    ? `\n### Cluster model (tables that change)\n\n${changed.map(markdownClusterReport).join('\n')}\n`
    : `\nCluster model (tables that change):\n${formatClusterReport(changed)}\n`;
}
export { CLUSTER_RULES, type ClusterRule } from './rules';
