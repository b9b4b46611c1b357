import { App, Testing } from 'cdk8s';
import { IdentityChart } from '../../lib/charts/identity';
import { identity as identitySchema, type Identity } from '../../lib/config/identity';

const operator = { namespace: 'kc', name: 'op', channel: 'stable' };

/** An RHBK instance needs a database; these tests use an existing one unless they say otherwise. */
const database = { host: 'pg.example.com', credentialsSecret: 'kc-db' };

function chartFor(section: Record<string, unknown>) {
  const keycloak = { ...(section.generation === 'rhbk' && !(section.keycloak as { externalUrl?: string } | undefined)?.externalUrl ? { database } : {}), ...(section.keycloak as object) };
  const identity: Identity = identitySchema.parse({ operator, ...section, keycloak });
  return new IdentityChart(new App(), 'identity', { identity, appsDomain: 'apps.example.com' });
}

function kinds(chart: IdentityChart): string[] {
  return Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`).sort();
}

describe('IdentityChart with generation rhbk', () => {
  test('GIVEN defaults WHEN synthesized THEN operator, Keycloak, one KeycloakRealmImport and the generated zync client Secret are rendered', () => {
    expect(kinds(chartFor({ generation: 'rhbk' }))).toEqual([
      'ExternalSecret/keycloak-client-secret-3scale-zync', 'Keycloak/keycloak', 'KeycloakRealmImport/ai-realm', 'Namespace/kc',
      'OperatorGroup/kc', 'Password/keycloak-client-secret-3scale-zync', 'Subscription/op',
    ]);
  });

  test('GIVEN defaults WHEN synthesized THEN the realm declares the gateway client only: zync writes the consumers\' clients', () => {
    const realmImport = Testing.synth(chartFor({ generation: 'rhbk' })).find((o) => o.kind === 'KeycloakRealmImport');
    expect(realmImport.spec.realm.clients.map((c: { clientId: string }) => c.clientId)).toEqual(['3scale-zync']);
  });

  test('GIVEN defaults WHEN synthesized THEN the placeholder of the zync client reads the Secret generated beside it', () => {
    const objects = Testing.synth(chartFor({ generation: 'rhbk' }));
    const realmImport = objects.find((o) => o.kind === 'KeycloakRealmImport');
    const generated = objects.find((o) => o.kind === 'ExternalSecret');
    expect(realmImport.spec.placeholders.CLIENT_SECRET_3SCALE_ZYNC.secret).toEqual({ name: generated.spec.target.name, key: 'CLIENT_SECRET' });
    expect(generated.spec.target.template.data).toEqual({ CLIENT_ID: '3scale-zync', CLIENT_SECRET: '{{ .password }}' });
  });

  test('GIVEN defaults WHEN synthesized THEN the outputs describe the realm, the gateway client and its Secret', () => {
    expect(chartFor({ generation: 'rhbk' }).outputs).toEqual({
      generation: 'rhbk',
      namespace: 'kc',
      realm: 'ai-realm',
      baseUrl: 'https://keycloak-kc.apps.example.com',
      issuerUrl: 'https://keycloak-kc.apps.example.com/realms/ai-realm',
      tokenUrl: 'https://keycloak-kc.apps.example.com/realms/ai-realm/protocol/openid-connect/token',
      gatewayClientId: '3scale-zync',
      gatewayClientSecretName: 'keycloak-client-secret-3scale-zync',
      // The RHBK operator's Service <name>-service serves HTTP on 8080 without a TLS Secret: the token gates fetch keys there.
      inClusterJwks: { url: 'http://keycloak-service.kc.svc:8080/realms/ai-realm/protocol/openid-connect/certs', tls: 'none' },
    });
  });

  test('GIVEN an externalUrl WHEN synthesized THEN no Keycloak is rendered and the realm import targets the existing one', () => {
    const chart = chartFor({ generation: 'rhbk', keycloak: { name: 'shared', externalUrl: 'https://sso.example.com' } });
    expect(kinds(chart)).not.toContain('Keycloak/shared');
    expect(Testing.synth(chart).find((o) => o.kind === 'KeycloakRealmImport').spec.keycloakCRName).toBe('shared');
    expect(chart.outputs.issuerUrl).toBe('https://sso.example.com/realms/ai-realm');
  });

  test('GIVEN a hostname WHEN synthesized THEN the base URL uses it', () => {
    expect(chartFor({ generation: 'rhbk', hostname: 'sso.example.com' }).outputs.baseUrl).toBe('https://sso.example.com');
  });

  test('GIVEN the gateway client WHEN synthesized THEN its service account holds the realm-management roles zync needs', () => {
    const realmImport = Testing.synth(chartFor({ generation: 'rhbk' })).find((o) => o.kind === 'KeycloakRealmImport');
    const zync = realmImport.spec.realm.users.find((u: { serviceAccountClientId?: string }) => u.serviceAccountClientId === '3scale-zync');
    expect(zync.clientRoles).toEqual({ 'realm-management': ['manage-clients', 'view-clients', 'query-clients'] });
  });
});

describe('IdentityChart with generation rhsso', () => {
  test('GIVEN defaults WHEN synthesized THEN operator, Keycloak, KeycloakRealm and the gateway\'s KeycloakClient are rendered', () => {
    expect(kinds(chartFor({ generation: 'rhsso' }))).toEqual([
      'Keycloak/keycloak', 'KeycloakClient/3scale-zync', 'KeycloakRealm/ai-realm',
      'Namespace/kc', 'OperatorGroup/kc', 'Subscription/op',
    ]);
  });

  test('GIVEN defaults WHEN synthesized THEN URLs carry /auth and Secrets are the ones the operator writes', () => {
    expect(chartFor({ generation: 'rhsso' }).outputs).toMatchObject({
      baseUrl: 'https://keycloak-kc.apps.example.com/auth',
      issuerUrl: 'https://keycloak-kc.apps.example.com/auth/realms/ai-realm',
      gatewayClientSecretName: 'keycloak-client-secret-3scale-zync',
    });
  });

  test('GIVEN the rendered objects WHEN labels are compared THEN the realm selects the Keycloak and the client selects the realm', () => {
    const objects = Testing.synth(chartFor({ generation: 'rhsso' }));
    const keycloak = objects.find((o) => o.kind === 'Keycloak');
    const realm = objects.find((o) => o.kind === 'KeycloakRealm');
    expect(realm.spec.instanceSelector.matchLabels).toEqual(keycloak.metadata.labels);
    for (const client of objects.filter((o) => o.kind === 'KeycloakClient')) {
      expect(client.spec.realmSelector.matchLabels).toEqual(realm.metadata.labels);
    }
  });

  test('GIVEN declared users WHEN synthesized THEN one KeycloakUser each', () => {
    const chart = chartFor({ generation: 'rhsso', realm: { users: [{ username: 'ann' }, { username: 'bob' }] } });
    expect(kinds(chart).filter((k) => k.startsWith('KeycloakUser/'))).toEqual(['KeycloakUser/ai-realm-ann', 'KeycloakUser/ai-realm-bob']);
  });
});

describe('IdentityChart: where token gates fetch the realm keys in the cluster', () => {
  test('GIVEN RH-SSO WHEN synthesized THEN the keys come from the keycloak Service on 8443, verified with the service CA (keycloak/keycloak-operator pkg/model/keycloak_service.go@4b9abfb)', () => {
    expect(chartFor({ generation: 'rhsso' }).outputs.inClusterJwks).toEqual({ url: 'https://keycloak.kc.svc:8443/auth/realms/ai-realm/protocol/openid-connect/certs', tls: 'service-ca' });
  });

  test('GIVEN an external Keycloak WHEN synthesized THEN there is no in-cluster address: the public issuer is used', () => {
    expect(chartFor({ generation: 'rhbk', keycloak: { externalUrl: 'https://sso.example.com' } }).outputs.inClusterJwks).toBeUndefined();
  });
});
