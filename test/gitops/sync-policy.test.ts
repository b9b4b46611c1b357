import { ApiObject, Testing } from 'cdk8s';
import { applySyncPolicy, SYNC_OPTIONS, SYNC_WAVE, SYNC_WAVES } from '../../lib/charts/sync-policy';

describe('applySyncPolicy', () => {
  test('annotates the sync wave as a string', () => {
    // GIVEN
    const chart = Testing.chart();
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });

    // WHEN
    applySyncPolicy(chart);

    // THEN
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ [SYNC_WAVE]: '0', [SYNC_OPTIONS]: 'Prune=confirm' });
  });

  test('skips the dry run of custom resources, whose CRDs an operator may still be installing', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'backend', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Backend', metadata: { name: 'b', namespace: 'n' } });
    applySyncPolicy(chart);
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ [SYNC_WAVE]: '3', [SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true' });
  });

  test('asks before pruning a Product', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'product', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Product', metadata: { name: 'p', namespace: 'n' } });
    applySyncPolicy(chart);
    expect(Testing.synth(chart)[0].metadata.annotations[SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true,Prune=confirm');
  });

  test('leaves built-in kinds to the normal dry run', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'np', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'n' } });
    applySyncPolicy(chart);
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({ [SYNC_WAVE]: '2' });
  });

  test('fails when a kind has no sync wave', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'x', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(() => applySyncPolicy(chart)).toThrow('example.com/Widget has no sync wave; add it to SYNC_WAVES in lib/charts/sync-policy.ts');
  });

  test('orders kinds as a sync from an empty cluster needs them', () => {
    // The order the platform needs, earliest first; kinds on one line may share a wave.
    const order = [
      ['core/Namespace', 'operators.coreos.com/OperatorGroup'],
      ['operators.coreos.com/Subscription'],
      ['core/Secret', 'external-secrets.io/ExternalSecret', 'networking.k8s.io/NetworkPolicy'],
      ['keycloak.org/Keycloak', 'keycloak.org/KeycloakRealm', 'keycloak.org/KeycloakClient', 'k8s.keycloak.org/KeycloakRealmImport',
        'capabilities.3scale.net/Backend', 'serving.kserve.io/InferenceService'],
      ['capabilities.3scale.net/Product', 'route.openshift.io/Route'],
      ['capabilities.3scale.net/ProxyConfigPromote'],
    ];
    order.forEach((kinds, step) => {
      for (const kind of kinds) {
        for (const earlier of order.slice(0, step).flat()) {
          expect({ kind, wave: SYNC_WAVES[kind] > SYNC_WAVES[earlier] }).toEqual({ kind, wave: true });
        }
      }
    });
  });
});
