import { Testing } from 'cdk8s';
import { LegacyRealm } from '../../lib/constructs/legacy-realm';

const base = { name: 'ai-realm', namespace: 'sso', instanceSelector: { app: 'keycloak' }, baseUrl: 'https://kc/auth' };

describe('LegacyRealm', () => {
  test('GIVEN only a name WHEN synthesized THEN an enabled realm with a 300 s token lifespan selects its Keycloak by label', () => {
    const chart = Testing.chart();
    new LegacyRealm(chart, 'Realm', base);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'keycloak.org/v1alpha1',
      kind: 'KeycloakRealm',
      metadata: { name: 'ai-realm', namespace: 'sso', labels: { realm: 'ai-realm' } },
      spec: {
        instanceSelector: { matchLabels: { app: 'keycloak' } },
        realm: { id: 'ai-realm', realm: 'ai-realm', enabled: true, displayName: 'ai-realm', accessTokenLifespan: 300 },
      },
    }]);
  });

  test('GIVEN roles and client scopes WHEN synthesized THEN they are realm roles and openid-connect scopes', () => {
    const chart = Testing.chart();
    new LegacyRealm(chart, 'Realm', { ...base, roles: [{ name: 'user', description: 'd' }], clientScopes: [{ name: 'models' }] });
    const { realm } = Testing.synth(chart)[0].spec;
    expect(realm.roles).toEqual({ realm: [{ name: 'user', description: 'd' }] });
    expect(realm.clientScopes).toEqual([{ name: 'models', protocol: 'openid-connect' }]);
  });

  test('GIVEN a base URL WHEN constructed THEN issuer and token URLs are under /realms/<name>', () => {
    const realm = new LegacyRealm(Testing.chart(), 'Realm', base);
    expect([realm.issuerUrl, realm.tokenUrl]).toEqual([
      'https://kc/auth/realms/ai-realm',
      'https://kc/auth/realms/ai-realm/protocol/openid-connect/token',
    ]);
  });
});
