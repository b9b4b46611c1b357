import type { Source } from './types';

/**
 * What each Argo CD version this project renders for accepts and does: the per-resource sync options it knows,
 * the health checks it has built in, and how an AppProject matches an Application's destination and kinds.
 * One row per version; every row cites the upstream files it was read from. Rendering and tests read these
 * tables; none of them restates a fact.
 */

/** An Argo CD minor version an environment can pin (`gitops.argocdVersion`). */
export const ARGOCD_VERSIONS = ['2.13', '2.14'] as const;
export type ArgoCdVersion = (typeof ARGOCD_VERSIONS)[number];

/** The version OpenShift GitOps 1.15 ships (its argocd-operator v0.13.1 deploys Argo CD v2.13.1). */
export const DEFAULT_ARGOCD_VERSION: ArgoCdVersion = '2.13';

/** Facts about one Argo CD version. */
export interface ArgoCdVersionFacts {
  /**
   * The values of the `argocd.argoproj.io/sync-options` annotation that the version's gitops-engine knows.
   * Anything else is silently ignored: an unknown option protects nothing.
   */
  readonly resourceSyncOptions: readonly string[];
  /** `<group>/<Kind>` of the kinds this project renders that have a built-in health check (`resource_customizations/`). */
  readonly builtInHealth: readonly string[];
  readonly sources: readonly Source[];
}

const SYNC_OPTIONS_2_13 = [
  'SkipDryRunOnMissingResource=true',
  'Prune=false',
  'Validate=false',
  'PruneLast=true',
  'Replace=true',
  'Force=true',
  'ServerSideApply=true',
  'Delete=false',
  'ApplyOutOfSyncOnly=true',
];

/** The facts, by version. */
export const ARGOCD: Readonly<Record<ArgoCdVersion, ArgoCdVersionFacts>> = {
  '2.13': {
    // argo-cd v2.13.9 go.mod pins gitops-engine v0.7.1-0.20250129155113-4c6e03c46314: no `Prune=confirm`.
    resourceSyncOptions: SYNC_OPTIONS_2_13,
    builtInHealth: [
      'external-secrets.io/ExternalSecret',
      'operators.coreos.com/Subscription',
      'route.openshift.io/Route',
      'serving.kserve.io/InferenceService',
    ],
    sources: [
      'argoproj/argo-cd go.mod@v2.13.9',
      'argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314',
      'argoproj/argo-cd resource_customizations@v2.13.9',
    ],
  },
  '2.14': {
    // argo-cd v2.14.0 go.mod pins gitops-engine v0.7.1-0.20250129155113-c19f8cfa4d27, which adds the confirm options.
    resourceSyncOptions: [...SYNC_OPTIONS_2_13, 'ServerSideApply=false', 'Delete=confirm', 'Prune=confirm'],
    builtInHealth: [
      'external-secrets.io/ExternalSecret',
      'k8s.keycloak.org/Keycloak',
      'operators.coreos.com/Subscription',
      'route.openshift.io/Route',
      'serving.kserve.io/InferenceService',
    ],
    sources: [
      'argoproj/argo-cd go.mod@v2.14.0',
      'argoproj/gitops-engine pkg/sync/common/types.go@c19f8cfa4d27',
      'argoproj/argo-cd resource_customizations@v2.14.0',
    ],
  },
};

/** Whether a version knows a per-resource sync option. */
export function knowsSyncOption(version: ArgoCdVersion, option: string): boolean {
  return ARGOCD[version].resourceSyncOptions.includes(option);
}

/** An AppProject's rules, as much as destination and kind matching reads of them. */
export interface AppProjectRules {
  readonly destinations?: ReadonlyArray<{ readonly server?: string; readonly name?: string; readonly namespace?: string }>;
  readonly clusterResourceWhitelist?: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
  readonly clusterResourceBlacklist?: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
  readonly namespaceResourceWhitelist?: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
  readonly namespaceResourceBlacklist?: ReadonlyArray<{ readonly group: string; readonly kind: string }>;
}

