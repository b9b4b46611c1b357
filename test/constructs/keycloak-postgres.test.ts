import { Testing } from 'cdk8s';
import { DEV_POSTGRES_IMAGE } from '../../lib/config/identity';
import { KeycloakPostgres } from '../../lib/constructs/keycloak-postgres';

function render(props: { image?: string; storage?: string } = {}) {
  const chart = Testing.chart();
  const postgres = new KeycloakPostgres(chart, 'Postgres', { name: 'keycloak-postgres', namespace: 'kc', ...props });
  return { postgres, objects: Testing.synth(chart) };
}

describe('KeycloakPostgres', () => {
  test('GIVEN defaults WHEN rendered THEN one pod on a 1Gi volume, the pinned image, a Service on 5432', () => {
    const { postgres, objects } = render();
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(deployment.spec.template.spec.containers[0].image).toBe(DEV_POSTGRES_IMAGE);
    expect(DEV_POSTGRES_IMAGE).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(objects.find((o) => o.kind === 'PersistentVolumeClaim').spec.resources.requests.storage).toBe('1Gi');
    expect(objects.find((o) => o.kind === 'Service').spec.ports).toEqual([{ name: 'postgresql', port: 5432, targetPort: 5432 }]);
    expect({ host: postgres.host, port: postgres.port, database: postgres.database }).toEqual({ host: 'keycloak-postgres', port: 5432, database: 'keycloak' });
  });

  test('GIVEN defaults WHEN rendered THEN the credentials are generated in the cluster, written once, and no Secret is rendered', () => {
    const { postgres, objects } = render();
    const externalSecret = objects.find((o) => o.kind === 'ExternalSecret');
    expect(postgres.credentialsSecret).toBe('keycloak-postgres-credentials');
    expect(externalSecret.spec.refreshPolicy).toBe('CreatedOnce');
    expect(Object.keys(externalSecret.spec.target.template.data).sort()).toEqual(['password', 'username']);
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const env = objects.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0].env;
    expect(env).toEqual([
      { name: 'POSTGRESQL_USER', valueFrom: { secretKeyRef: { name: 'keycloak-postgres-credentials', key: 'username' } } },
      { name: 'POSTGRESQL_PASSWORD', valueFrom: { secretKeyRef: { name: 'keycloak-postgres-credentials', key: 'password' } } },
      { name: 'POSTGRESQL_DATABASE', value: 'keycloak' },
    ]);
  });

  test('GIVEN a storage size WHEN rendered THEN the volume has it', () => {
    expect(render({ storage: '5Gi' }).objects.find((o) => o.kind === 'PersistentVolumeClaim').spec.resources.requests.storage).toBe('5Gi');
  });
});
