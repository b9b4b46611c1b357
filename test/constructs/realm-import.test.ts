import { Testing } from 'cdk8s';
import { confidentialClient } from '../../lib/constructs/keycloak-representations';
import { placeholderName, RealmImport, type RealmImportProps } from '../../lib/constructs/realm-import';

const base: RealmImportProps = {
  name: 'ai-realm',
  namespace: 'kc',
  keycloakName: 'keycloak',
  baseUrl: 'https://kc',
  clients: [{ client: confidentialClient({ clientId: 'ai-client' }) }],
};

function synth(props: Partial<RealmImportProps> = {}) {
  const chart = Testing.chart();
  const realmImport = new RealmImport(chart, 'Realm', { ...base, ...props });
  return { realmImport, object: Testing.synth(chart)[0] };
}

describe('RealmImport', () => {
  test('GIVEN only a name and a client WHEN synthesized THEN an enabled realm with a 300 s token lifespan targets the Keycloak', () => {
    const { object } = synth();
    expect(object.metadata).toEqual({ name: 'ai-realm', namespace: 'kc' });
    expect(object.spec.keycloakCRName).toBe('keycloak');
    expect(object.spec.realm).toMatchObject({ id: 'ai-realm', realm: 'ai-realm', enabled: true, displayName: 'ai-realm', accessTokenLifespan: 300 });
  });

  test('GIVEN a client WHEN synthesized THEN its secret is a placeholder filled from keycloak-client-secret-<clientId>', () => {
    const { object } = synth();
    expect(object.spec.realm.clients[0].secret).toBe('${CLIENT_SECRET_AI_CLIENT}');
    expect(object.spec.placeholders).toEqual({
      CLIENT_SECRET_AI_CLIENT: { secret: { name: 'keycloak-client-secret-ai-client', key: 'CLIENT_SECRET' } },
    });
  });

  test('GIVEN a client WHEN constructed THEN clientSecretNames names its Secret', () => {
    expect(synth().realmImport.clientSecretNames).toEqual({ 'ai-client': 'keycloak-client-secret-ai-client' });
  });

  test('GIVEN service account client roles WHEN synthesized THEN a service-account-<clientId> user holds them', () => {
    const { object } = synth({
      clients: [{ client: confidentialClient({ clientId: 'zync' }), serviceAccountRoles: { clientRoles: { 'realm-management': ['view-clients'] } } }],
    });
    expect(object.spec.realm.users).toEqual([{
      username: 'service-account-zync',
      enabled: true,
      serviceAccountClientId: 'zync',
      clientRoles: { 'realm-management': ['view-clients'] },
    }]);
  });

  test('GIVEN groups and a member WHEN synthesized THEN groups have paths and the user joins by path', () => {
    const { object } = synth({ groups: [{ name: 'team', realmRoles: ['user'] }], users: [{ username: 'ann', groups: ['team'] }] });
    expect(object.spec.realm.groups).toEqual([{ name: 'team', path: '/team', realmRoles: ['user'] }]);
    expect(object.spec.realm.users).toEqual([{ username: 'ann', enabled: true, groups: ['/team'] }]);
  });

  test('GIVEN session lifespans WHEN synthesized THEN they are set on the realm', () => {
    const { object } = synth({ ssoSessionIdleTimeout: 600, ssoSessionMaxLifespan: 3600 });
    expect([object.spec.realm.ssoSessionIdleTimeout, object.spec.realm.ssoSessionMaxLifespan]).toEqual([600, 3600]);
  });

  test('GIVEN a base URL WHEN constructed THEN issuer and token URLs are under /realms/<name>', () => {
    const { realmImport } = synth();
    expect([realmImport.issuerUrl, realmImport.tokenUrl]).toEqual([
      'https://kc/realms/ai-realm',
      'https://kc/realms/ai-realm/protocol/openid-connect/token',
    ]);
  });

  test('GIVEN a client id with digits and dashes WHEN named THEN the placeholder is an environment variable name', () => {
    expect(placeholderName('3scale-zync')).toBe('CLIENT_SECRET_3SCALE_ZYNC');
  });
});
