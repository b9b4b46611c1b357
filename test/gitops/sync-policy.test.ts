import { ApiObject, type Chart, Testing } from 'cdk8s';
import { applySyncPolicy, protectFromPruneOption, SYNC_OPTIONS, SYNC_WAVE, SYNC_WAVES } from '../../lib/charts/sync-policy';
import type { ControllerEffect } from '../../lib/upstream/types';

/** Each chart's objects as synthesized, which applySyncPolicy annotates. */
const synthesized = new Map<Chart, any[]>();
function objectsOf(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  synthesized.set(chart, objects);
  return objects;
}

const V213 = { argocdVersion: '2.13' } as const;
const V214 = { argocdVersion: '2.14' } as const;

describe('applySyncPolicy', () => {
  test('annotates the sync wave as a string', () => {
    // GIVEN
    const chart = Testing.chart();
    new ApiObject(chart, 'np', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'n' } });

    // WHEN
    applySyncPolicy(objectsOf(chart), V213);

    // THEN
    expect(synthesized.get(chart)![0].metadata.annotations).toEqual({ [SYNC_WAVE]: '2' });
  });

  test('skips the dry run of custom resources, whose CRDs an operator may still be installing', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'backend', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Backend', metadata: { name: 'b', namespace: 'n' } });
    applySyncPolicy(objectsOf(chart), V213);
    expect(synthesized.get(chart)![0].metadata.annotations).toEqual({ [SYNC_WAVE]: '3', [SYNC_OPTIONS]: 'SkipDryRunOnMissingResource=true' });
  });

  // argoproj/gitops-engine pkg/sync/common/types.go@4c6e03c46314 (what argo-cd v2.13.9 pins) has no
  // `Prune=confirm`; @c19f8cfa4d27 (argo-cd v2.14.0) adds it.
  test('GIVEN Argo CD 2.13 WHEN a Product is rendered THEN it is never pruned (Prune=false; 2.13 does not know Prune=confirm)', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'product', { apiVersion: 'capabilities.3scale.net/v1beta1', kind: 'Product', metadata: { name: 'p', namespace: 'n' } });
    applySyncPolicy(objectsOf(chart), V213);
    expect(synthesized.get(chart)![0].metadata.annotations[SYNC_OPTIONS]).toBe('SkipDryRunOnMissingResource=true,Prune=false');
  });

  test('GIVEN Argo CD 2.14 WHEN a Namespace is rendered THEN pruning it waits for a person (Prune=confirm)', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    applySyncPolicy(objectsOf(chart), V214);
    expect(synthesized.get(chart)![0].metadata.annotations).toEqual({ [SYNC_WAVE]: '0', [SYNC_OPTIONS]: 'Prune=confirm' });
  });

  test('protects with the option each version knows', () => {
    expect({ '2.13': protectFromPruneOption('2.13'), '2.14': protectFromPruneOption('2.14') }).toEqual({ '2.13': 'Prune=false', '2.14': 'Prune=confirm' });
  });

  // argoproj/gitops-engine pkg/health/health_pvc.go@4c6e03c46314: a Pending claim is Progressing, and with a
  // WaitForFirstConsumer storage class it stays Pending until a pod mounts it.
  test('puts a PersistentVolumeClaim in the wave of the Deployment that mounts it, not before', () => {
    expect(SYNC_WAVES['core/PersistentVolumeClaim']).toBe(SYNC_WAVES['apps/Deployment']);
  });

  test('fails when a kind has no sync wave', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'x', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(() => applySyncPolicy(objectsOf(chart), V213)).toThrow('example.com/Widget has no sync wave; add it to SYNC_WAVES in lib/charts/sync-policy.ts');
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

describe('waves derived from what controllers read and create', () => {
  /** A controller of `example.com/Reader` that reads the Secret named in `spec.secret`. */
  const reader: ControllerEffect = {
    kind: 'external-secrets.io/ExternalSecret',
    controller: 'test',
    reads: (o) => [{ kind: 'core/Secret', name: String(o.spec?.secret), namespace: o.metadata.namespace }],
    creates: () => [],
    statuses: () => [{}],
    sources: ['example/example test@v1'],
  };
  /** A controller of KeycloakClient that creates the Secret `made-by-<name>` once ready. */
  const writer: ControllerEffect = {
    kind: 'keycloak.org/KeycloakClient',
    controller: 'test',
    reads: () => [],
    creates: (o) => [{ kind: 'core/Secret', name: `made-by-${o.metadata.name}`, namespace: o.metadata.namespace, when: 'ready' }],
    statuses: () => [{}],
    sources: ['example/example test@v1'],
  };
  const effects = new Map([[reader.kind, reader], [writer.kind, writer]]);

  test('GIVEN an ExternalSecret reading a Secret a KeycloakClient (wave 3) creates WHEN waves are derived THEN the ExternalSecret goes after it', () => {
    // GIVEN
    const chart = Testing.chart();
    new ApiObject(chart, 'client', { apiVersion: 'keycloak.org/v1alpha1', kind: 'KeycloakClient', metadata: { name: 'zync', namespace: 'sso' } });
    new ApiObject(chart, 'es', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'issuer', namespace: 'sso' }, spec: { secret: 'made-by-zync' } });

    // WHEN
    applySyncPolicy(objectsOf(chart), { ...V213, effects });

    // THEN
    const waves = Object.fromEntries(synthesized.get(chart)!.map((o) => [o.kind, o.metadata.annotations[SYNC_WAVE]]));
    expect(waves).toEqual({ KeycloakClient: '3', ExternalSecret: '4' });
  });

  test('keeps the kind\'s wave when what it reads comes from outside Git', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'es', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'issuer', namespace: 'sso' }, spec: { secret: 'provided' } });
    applySyncPolicy(objectsOf(chart), { ...V213, effects });
    expect(synthesized.get(chart)![0].metadata.annotations[SYNC_WAVE]).toBe('2');
  });

  test('fails, naming the objects, when objects read each other in a cycle', () => {
    const both: ControllerEffect = { ...reader, creates: (o) => [{ kind: 'core/Secret', name: `from-${o.metadata.name}`, namespace: o.metadata.namespace, when: 'ready' }] };
    const chart = Testing.chart();
    new ApiObject(chart, 'a', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'a', namespace: 'n' }, spec: { secret: 'from-b' } });
    new ApiObject(chart, 'b', { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'b', namespace: 'n' }, spec: { secret: 'from-a' } });
    expect(() => applySyncPolicy(objectsOf(chart), { ...V213, effects: new Map([[both.kind, both]]) })).toThrow(
      'sync waves: external-secrets.io/ExternalSecret n/a, external-secrets.io/ExternalSecret n/b read each other in a cycle, so no wave order lets each wait for the other; check their rows in lib/upstream/controller-effects.ts',
    );
  });
});
