import { Testing } from 'cdk8s';
import { KeycloakInstance } from '../../lib/constructs/keycloak-instance';

const database = { host: 'pg', credentialsSecret: 'kc-db' };
const base = { name: 'keycloak', namespace: 'kc', hostname: 'sso.apps.example.com', database };

describe('KeycloakInstance', () => {
  test('GIVEN defaults WHEN synthesized THEN one instance serves HTTP behind an edge-terminated Route', () => {
    const chart = Testing.chart();
    new KeycloakInstance(chart, 'Keycloak', base);
    const [keycloak] = Testing.synth(chart);
    expect(keycloak).toEqual({
      apiVersion: 'k8s.keycloak.org/v2alpha1',
      kind: 'Keycloak',
      metadata: { name: 'keycloak', namespace: 'kc' },
      spec: {
        instances: 1,
        hostname: { hostname: 'sso.apps.example.com' },
        proxy: { headers: 'xforwarded' },
        http: { httpEnabled: true },
        ingress: { enabled: true, annotations: { 'route.openshift.io/termination': 'edge' } },
        db: { vendor: 'postgres', host: 'pg', database: 'keycloak', usernameSecret: { name: 'kc-db', key: 'username' }, passwordSecret: { name: 'kc-db', key: 'password' } },
      },
    });
  });

  test('GIVEN a tlsSecret WHEN synthesized THEN Keycloak serves that certificate and the Route passes TLS through', () => {
    const chart = Testing.chart();
    new KeycloakInstance(chart, 'Keycloak', { ...base, tlsSecret: 'kc-tls' });
    const [keycloak] = Testing.synth(chart);
    expect(keycloak.spec.http).toEqual({ tlsSecret: 'kc-tls' });
    expect(keycloak.spec.ingress.annotations).toEqual({ 'route.openshift.io/termination': 'passthrough' });
  });

  test('GIVEN a database WHEN synthesized THEN credentials come from the named Secret, postgres by default', () => {
    const chart = Testing.chart();
    new KeycloakInstance(chart, 'Keycloak', { ...base, database: { host: 'pg', credentialsSecret: 'kc-db' } });
    expect(Testing.synth(chart)[0].spec.db).toEqual({
      vendor: 'postgres',
      host: 'pg',
      database: 'keycloak',
      usernameSecret: { name: 'kc-db', key: 'username' },
      passwordSecret: { name: 'kc-db', key: 'password' },
    });
  });

  test('GIVEN the defaults WHEN constructed THEN baseUrl is https on the host name, without /auth', () => {
    const instance = new KeycloakInstance(Testing.chart(), 'Keycloak', base);
    expect(instance.baseUrl).toBe('https://sso.apps.example.com');
  });

  // keycloak/keycloak KeycloakRealmImportJobDependentResource.java@0429ece8: the realm import Job writes to
  // Keycloak's database; without spec.db, to its own throwaway copy.
  test('fails when a rendered instance has no database', () => {
    expect(() => new KeycloakInstance(Testing.chart(), 'Keycloak', { name: 'keycloak', namespace: 'kc', hostname: 'sso.apps.example.com' })).toThrow(
      'KeycloakInstance keycloak: a database is required; pass database (an existing one) or postgres (a small one rendered with it)',
    );
  });

  test('GIVEN postgres WHEN synthesized THEN Keycloak uses the PostgreSQL rendered with it, its credentials generated in the cluster', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new KeycloakInstance(chart, 'Keycloak', { name: 'keycloak', namespace: 'kc', hostname: 'sso.apps.example.com', postgres: {} });

    // THEN
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'Deployment keycloak-postgres', 'ExternalSecret keycloak-postgres-credentials', 'Keycloak keycloak',
      'Password keycloak-postgres-credentials', 'PersistentVolumeClaim keycloak-postgres', 'Service keycloak-postgres',
    ]);
    expect(objects.find((o) => o.kind === 'Keycloak').spec.db).toEqual({
      vendor: 'postgres', host: 'keycloak-postgres', port: 5432, database: 'keycloak',
      usernameSecret: { name: 'keycloak-postgres-credentials', key: 'username' },
      passwordSecret: { name: 'keycloak-postgres-credentials', key: 'password' },
    });
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('GIVEN an externalUrl WHEN synthesized THEN nothing is rendered and baseUrl is that URL', () => {
    const chart = Testing.chart();
    const instance = new KeycloakInstance(chart, 'Keycloak', { ...base, externalUrl: 'https://sso.corp.example.com/' });
    expect(Testing.synth(chart)).toEqual([]);
    expect(instance.baseUrl).toBe('https://sso.corp.example.com');
    expect(instance.rendered).toBe(false);
  });

  test('GIVEN a name WHEN constructed THEN the initial admin Secret is <name>-initial-admin', () => {
    expect(new KeycloakInstance(Testing.chart(), 'Keycloak', base).initialAdminSecretName).toBe('keycloak-initial-admin');
  });
});
