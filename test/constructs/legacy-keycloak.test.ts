import { Testing } from 'cdk8s';
import { LegacyKeycloak } from '../../lib/constructs/legacy-keycloak';

const base = { name: 'keycloak', namespace: 'sso', appsDomain: 'apps.example.com' };

describe('LegacyKeycloak', () => {
  test('GIVEN defaults WHEN synthesized THEN one managed instance with a Route, labelled for realm selection', () => {
    const chart = Testing.chart();
    new LegacyKeycloak(chart, 'Keycloak', base);
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'keycloak.org/v1alpha1',
      kind: 'Keycloak',
      metadata: { name: 'keycloak', namespace: 'sso', labels: { app: 'keycloak' } },
      spec: { instances: 1, externalAccess: { enabled: true } },
    }]);
  });

  test('GIVEN a managed instance WHEN constructed THEN baseUrl is the operator Route host with /auth', () => {
    expect(new LegacyKeycloak(Testing.chart(), 'Keycloak', base).baseUrl).toBe('https://keycloak-sso.apps.example.com/auth');
  });

  test('GIVEN an externalUrl with /auth WHEN synthesized THEN an unmanaged resource points at its origin and context root', () => {
    const chart = Testing.chart();
    const keycloak = new LegacyKeycloak(chart, 'Keycloak', { ...base, externalUrl: 'https://sso.corp.example.com/auth' });
    expect(Testing.synth(chart)[0].spec).toEqual({
      unmanaged: true,
      external: { enabled: true, url: 'https://sso.corp.example.com', contextRoot: '/auth/' },
    });
    expect(keycloak.baseUrl).toBe('https://sso.corp.example.com/auth');
    expect(keycloak.managed).toBe(false);
  });

  test('GIVEN a name WHEN constructed THEN selectorLabels match the resource labels and the admin Secret is credential-<name>', () => {
    const chart = Testing.chart();
    const keycloak = new LegacyKeycloak(chart, 'Keycloak', { ...base, name: 'maas' });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual(keycloak.selectorLabels);
    expect(keycloak.adminSecretName).toBe('credential-maas');
  });
});
