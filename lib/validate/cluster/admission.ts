import { ARGOCD, type AppProjectRules, type ArgoCdVersion, isDestinationMatched, isGroupKindPermitted } from '../../upstream/argocd';
import type { Finding } from '../manifests';
import { annotations, type ClusterObject, clusterFinding, get } from './world';

/** Kinds without a namespace among those an Application may sync. */
const CLUSTER_SCOPED = new Set([
  'core/Namespace', 'core/PersistentVolume', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'storage.k8s.io/StorageClass', 'external-secrets.io/ClusterSecretStore',
  'config.openshift.io/Proxy', 'operators.coreos.com/ClusterServiceVersion',
]);

/**
 * gobwas/glob with separators, as Argo CD matches source repositories (`/`) and directory excludes: `*` any
 * run of characters except the separators, `**` anything, `?` one character, `{a,b}` alternatives, `[...]` a
 * class; `!` in front negates. argoproj/argo-cd util/glob/glob.go@v2.13.9, app_project_types.go@v2.13.9
 * (IsSourcePermitted). Destinations and kinds: lib/upstream/argocd.ts.
 */
export function globMatch(pattern: string, value: string, separators = ''): boolean {
  if (pattern.startsWith('!')) return !globMatch(pattern.slice(1), value, separators);
  if (pattern === '*') return true;
  const key = `${separators}\0${pattern}`;
  let compiled = GLOBS.get(key);
  if (compiled === undefined) {
    compiled = compileGlob(pattern, separators);
    GLOBS.set(key, compiled);
  }
  return compiled.test(value);
}

/** Compiled patterns: a project and an Application have a few, matched against every object of every sync. */
const GLOBS = new Map<string, RegExp>();

function compileGlob(pattern: string, separators: string): RegExp {
  const notSeparator = separators ? `[^${separators.replace(/[\\\]^-]/g, '\\$&')}]` : '.';
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      regex += '.*';
      i++;
    } else if (c === '*') regex += `${notSeparator}*`;
    else if (c === '?') regex += notSeparator;
    else if (c === '{') regex += '(?:';
    else if (c === '}') regex += ')';
    else if (c === ',' && regex.includes('(?:')) regex += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      regex += pattern.slice(i, end + 1).replace('[!', '[^');
      i = end;
    } else regex += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 's');
}

/** argoproj/argo-cd util/git/git.go@v2.13.9 NormalizeGitURL, for https URLs: lower case, no `.git`, no trailing `/`. */
function normalizeGitURL(url: string): string {
  return url.trim().toLowerCase().replace(/\/+$/, '').replace(/\.git$/, '');
}

interface Destination { readonly server?: string; readonly name?: string; readonly namespace?: string }

/** The AppProject's spec as lib/upstream/argocd.ts reads it. */
function rules(project: ClusterObject): AppProjectRules {
  return (project.manifest.value.spec ?? {}) as AppProjectRules;
}

/** The objects an Application syncs: those of its environment not excluded by `source.directory.exclude`. */
export function syncedObjects(application: ClusterObject | undefined, objects: readonly ClusterObject[]): ClusterObject[] {
  const exclude = get(application?.manifest.value, 'spec', 'source', 'directory', 'exclude') as string | undefined;
  const include = get(application?.manifest.value, 'spec', 'source', 'directory', 'include') as string | undefined;
  return objects.filter((o) => o !== application && (!exclude || !globMatch(exclude, o.path, '/')) && (!include || globMatch(include, o.path, '/')));
}

/**
 * Argo CD's admission of each Application of an environment and of every object it syncs, at the pinned
 * version: project, source repository, destination, kinds and namespaces, per-object sync options.
 */
