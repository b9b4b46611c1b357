import { Testing } from 'cdk8s';
import { IssuerEndpointSecret } from '../../lib/constructs/issuer-endpoint-secret';

const PROPS = {
  name: 'oidc-issuer-ai-realm',
  namespace: 'apim',
  issuerUrl: 'https://sso.example.com/auth/realms/ai-realm',
  clientId: '3scale-zync',
  sourceSecretName: 'keycloak-client-secret-3scale-zync',
  secretStoreRef: { kind: 'ClusterSecretStore' as const, name: 'identity' },
};

function render(props = PROPS) {
  const chart = Testing.chart();
  const secret = new IssuerEndpointSecret(chart, 'Issuer', props);
  const [object] = Testing.synth(chart);
  return { secret, object };
}

describe('IssuerEndpointSecret', () => {
  test('GIVEN an RH-SSO issuer URL WHEN rendered THEN the template keeps /auth and inserts the credentials', () => {
    const { object } = render();
    expect(object.spec.target.template.data).toEqual({
      issuerEndpoint: 'https://3scale-zync:{{ .clientSecret | urlquery }}@sso.example.com/auth/realms/ai-realm',
    });
  });

  test('reads the client secret from the identity Secret through the store', () => {
    const { object } = render();
    expect(object.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'identity' });
    expect(object.spec.data).toEqual([
      {
        secretKey: 'clientSecret',
        remoteRef: { key: 'keycloak-client-secret-3scale-zync', property: 'CLIENT_SECRET', conversionStrategy: 'Default', decodingStrategy: 'None', metadataPolicy: 'None' },
      },
    ]);
  });

  test('writes the Secret the Products refer to, in their namespace', () => {
    const { secret, object } = render();
    expect(secret.secretName).toBe('oidc-issuer-ai-realm');
    expect(object.spec.target.name).toBe('oidc-issuer-ai-realm');
    expect(object.metadata.namespace).toBe('apim');
  });

  test('escapes a client id that is not URL-safe', () => {
    const { object } = render({ ...PROPS, clientId: 'zync client' });
    expect(object.spec.target.template.data.issuerEndpoint).toMatch(/^https:\/\/zync%20client:/);
  });

  test('fails when the issuer URL already carries credentials', () => {
    expect(() => render({ ...PROPS, issuerUrl: 'https://a:b@sso.example.com/realms/ai' })).toThrow(
      'IssuerEndpointSecret oidc-issuer-ai-realm: issuerUrl "https://a:b@sso.example.com/realms/ai" is not an https URL without credentials; pass the realm\'s issuer URL, e.g. "https://keycloak.example.com/realms/ai-realm"',
    );
  });

  test('fails when the issuer URL is not https', () => {
    expect(() => render({ ...PROPS, issuerUrl: 'http://sso.example.com/realms/ai' })).toThrow('issuerUrl "http://sso.example.com/realms/ai" is not an https URL');
  });
});
