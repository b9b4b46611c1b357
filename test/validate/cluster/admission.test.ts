// Argo CD's admission at the pinned version: argoproj/argo-cd util/argo/argo.go@v2.13.9 (ValidatePermissions),
// pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (isDestinationMatched, IsSourcePermitted,
// IsGroupKindPermitted), controller/sync.go@v2.13.9 (per-object kind and namespace), and the per-object sync
// options gitops-engine knows: pkg/sync/common/types.go@4c6e03c46314 (2.13) and @c19f8cfa4d27 (2.14).
import { globMatch } from '../../../lib/validate/cluster/admission';
import { at, baseTree, findingsOf } from './fixture';

test('GIVEN the fixture THEN Argo CD admits the Application and every object', () => {
  expect(findingsOf(baseTree())).toEqual([]);
});

test('an Application without destination.namespace matches no project destination that names a namespace', () => {
  const tree = baseTree();
  delete at(tree, 'argocd/application.yaml').spec.destination.namespace;
  expect(findingsOf(tree)).toEqual([
    "Application/openshift-gitops/maas-test /spec/destination argocd-destination: application destination server 'https://kubernetes.default.svc' and namespace '' do not match any of the allowed destinations in project 'maas-test'",
  ]);
});

test('a destination is matched by glob, and a deny pattern excludes', () => {
  const tree = baseTree();
  at(tree, 'argocd/appproject.yaml').spec.destinations = [{ server: 'https://kubernetes.default.svc', namespace: 'maas-*' }, { server: '*', namespace: '!maas-models' }];
  expect(findingsOf(tree)[0]).toBe(
    "Application/openshift-gitops/maas-test /spec/destination argocd-destination: application destination server 'https://kubernetes.default.svc' and namespace 'maas-models' do not match any of the allowed destinations in project 'maas-test'");
  expect(findingsOf(tree).filter((f) => f.includes('argocd-resource-namespace'))).toEqual([
    "ServingRuntime/maas-models/vllm /metadata/namespace argocd-resource-namespace: namespace maas-models is not permitted in project 'maas-test'",
    "NetworkPolicy/maas-models/allow-gateway-to-models /metadata/namespace argocd-resource-namespace: namespace maas-models is not permitted in project 'maas-test'",
    "InferenceService/maas-models/granite /metadata/namespace argocd-resource-namespace: namespace maas-models is not permitted in project 'maas-test'",
  ]);
});

test('the source repository must be permitted by the project (normalized: case and .git ignored)', () => {
  const tree = baseTree();
  at(tree, 'argocd/appproject.yaml').spec.sourceRepos = ['https://GitHub.com/example-org/maas-gitops'];
  expect(findingsOf(tree)).toEqual([]);
  at(tree, 'argocd/appproject.yaml').spec.sourceRepos = ['https://github.com/example-org/*'];
  expect(findingsOf(tree)).toEqual([]);
  at(tree, 'argocd/appproject.yaml').spec.sourceRepos = ['https://github.com/other-org/*'];
  expect(findingsOf(tree)).toEqual([
    "Application/openshift-gitops/maas-test /spec/source/repoURL argocd-source-repo: application repo https://github.com/example-org/maas-gitops.git is not permitted in project 'maas-test'",
  ]);
});

test('an Application naming a project that is not rendered', () => {
  const tree = baseTree();
  at(tree, 'argocd/application.yaml').spec.project = 'other';
  expect(findingsOf(tree)).toEqual([
    "Application/openshift-gitops/maas-test /spec/project argocd-project: project 'other' is not rendered in namespace openshift-gitops: Argo CD reports InvalidSpecError and never syncs",
  ]);
});

test('every synced kind must be whitelisted; a cluster-scoped kind needs the cluster whitelist', () => {
  const tree = baseTree();
  at(tree, 'argocd/appproject.yaml').spec.namespaceResourceWhitelist.pop();
  at(tree, 'argocd/appproject.yaml').spec.clusterResourceWhitelist = [];
  expect(findingsOf(tree).filter((f) => f.includes('argocd-resource-kind'))).toEqual([
    'Namespace/maas-sso argocd-resource-kind: resource :Namespace is not permitted in project maas-test',
    'Namespace/maas-3scale argocd-resource-kind: resource :Namespace is not permitted in project maas-test',
    'Namespace/maas-models argocd-resource-kind: resource :Namespace is not permitted in project maas-test',
    'Route/maas-3scale/granite-api-production argocd-resource-kind: resource route.openshift.io:Route is not permitted in project maas-test',
    'Route/maas-3scale/granite-api-staging argocd-resource-kind: resource route.openshift.io:Route is not permitted in project maas-test',
  ]);
});

test('objects excluded by source.directory.exclude are not synced, so not checked against the project', () => {
  const tree = baseTree();
  at(tree, 'argocd/appproject.yaml').spec.clusterResourceWhitelist = [];
  at(tree, 'argocd/application.yaml').spec.source.directory.exclude = '{argocd/*,ns/*}';
  expect(findingsOf(tree).filter((f) => f.includes('argocd-resource-kind'))).toEqual([]);
});

test('Prune=confirm is unknown to Argo CD 2.13 and known to 2.14', () => {
  const tree = baseTree();
  at(tree, 'ns/maas-models.yaml').metadata.annotations['argocd.argoproj.io/sync-options'] = 'Prune=confirm';
  expect(findingsOf(tree)).toEqual([
    'Namespace/maas-models /metadata/annotations/argocd.argoproj.io~1sync-options argocd-sync-option: Argo CD 2.13 does not know the sync option "Prune=confirm" (argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314) and ignores it: the object is pruned without asking; use Prune=false where a person must decide',
  ]);
  expect(findingsOf(tree, { argocdVersion: '2.14' })).toEqual([]);
});

test('globMatch follows gobwas/glob: * stops at separators, ** does not, {a,b} and ! work', () => {
  expect(globMatch('maas-*', 'maas-models')).toBe(true);
  expect(globMatch('maas-*', '')).toBe(false);
  expect(globMatch('*', '')).toBe(true);
  expect(globMatch('https://github.com/*', 'https://github.com/org/repo', '/')).toBe(false);
  expect(globMatch('https://github.com/**', 'https://github.com/org/repo', '/')).toBe(true);
  expect(globMatch('{argocd/*,ns/*}', 'ns/a.yaml', '/')).toBe(true);
  expect(globMatch('!maas-models', 'maas-models')).toBe(false);
});
