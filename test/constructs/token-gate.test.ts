import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { TokenGate, type TokenGateProps } from '../../lib/constructs/token-gate';

const MINIMAL: TokenGateProps = {
  name: 'granite',
  namespace: 'models',
  upstreamUrl: 'http://granite-predictor.models.svc.cluster.local',
  issuerUrl: 'https://sso.example.com/realms/ai-realm',
  image: 'docker.io/envoyproxy/envoy:v1.33.0@sha256:56da5afd7df364350ff92de4fb49a9b09957c17295f2899f0a31cd12c28770c2',
};

function render(props: Partial<TokenGateProps> = {}) {
  const chart = Testing.chart();
  const gate = new TokenGate(chart, 'Gate', { ...MINIMAL, ...props });
  const objects = Testing.synth(chart);
  const find = (kind: string, name = 'granite-token-gate') => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const envoy = parse(find('ConfigMap').data['envoy.yaml']);
  return { gate, objects, find, envoy };
}

describe('TokenGate defaults', () => {
  test('GIVEN only the required props WHEN rendered THEN it serves HTTPS on 8443 with the service CA certificate', () => {
    const { gate, find, envoy } = render();
    expect(gate.serviceName).toBe('granite-token-gate');
    expect(gate.port).toBe(8443);
    expect(find('Service').metadata.annotations).toEqual({ 'service.beta.openshift.io/serving-cert-secret-name': 'granite-token-gate-tls' });
    expect(envoy.static_resources.listeners[0].filter_chains[0].transport_socket.typed_config.common_tls_context.tls_certificates).toEqual([
      { certificate_chain: { filename: '/etc/tls/tls.crt' }, private_key: { filename: '/etc/tls/tls.key' } },
    ]);
  });

  test('GIVEN no replicas WHEN rendered THEN two gate pods run', () => {
    expect(render().find('Deployment').spec.replicas).toBe(2);
  });
});

describe('TokenGate', () => {
  test('GIVEN an issuer WHEN rendered THEN every request needs a token of that issuer, checked against its JWKS', () => {
    const filter = render().envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[0];
    expect(filter.name).toBe('envoy.filters.http.jwt_authn');
    expect(filter.typed_config.providers.realm.issuer).toBe('https://sso.example.com/realms/ai-realm');
    expect(filter.typed_config.providers.realm.remote_jwks.http_uri.uri).toBe('https://sso.example.com/realms/ai-realm/protocol/openid-connect/certs');
    expect(filter.typed_config.rules).toEqual([{ match: { prefix: '/' }, requires: { provider_name: 'realm' } }]);
  });

  test('GIVEN an issuer WHEN rendered THEN its TLS certificate is verified against the cluster\'s trusted CAs', () => {
    const { envoy, find } = render();
    const realm = envoy.static_resources.clusters.find((c: { name: string }) => c.name === 'realm');
    expect(realm.transport_socket.typed_config.sni).toBe('sso.example.com');
    expect(realm.transport_socket.typed_config.common_tls_context.validation_context.trusted_ca).toEqual({ filename: '/etc/trusted-ca/ca-bundle.crt' });
    expect(find('ConfigMap', 'granite-token-gate-trusted-ca').metadata.labels['config.openshift.io/inject-trusted-cabundle']).toBe('true');
  });

  test('GIVEN an upstream URL WHEN rendered THEN requests go to its host and port', () => {
    const predictor = render().envoy.static_resources.clusters.find((c: { name: string }) => c.name === 'predictor');
    expect(predictor.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({
      address: 'granite-predictor.models.svc.cluster.local',
      port_value: 80,
    });
  });

  test('GIVEN edge termination WHEN rendered THEN it serves plain HTTP on 8080 without a certificate', () => {
    const { gate, find, envoy } = render({ tlsTermination: 'edge' });
    expect(gate.port).toBe(8080);
    expect(find('Service').metadata.annotations).toBeUndefined();
    expect(envoy.static_resources.listeners[0].filter_chains[0].transport_socket).toBeUndefined();
  });

  test('GIVEN any props WHEN rendered THEN the gate runs without privileges or a service account token', () => {
    const pod = render().find('Deployment').spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('TokenGate: the realm keys from the in-cluster Keycloak Service (issue 15, item 7)', () => {
  const realmCluster = (envoy: any) => envoy.static_resources.clusters.find((c: { name: string }) => c.name === 'realm');
  const jwksUri = (envoy: any) => envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[0].typed_config.providers.realm.remote_jwks.http_uri.uri;

  test('GIVEN RH-SSO\'s keycloak Service WHEN rendered THEN the keys are fetched from it, verified with the service CA from an inject-cabundle ConfigMap, never through the router', () => {
    const { envoy, find, objects } = render({ jwks: { url: 'https://keycloak.sso.svc:8443/auth/realms/ai-realm/protocol/openid-connect/certs', tls: 'service-ca' } });
    expect(jwksUri(envoy)).toBe('https://keycloak.sso.svc:8443/auth/realms/ai-realm/protocol/openid-connect/certs');
    const cluster = realmCluster(envoy);
    expect(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: 'keycloak.sso.svc', port_value: 8443 });
    expect(cluster.transport_socket.typed_config.common_tls_context.validation_context.trusted_ca).toEqual({ filename: '/etc/service-ca/service-ca.crt' });
    expect(find('ConfigMap', 'granite-token-gate-service-ca').metadata.annotations).toEqual({ 'service.beta.openshift.io/inject-cabundle': 'true' });
    expect(objects.find((o) => o.metadata.name === 'granite-token-gate-trusted-ca')).toBeUndefined();
    // The issuer the tokens must carry stays the public one.
    expect(envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.http_filters[0].typed_config.providers.realm.issuer).toBe(MINIMAL.issuerUrl);
  });

  test('GIVEN RHBK serving HTTP in the cluster WHEN rendered THEN the keys are fetched in plain HTTP, without a TLS context', () => {
    const { envoy } = render({ jwks: { url: 'http://keycloak-service.kc.svc:8080/realms/ai-realm/protocol/openid-connect/certs', tls: 'none' } });
    const cluster = realmCluster(envoy);
    expect(cluster.load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: 'keycloak-service.kc.svc', port_value: 8080 });
    expect(cluster.transport_socket).toBeUndefined();
  });

  test('GIVEN no in-cluster address WHEN rendered THEN the public issuer is used with the trusted CA bundle', () => {
    const { envoy, find } = render();
    expect(jwksUri(envoy)).toBe(`${MINIMAL.issuerUrl}/protocol/openid-connect/certs`);
    expect(find('ConfigMap', 'granite-token-gate-trusted-ca')).toBeDefined();
  });
});
