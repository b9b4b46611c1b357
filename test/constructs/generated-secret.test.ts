import { Testing } from 'cdk8s';
import { GeneratedSecret } from '../../lib/constructs/generated-secret';

describe('GeneratedSecret', () => {
  function render(props: Partial<ConstructorParameters<typeof GeneratedSecret>[2]> = {}) {
    const chart = Testing.chart();
    const secret = new GeneratedSecret(chart, 'Db', { name: 'keycloak-db', namespace: 'maas-sso', key: 'password', ...props });
    return { secret, objects: Testing.synth(chart) };
  }

  test('GIVEN a name and key WHEN rendered THEN a Password generator and an ExternalSecret that writes it once', () => {
    const { secret, objects } = render({ literals: { username: 'keycloak' } });
    expect(objects.map((o) => o.kind)).toEqual(['Password', 'ExternalSecret']);
    const [generator, external] = objects;
    expect(generator.apiVersion).toBe('generators.external-secrets.io/v1alpha1');
    expect(generator.spec).toEqual({ length: 32, digits: 8, symbols: 0, noUpper: false, allowRepeat: true });
    expect(external.spec.refreshPolicy).toBe('CreatedOnce');
    expect(external.spec.dataFrom).toEqual([
      { sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'keycloak-db' } } },
    ]);
    expect(external.spec.target.template.data).toEqual({ username: 'keycloak', password: '{{ .password }}' });
    expect(external.spec.target.deletionPolicy).toBe('Retain');
    expect([secret.secretName, secret.key]).toEqual(['keycloak-db', 'password']);
  });

  test('length defaults to 32 and can be set', () => {
    expect(render({ length: 20 }).objects[0].spec).toMatchObject({ length: 20, digits: 5 });
  });
});
