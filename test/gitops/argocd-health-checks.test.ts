import { Testing } from 'cdk8s';
import {
  ArgoCdHealthChecks,
  HEALTH_CHECKS,
  NO_PRODUCT_CHANGES_MESSAGES,
  REALM_IMPORT_STARTUP_MESSAGES,
} from '../../lib/constructs/argocd-health-checks';
import { CONTROLLER_EFFECTS } from '../../lib/upstream/controller-effects';
import type { Manifest } from '../../lib/upstream/types';
import { runHealthCheck } from '../lua';

describe('ArgoCdHealthChecks', () => {
  test('GIVEN the rendered kinds WHEN rendered THEN one merge patch of the ArgoCD resource holds a check per kind that needs one', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ArgoCdHealthChecks(chart, 'Health', {
      namespace: 'openshift-gitops',
      instance: 'openshift-gitops',
      kinds: ['core/Namespace', 'keycloak.org/KeycloakRealm', 'capabilities.3scale.net/Product', 'keycloak.org/KeycloakRealm'],
    });

    // THEN
    const [patch] = Testing.synth(chart);
    expect({ apiVersion: patch.apiVersion, kind: patch.kind, metadata: patch.metadata }).toEqual({
      apiVersion: 'argoproj.io/v1beta1',
      kind: 'ArgoCD',
      metadata: { name: 'openshift-gitops', namespace: 'openshift-gitops' },
    });
    expect(patch.spec.resourceHealthChecks.map((c: { group: string; kind: string }) => `${c.group}/${c.kind}`))
      .toEqual(['capabilities.3scale.net/Product', 'keycloak.org/KeycloakRealm']);
    expect(patch.spec.resourceHealthChecks[0].check).toBe(HEALTH_CHECKS['capabilities.3scale.net/Product']);
  });

  test('renders nothing when no kind needs a check', () => {
    const chart = Testing.chart();
    new ArgoCdHealthChecks(chart, 'Health', { namespace: 'openshift-gitops', instance: 'openshift-gitops', kinds: ['core/Namespace'] });
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describe('the test harness is Argo CD\'s Lua', () => {
  // argoproj/argo-cd util/lua/lua.go@v2.13.9 (runLua): base, table, package and a safe os; no string library.
  test('has no string library and no string methods', () => {
    expect(() => runHealthCheck('return { status = string.upper("x") }', {})).toThrow(/Lua error/);
    expect(() => runHealthCheck('return { status = ("x"):upper() }', {})).toThrow(/Lua error/);
  });

  test('is Lua 5.1 (gopher-lua): no integer division, no goto', () => {
    expect(() => runHealthCheck('return { status = tostring(7 // 2) }', {})).toThrow(/Lua error/);
  });
});

/** A minimal object of a kind, at generation 2, as Argo CD passes it to a check (`obj`). */
function sample(groupKind: string, extra: { spec?: Record<string, unknown> } = {}): Manifest {
  const [group, kind] = groupKind.split('/');
  return { apiVersion: `${group}/v1`, kind, metadata: { name: 'x', namespace: 'ns', generation: 2 }, spec: { productCRName: 'x-api', keycloakCRName: 'keycloak', ...extra.spec } };
}

describe('every health check, against the statuses its operator writes (lib/upstream/controller-effects.ts)', () => {
  const covered = Object.keys(HEALTH_CHECKS).filter((kind) => CONTROLLER_EFFECTS.has(kind));

  test('covers the kinds whose start-up matters to the waves', () => {
    expect(covered).toEqual(expect.arrayContaining([
      'keycloak.org/KeycloakRealm', 'keycloak.org/KeycloakClient', 'keycloak.org/KeycloakUser', 'k8s.keycloak.org/Keycloak',
      'k8s.keycloak.org/KeycloakRealmImport', 'capabilities.3scale.net/Product', 'capabilities.3scale.net/ProxyConfigPromote',
      'operators.coreos.com/Subscription',
    ]));
  });

  test.each(covered)('%s: Progressing from "no status yet" through normal start-up, Healthy when ready', (kind) => {
    const object = sample(kind);
    const statuses = CONTROLLER_EFFECTS.get(kind)!.statuses(object);
    const results = statuses.map((status) => runHealthCheck(HEALTH_CHECKS[kind], { ...object, status: Object.keys(status).length === 0 ? undefined : status }).status);
    expect(results).toEqual([...statuses.slice(0, -1).map(() => 'Progressing'), 'Healthy']);
  });
});

/** Cases beyond start-up, each from the operator's status code (cited per group). */
const cases: ReadonlyArray<{ kind: string; name: string; status: Record<string, unknown>; expected: { status: string; message?: string } }> = [
  // keycloak/keycloak operator KeycloakRealmImportController.java@0429ece8 (updateStatus)
  ...REALM_IMPORT_STARTUP_MESSAGES.map((message) => ({
    kind: 'k8s.keycloak.org/KeycloakRealmImport', name: `start-up: ${message}`,
    status: { conditions: [{ type: 'Done', status: 'False' }, { type: 'Started', status: 'False' }, { type: 'HasErrors', status: 'True', message }] },
    expected: { status: 'Progressing', message },
  })),
  {
    kind: 'k8s.keycloak.org/KeycloakRealmImport', name: 'the import Job failed',
    status: { conditions: [{ type: 'Done', status: 'False' }, { type: 'Started', status: 'False' }, { type: 'HasErrors', status: 'True', message: 'Import Job failed' }] },
    expected: { status: 'Degraded', message: 'Import Job failed' },
  },
  // keycloak/keycloak operator KeycloakStatusAggregator.java@14c5e245
  {
    kind: 'k8s.keycloak.org/Keycloak', name: 'errors',
    status: { observedGeneration: 2, conditions: [{ type: 'Ready', status: 'False' }, { type: 'HasErrors', status: 'True', message: 'Error performing operations' }] },
    expected: { status: 'Degraded', message: 'Error performing operations' },
  },
  {
    kind: 'k8s.keycloak.org/Keycloak', name: 'ready at the previous generation',
    status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True' }, { type: 'HasErrors', status: 'False' }] },
    expected: { status: 'Progressing' },
  },
  // keycloak/keycloak-operator pkg/controller/keycloakrealm/keycloakrealm_controller.go@19.0.3 (ManageError)
  {
    kind: 'keycloak.org/KeycloakRealm', name: 'failing while Keycloak does not answer: the operator retries',
    status: { phase: 'failing', ready: false, message: 'dial tcp 10.0.0.1:8443: connect: connection refused' },
    expected: { status: 'Progressing', message: 'the Keycloak operator retries: dial tcp 10.0.0.1:8443: connect: connection refused' },
  },
  {
    kind: 'keycloak.org/KeycloakUser', name: 'reconciled (users have no ready field)',
    status: { phase: 'reconciled', message: '' },
    expected: { status: 'Healthy' },
  },
  // 3scale/3scale-operator controllers/capabilities/product_status_reconciler.go@3scale-2.15.1-GA
  {
    kind: 'capabilities.3scale.net/Product', name: 'Synced for the previous generation: a promotion now would promote the old configuration',
    status: { observedGeneration: 1, conditions: [{ type: 'Synced', status: 'True' }, { type: 'Failed', status: 'False' }] },
    expected: { status: 'Progressing' },
  },
  {
    kind: 'capabilities.3scale.net/Product', name: 'Invalid',
    status: { observedGeneration: 2, conditions: [{ type: 'Synced', status: 'False' }, { type: 'Invalid', status: 'True', message: 'mapping rule metric not found' }, { type: 'Failed', status: 'True', message: 'mapping rule metric not found' }] },
    expected: { status: 'Degraded', message: 'mapping rule metric not found' },
  },
  {
    kind: 'capabilities.3scale.net/Product', name: 'Orphan (a Backend not there yet) is retried',
    status: { observedGeneration: 2, conditions: [{ type: 'Synced', status: 'False' }, { type: 'Orphan', status: 'True', message: 'backend x not found' }, { type: 'Failed', status: 'True', message: 'backend x not found' }] },
    expected: { status: 'Progressing', message: 'backend x not found' },
  },
  // 3scale/3scale-operator controllers/capabilities/proxyconfigpromote_controller.go@3scale-2.15.1-GA
  ...NO_PRODUCT_CHANGES_MESSAGES.map((message) => ({
    kind: 'capabilities.3scale.net/ProxyConfigPromote', name: `no product changes detected (${message.includes('staging') ? 'staging' : 'production'}): already promoted`,
    status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Failed', status: 'True', message }] },
    expected: { status: 'Healthy' },
  })),
  {
    kind: 'capabilities.3scale.net/ProxyConfigPromote', name: 'the Product does not exist yet',
    status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Failed', status: 'True', message: 'products.capabilities.3scale.net "x-api" not found' }] },
    expected: { status: 'Progressing' },
  },
  {
    kind: 'capabilities.3scale.net/ProxyConfigPromote', name: 'a 3scale API error',
    status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Failed', status: 'True', message: 'error calling 3scale system - reason: forbidden - code: 403' }] },
    expected: { status: 'Degraded', message: 'error calling 3scale system - reason: forbidden - code: 403' },
  },
  // argoproj/argo-cd resource_customizations/operators.coreos.com/Subscription/testdata@v2.13.9
  {
    kind: 'operators.coreos.com/Subscription', name: 'catalog sources healthy but the operator not installed yet',
    status: { conditions: [{ type: 'CatalogSourcesUnhealthy', status: 'False' }], state: 'UpgradePending' },
    expected: { status: 'Progressing' },
  },
  {
    kind: 'operators.coreos.com/Subscription', name: 'install plan failed',
    status: { conditions: [{ type: 'InstallPlanFailed', status: 'True', message: 'install failed' }] },
    expected: { status: 'Degraded', message: 'install failed' },
  },
];

describe.each(cases)('$kind: $name', ({ kind, status, expected }) => {
  test(`is ${expected.status}`, () => {
    const result = runHealthCheck(HEALTH_CHECKS[kind], { ...sample(kind), status });
    expect(expected.message === undefined ? { status: result.status } : result).toEqual(expected);
  });
});
