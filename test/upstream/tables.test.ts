import { KEYCLOAK_EFFECTS, PLATFORM_EFFECTS, SERVING_EFFECTS, THREESCALE_EFFECTS } from '../../lib/upstream/controller-effects';
import { ARGOCD, ARGOCD_VERSIONS, isDestinationMatched, isGroupKindPermitted, knowsSyncOption } from '../../lib/upstream/argocd';
import { SOURCE_PATTERN } from '../../lib/upstream/types';

const rows = [...KEYCLOAK_EFFECTS, ...THREESCALE_EFFECTS, ...SERVING_EFFECTS, ...PLATFORM_EFFECTS];

describe('the table of controller effects', () => {
  test('the source pattern accepts a citation and refuses a bare path', () => {
    expect(SOURCE_PATTERN.test('argoproj/argo-cd util/argo/argo.go@v2.13.9')).toBe(true);
    expect(SOURCE_PATTERN.test('util/argo/argo.go')).toBe(false);
  });

  test('every row cites each source as "owner/repo path@version"', () => {
    const bad = rows.filter((row) => row.sources.length === 0 || !row.sources.every((s) => SOURCE_PATTERN.test(s)));
    expect(bad.map((row) => row.kind)).toEqual([]);
  });

  test('a kind has one row', () => {
    const kinds = rows.map((row) => row.kind);
    expect(kinds.filter((kind, i) => kinds.indexOf(kind) !== i)).toEqual([]);
  });
});

describe('the table of Argo CD versions (lib/upstream/argocd.ts)', () => {
  test('every version cites each source as "owner/repo path@version"', () => {
    const bad = Object.entries(ARGOCD).filter(([, facts]) => facts.sources.length === 0 || !facts.sources.every((s) => SOURCE_PATTERN.test(s)));
    expect(bad.map(([version]) => version)).toEqual([]);
  });

  // argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314 (argo-cd v2.13.9) and @c19f8cfa4d27 (v2.14.0).
  test('Prune=confirm is known from 2.14 only; Prune=false in both', () => {
    expect(ARGOCD_VERSIONS.map((v) => [v, knowsSyncOption(v, 'Prune=confirm'), knowsSyncOption(v, 'Prune=false')])).toEqual([
      ['2.13', false, true],
      ['2.14', true, true],
    ]);
  });

  // argoproj/argo-cd pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (isDestinationMatched, globMatch).
  test.each([
    [{ destinations: [{ server: 'https://k', namespace: 'a' }] }, { server: 'https://k', namespace: '' }, false],
    [{ destinations: [{ server: 'https://k', namespace: 'a' }] }, { server: 'https://k', namespace: 'a' }, true],
    [{ destinations: [{ server: 'https://k', namespace: '*' }] }, { server: 'https://k', namespace: '' }, true],
    [{ destinations: [{ server: 'https://k', namespace: 'maas-*' }] }, { server: 'https://k', namespace: 'maas-sso' }, true],
    [{ destinations: [{ server: '*', namespace: 'maas-*' }, { server: '*', namespace: '!maas-sso' }] }, { server: 'https://k', namespace: 'maas-sso' }, false],
    [{ destinations: [{ server: 'https://other', namespace: 'a' }] }, { server: 'https://k', namespace: 'a' }, false],
  ])('project %j permits %j: %s', (project, destination, permitted) => {
    expect(isDestinationMatched(project, destination)).toBe(permitted);
  });

  // argoproj/argo-cd pkg/apis/application/v1alpha1/app_project_types.go@v2.13.9 (IsGroupKindPermitted).
  test('kinds: namespaced need the namespace whitelist (absent: all), cluster-scoped need the cluster whitelist', () => {
    expect([
      isGroupKindPermitted({}, 'apps', 'Deployment', true),
      isGroupKindPermitted({}, '', 'Namespace', false),
      isGroupKindPermitted({ clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }] }, '', 'Namespace', false),
      isGroupKindPermitted({ namespaceResourceWhitelist: [{ group: 'apps', kind: '*' }] }, 'apps', 'Deployment', true),
      isGroupKindPermitted({ namespaceResourceWhitelist: [] }, 'apps', 'Deployment', true),
    ]).toEqual([true, false, true, true, false]);
  });
});
