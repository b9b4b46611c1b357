import { audienceMapper, clientSecretName, confidentialClient, toDnsLabelPart } from '../../lib/constructs/keycloak-representations';

describe('confidentialClient', () => {
  test('GIVEN only a client id WHEN built THEN it is confidential with client credentials only', () => {
    expect(confidentialClient({ clientId: 'c' })).toEqual({
      clientId: 'c',
      enabled: true,
      protocol: 'openid-connect',
      publicClient: false,
      clientAuthenticatorType: 'client-secret',
      serviceAccountsEnabled: true,
      standardFlowEnabled: false,
      directAccessGrantsEnabled: false,
      implicitFlowEnabled: false,
    });
  });

  test('GIVEN an audience WHEN built THEN its only protocol mapper is the audience mapper', () => {
    expect(confidentialClient({ clientId: 'c', audience: 'models' }).protocolMappers).toEqual([audienceMapper('models')]);
  });

  test('GIVEN any client WHEN built THEN it has no secret field', () => {
    expect(Object.keys(confidentialClient({ clientId: 'c', audience: 'a', redirectUris: ['https://a'] }))).not.toContain('secret');
  });
});

describe('audienceMapper', () => {
  test('GIVEN an audience WHEN built THEN the access token carries it and the ID token does not', () => {
    expect(audienceMapper('models')).toEqual({
      name: 'audience',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-audience-mapper',
      config: { 'included.custom.audience': 'models', 'access.token.claim': 'true', 'id.token.claim': 'false' },
    });
  });
});

describe('names', () => {
  test('GIVEN a client resource name WHEN asked THEN the Secret is keycloak-client-secret-<name>', () => {
    expect(clientSecretName('ai-client')).toBe('keycloak-client-secret-ai-client');
  });

  test('GIVEN a username with dots and underscores WHEN made a name part THEN it is a lowercase DNS label part', () => {
    expect(toDnsLabelPart('Mary.O_Brien')).toBe('mary-o-brien');
  });
});
