import { Testing } from 'cdk8s';
import { ThreescaleDeveloperAccount } from '../../lib/constructs/threescale-developer-account';

function render() {
  const chart = Testing.chart();
  const account = new ThreescaleDeveloperAccount(chart, 'Consumer', {
    name: 'ai-client', namespace: 'apim', orgName: 'AI team', adminEmail: 'ai@example.com', providerAccountSecretName: 'tenant',
  });
  const objects = Testing.synth(chart);
  return { account, objects, of: (kind: string) => objects.filter((o) => o.kind === kind) };
}

describe('ThreescaleDeveloperAccount', () => {
  test('GIVEN a consumer WHEN rendered THEN an account, its admin user and the user\'s generated password', () => {
    expect(render().objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'DeveloperAccount/ai-client', 'DeveloperUser/ai-client', 'ExternalSecret/ai-client-password', 'Password/ai-client-password',
    ]);
  });

  test('the account carries the organisation and the tenant Secret', () => {
    expect(render().of('DeveloperAccount')[0].spec).toEqual({ orgName: 'AI team', providerAccountRef: { name: 'tenant' } });
  });

  test('the admin user belongs to the account: the operator signs an account up only with an admin user', () => {
    const { account, of } = render();
    expect(of('DeveloperUser')[0].spec).toEqual({
      developerAccountRef: { name: 'ai-client' },
      username: 'ai-client',
      email: 'ai@example.com',
      role: 'admin',
      passwordCredentialsRef: { name: 'ai-client-password', namespace: 'apim' },
      providerAccountRef: { name: 'tenant' },
    });
    expect(account.admin.passwordSecretName).toBe('ai-client-password');
  });

  test('the password is generated under the key the operator reads ("password") and written once', () => {
    const externalSecret = render().of('ExternalSecret')[0];
    expect(Object.keys(externalSecret.spec.target.template.data)).toEqual(['password']);
    expect(externalSecret.spec.refreshPolicy).toBe('CreatedOnce');
  });
});
