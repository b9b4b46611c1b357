import { Testing } from 'cdk8s';
import { ArgoCdHealthChecks, HEALTH_CHECKS } from '../../lib/constructs/argocd-health-checks';
import { runHealthCheck } from '../lua';

describe('ArgoCdHealthChecks', () => {
  test('renders argocd-cm entries only for the kinds given that need a check', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ArgoCdHealthChecks(chart, 'Health', {
      namespace: 'openshift-gitops',
      kinds: ['core/Namespace', 'keycloak.org/KeycloakRealm', 'capabilities.3scale.net/Product', 'keycloak.org/KeycloakRealm'],
    });

    // THEN
    const [configMap] = Testing.synth(chart);
    expect(configMap.metadata).toEqual({
      name: 'argocd-cm',
      namespace: 'openshift-gitops',
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
    });
    expect(Object.keys(configMap.data)).toEqual([
      'resource.customizations.health.capabilities.3scale.net_Product',
      'resource.customizations.health.keycloak.org_KeycloakRealm',
    ]);
  });

  test('renders nothing when no kind needs a check', () => {
    const chart = Testing.chart();
    new ArgoCdHealthChecks(chart, 'Health', { namespace: 'openshift-gitops', kinds: ['core/Namespace'] });
    expect(Testing.synth(chart)).toEqual([]);
  });
});

describe('legacy Keycloak health check', () => {
  const check = HEALTH_CHECKS['keycloak.org/KeycloakRealm'];

  test('is Progressing before the operator reports', () => {
    expect(runHealthCheck(check, { spec: {} }).status).toBe('Progressing');
  });

  test('is Healthy when the operator reports ready', () => {
    expect(runHealthCheck(check, { status: { ready: true, phase: 'reconciling' } })).toEqual({ status: 'Healthy', message: 'ready' });
  });

  test('is Degraded with the operator message when failing', () => {
    const obj = { status: { ready: false, phase: 'failing', message: 'realm import failed' } };
    expect(runHealthCheck(check, obj)).toEqual({ status: 'Degraded', message: 'realm import failed' });
  });
});

describe('conditions health check (3scale Product)', () => {
  const check = HEALTH_CHECKS['capabilities.3scale.net/Product'];
  const withConditions = (...conditions: object[]) => ({ status: { conditions } });

  test('is Healthy when Synced', () => {
    expect(runHealthCheck(check, withConditions({ type: 'Synced', status: 'True' }, { type: 'Failed', status: 'False' })).status).toBe('Healthy');
  });

  test('is Degraded when Invalid, whatever else is true', () => {
    const obj = withConditions({ type: 'Synced', status: 'True' }, { type: 'Invalid', status: 'True', message: 'mapping rule metric not found' });
    expect(runHealthCheck(check, obj)).toEqual({ status: 'Degraded', message: 'mapping rule metric not found' });
  });

  test('is Progressing with no conditions yet', () => {
    expect(runHealthCheck(check, { status: {} }).status).toBe('Progressing');
  });
});

describe('conditions health check (KeycloakRealmImport)', () => {
  const check = HEALTH_CHECKS['k8s.keycloak.org/KeycloakRealmImport'];

  test('is Healthy when Done and Degraded on HasErrors', () => {
    expect(runHealthCheck(check, { status: { conditions: [{ type: 'Done', status: 'True' }] } }).status).toBe('Healthy');
    expect(runHealthCheck(check, { status: { conditions: [{ type: 'HasErrors', status: 'True', message: 'x' }] } }).status).toBe('Degraded');
  });
});
