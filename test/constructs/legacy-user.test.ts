import { Testing } from 'cdk8s';
import { LegacyUser } from '../../lib/constructs/legacy-user';

describe('LegacyUser', () => {
  test('GIVEN a user WHEN synthesized THEN a KeycloakUser <realm>-<username> without credentials selects the realm', () => {
    const chart = Testing.chart();
    new LegacyUser(chart, 'User', { namespace: 'sso', realm: 'ai-realm', realmSelector: { realm: 'ai-realm' }, username: 'Ann.Lee', realmRoles: ['user'] });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'keycloak.org/v1alpha1',
      kind: 'KeycloakUser',
      metadata: { name: 'ai-realm-ann-lee', namespace: 'sso', labels: { realm: 'ai-realm' } },
      spec: {
        realmSelector: { matchLabels: { realm: 'ai-realm' } },
        user: { username: 'Ann.Lee', enabled: true, realmRoles: ['user'] },
      },
    }]);
  });
});