/** An Application's destination, or a resource's (its namespace, the Application's server). */
export interface Destination {
  readonly server?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * Whether an AppProject permits a destination: some destination entry matches server (or name) and
 * namespace by glob, and no deny (`!`) entry excludes it. An empty namespace matches no pattern but `*`
 * (and the empty pattern): an Application without `destination.namespace` is refused with InvalidSpecError
 * ("application destination server '…' and namespace '' do not match any of the allowed destinations").
 * argoproj/argo-cd pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (isDestinationMatched, globMatch),
 * called from util/argo/argo.go@v2.13.9 (ValidatePermissions) for the Application and from
 * controller/sync.go@v2.13.9 (WithPermissionValidator) for every namespaced resource.
 */
export function isDestinationMatched(project: AppProjectRules, destination: Destination): boolean {
  let anyMatched = false;
  let noDenyMatched = true;
  for (const item of project.destinations ?? []) {
    const nameMatched = (destination.name ?? '') !== '' && globMatch(item.name ?? '', destination.name ?? '', true);
    const serverMatched = (destination.server ?? '') !== '' && globMatch(item.server ?? '', destination.server ?? '', true);
    const namespaceMatched = globMatch(item.namespace ?? '', destination.namespace ?? '', true);
    if ((serverMatched || nameMatched) && namespaceMatched) {
      anyMatched = true;
    } else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server)) || (!namespaceMatched && isDeny(item.namespace))) {
      noDenyMatched = false;
    }
  }
  return anyMatched && noDenyMatched;
}

/**
 * Whether an AppProject permits a kind: namespaced kinds need the namespace whitelist (absent = all) and not
 * the blacklist; cluster-scoped kinds need an entry in the cluster whitelist (absent = none). Group and kind
 * match as `filepath.Match` patterns. argoproj/argo-cd pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9
 * (IsGroupKindPermitted), pkg/apis/application/v1alpha1/types.go@v2.13.9 (isResourceInList).
 */
export function isGroupKindPermitted(project: AppProjectRules, group: string, kind: string, namespaced: boolean): boolean {
  const inList = (list: AppProjectRules['clusterResourceWhitelist']) =>
    (list ?? []).some((item) => pathMatch(item.kind, kind) && pathMatch(item.group, group));
  if (namespaced) {
    const white = project.namespaceResourceWhitelist;
    const whiteListed = white === undefined || (white.length !== 0 && inList(white));
    return whiteListed && !inList(project.namespaceResourceBlacklist);
  }
  return inList(project.clusterResourceWhitelist) && !inList(project.clusterResourceBlacklist);
}

function isDeny(pattern: string | undefined): boolean {
  return (pattern ?? '').startsWith('!');
}

/** argo-cd `globMatch`: `!` negates, `*` matches anything, otherwise github.com/gobwas/glob without separators. */
function globMatch(pattern: string, value: string, allowNegation: boolean): boolean {
  if (allowNegation && isDeny(pattern)) return !gobwasGlob(pattern.slice(1)).test(value);
  if (pattern === '*') return true;
  return gobwasGlob(pattern).test(value);
}

/** Compiled patterns: an AppProject has a few, checked against every object of every sync. */
const GLOBS = new Map<string, RegExp>();

/** gobwas/glob syntax without separators: `*`, `?`, `[abc]`, `[!abc]`, `[a-z]`, `{a,b}`, `\` escapes. */
function gobwasGlob(pattern: string): RegExp {
  let compiled = GLOBS.get(pattern);
  if (compiled === undefined) {
    compiled = compileGlob(pattern);
    GLOBS.set(pattern, compiled);
  }
  return compiled;
}

function compileGlob(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i]);
    else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return /(?!)/; // does not compile upstream: matches nothing
      const body = pattern.slice(i + 1, end);
      source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else source += escape(c);
  }
  return new RegExp(`^${source}$`, 's');
}

/** Go `path/filepath.Match` without separators in the values: `*`, `?`, `[...]`, `\` escapes. */
function pathMatch(pattern: string, value: string): boolean {
  return gobwasGlob(pattern.replace(/[{},]/g, (c) => `\\${c}`)).test(value);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
