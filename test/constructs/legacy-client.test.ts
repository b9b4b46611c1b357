import { Testing } from 'cdk8s';
import { LegacyClient } from '../../lib/constructs/legacy-client';
import { confidentialClient } from '../../lib/constructs/keycloak-representations';

const base = { namespace: 'sso', realmSelector: { realm: 'ai-realm' }, client: confidentialClient({ clientId: 'ai-client' }) };

describe('LegacyClient', () => {
  test('GIVEN a client WHEN synthesized THEN a KeycloakClient named after the client id selects the realm by label', () => {
    const chart = Testing.chart();
    new LegacyClient(chart, 'Client', base);
    const [object] = Testing.synth(chart);
    expect(object.metadata).toEqual({ name: 'ai-client', namespace: 'sso', labels: { realm: 'ai-realm' } });
    expect(object.spec.realmSelector).toEqual({ matchLabels: { realm: 'ai-realm' } });
    expect(object.spec.client.clientId).toBe('ai-client');
  });

  test('GIVEN a client WHEN constructed THEN secretName is the Secret the operator writes for the resource', () => {
    expect(new LegacyClient(Testing.chart(), 'Client', { ...base, name: 'consumer' }).secretName).toBe('keycloak-client-secret-consumer');
  });

  test('GIVEN service account roles WHEN synthesized THEN realm and client roles are granted to the service account', () => {
    const chart = Testing.chart();
    new LegacyClient(chart, 'Client', { ...base, serviceAccountRoles: { realmRoles: ['user'], clientRoles: { 'realm-management': ['view-clients'] } } });
    const { spec } = Testing.synth(chart)[0];
    expect([spec.serviceAccountRealmRoles, spec.serviceAccountClientRoles]).toEqual([['user'], { 'realm-management': ['view-clients'] }]);
  });

  test('GIVEN no service account roles WHEN synthesized THEN no role fields are rendered', () => {
    const chart = Testing.chart();
    new LegacyClient(chart, 'Client', base);
    expect(Object.keys(Testing.synth(chart)[0].spec).sort()).toEqual(['client', 'realmSelector']);
  });
});