export function checkAdmission(objects: readonly ClusterObject[], version: ArgoCdVersion): Finding[] {
  const findings: Finding[] = [];
  const applications = objects.filter((o) => o.groupKind === 'argoproj.io/Application');
  for (const app of applications) {
    const spec = (app.manifest.value.spec ?? {}) as { project?: string; destination?: Destination; source?: { repoURL?: string } };
    const projectName = spec.project ?? 'default';
    const project = objects.find((o) => o.groupKind === 'argoproj.io/AppProject' && o.manifest.name === projectName && o.manifest.namespace === app.manifest.namespace);
    if (!project) {
      findings.push(clusterFinding(app, '/spec/project', 'argocd-project', `project '${projectName}' is not rendered in namespace ${app.manifest.namespace}: Argo CD reports InvalidSpecError and never syncs`));
      continue;
    }
    const repo = spec.source?.repoURL ?? '';
    const repos = (get(project.manifest.value, 'spec', 'sourceRepos') ?? []) as string[];
    // IsSourcePermitted: some pattern matches, and no deny pattern (`!...`) fails to match.
    let repoPermitted = false;
    for (const pattern of repos) {
      const normalized = pattern.startsWith('!') ? `!${normalizeGitURL(pattern.slice(1))}` : normalizeGitURL(pattern);
      if (globMatch(normalized, normalizeGitURL(repo), '/')) repoPermitted = true;
      else if (normalized.startsWith('!')) {
        repoPermitted = false;
        break;
      }
    }
    if (!repoPermitted) {
      findings.push(clusterFinding(app, '/spec/source/repoURL', 'argocd-source-repo', `application repo ${repo} is not permitted in project '${projectName}'`));
    }
    const destination = spec.destination ?? {};
    if (!destination.server && !destination.name) {
      findings.push(clusterFinding(app, '/spec/destination', 'argocd-destination', 'Destination server missing from app spec'));
    } else if (!isDestinationMatched(rules(project), destination)) {
      findings.push(clusterFinding(app, '/spec/destination', 'argocd-destination',
        `application destination server '${destination.server ?? ''}' and namespace '${destination.namespace ?? ''}' do not match any of the allowed destinations in project '${projectName}'`));
    }
    // Per kind and per namespace, not per object: thousands of objects share a few of each.
    const projectRules = rules(project);
    const kindPermitted = memo((group: string, kind: string, namespaced: boolean) => isGroupKindPermitted(projectRules, group, kind, namespaced));
    const namespacePermitted = memo((namespace: string) => isDestinationMatched(projectRules, { server: destination.server, name: destination.name, namespace }));
    for (const object of syncedObjects(app, objects)) {
      const [group, kind] = [object.groupKind.split('/')[0], object.manifest.kind];
      const namespaced = !CLUSTER_SCOPED.has(object.groupKind);
      if (!kindPermitted(group === 'core' ? '' : group, kind, namespaced)) {
        findings.push(clusterFinding(object, '', 'argocd-resource-kind', `resource ${group === 'core' ? '' : group}:${kind} is not permitted in project ${projectName}`));
      } else if (namespaced) {
        const namespace = object.manifest.namespace || destination.namespace || '';
        if (!namespacePermitted(namespace)) {
          findings.push(clusterFinding(object, '/metadata/namespace', 'argocd-resource-namespace', `namespace ${namespace} is not permitted in project '${projectName}'`));
        }
      }
    }
  }
  for (const object of objects) {
    const options = annotations(object)['argocd.argoproj.io/sync-options'];
    if (!options) continue;
    const known = ARGOCD[version];
    const source = known.sources.find((s) => s.includes('types.go')) ?? known.sources[0];
    for (const option of options.split(',').map((o) => o.trim())) {
      if (!known.resourceSyncOptions.includes(option)) {
        findings.push(clusterFinding(object, '/metadata/annotations/argocd.argoproj.io~1sync-options', 'argocd-sync-option',
          `Argo CD ${version} does not know the sync option "${option}" (${source}) and ignores it` +
          (option === 'Prune=confirm' ? ': the object is pruned without asking; use Prune=false where a person must decide' : '')));
      }
    }
  }
  return findings;
}

/** A function of strings and booleans that remembers its answers. */
function memo<A extends (string | boolean)[], R>(f: (...args: A) => R): (...args: A) => R {
  const answers = new Map<string, R>();
  return (...args) => {
    const key = args.join('\0');
    if (!answers.has(key)) answers.set(key, f(...args));
    return answers.get(key) as R;
  };
}
