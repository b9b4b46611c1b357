import { Testing } from 'cdk8s';
import { ThreescaleApplication } from '../../lib/constructs/threescale-application';
import { ThreescaleDeveloperUser } from '../../lib/constructs/threescale-developer-user';

describe('ThreescaleApplication', () => {
  test('GIVEN an account, a Product and a plan WHEN rendered THEN one Application referring to them by name', () => {
    const chart = Testing.chart();
    new ThreescaleApplication(chart, 'App', {
      name: 'ai-client.iris', namespace: 'apim', accountName: 'ai-client', productName: 'iris-api',
      applicationPlanName: 'basic', applicationName: 'ai-client.iris', description: 'AI team on iris-api',
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'capabilities.3scale.net/v1beta1',
      kind: 'Application',
      metadata: { name: 'ai-client.iris', namespace: 'apim' },
      spec: {
        accountCR: { name: 'ai-client' },
        productCR: { name: 'iris-api' },
        applicationPlanName: 'basic',
        name: 'ai-client.iris',
        description: 'AI team on iris-api',
      },
    }]);
  });
});

describe('ThreescaleDeveloperUser', () => {
  test('GIVEN no role WHEN rendered THEN the user is an admin', () => {
    const chart = Testing.chart();
    new ThreescaleDeveloperUser(chart, 'User', {
      name: 'bob', namespace: 'apim', developerAccountName: 'team', username: 'bob', email: 'bob@example.com', providerAccountSecretName: 'tenant',
    });
    expect(Testing.synth(chart).find((o) => o.kind === 'DeveloperUser').spec.role).toBe('admin');
  });

  test('GIVEN role member WHEN rendered THEN the user is a member', () => {
    const chart = Testing.chart();
    new ThreescaleDeveloperUser(chart, 'User', {
      name: 'bob', namespace: 'apim', developerAccountName: 'team', username: 'bob', email: 'bob@example.com', role: 'member', providerAccountSecretName: 'tenant',
    });
    expect(Testing.synth(chart).find((o) => o.kind === 'DeveloperUser').spec.role).toBe('member');
  });
});
