import { Testing } from 'cdk8s';
import { GatewayRoute, type GatewayRouteProps } from '../../lib/constructs/gateway-route';

const PROPS: GatewayRouteProps = { name: 'iris-api-production', namespace: 'apim', publicBaseURL: 'https://iris-api.apps.example.com', gateway: 'production' };

function render(props: Partial<GatewayRouteProps> = {}) {
  const chart = Testing.chart();
  const route = new GatewayRoute(chart, 'Route', { ...PROPS, ...props });
  return { route, object: Testing.synth(chart)[0] };
}

describe('GatewayRoute', () => {
  test('GIVEN a production URL WHEN rendered THEN it is zync\'s shape: host, apicast-production, port gateway, edge with HTTP redirected', () => {
    const { object, route } = render();
    expect(route.serviceName).toBe('apicast-production');
    expect(object.spec).toEqual({
      host: 'iris-api.apps.example.com',
      to: { kind: 'Service', name: 'apicast-production', weight: 100 },
      port: { targetPort: 'gateway' },
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
    });
  });

  test('GIVEN the staging gateway WHEN rendered THEN it leads to apicast-staging', () => {
    expect(render({ gateway: 'staging' }).object.spec.to.name).toBe('apicast-staging');
  });

  test('GIVEN no timeout WHEN rendered THEN the router default of 30 s is written out', () => {
    expect(render().object.metadata.annotations).toEqual({ 'haproxy.router.openshift.io/timeout': '30s' });
  });

  test('fails when the public URL is not https', () => {
    expect(() => render({ publicBaseURL: 'http://iris-api.apps.example.com' })).toThrow(
      'GatewayRoute apim/iris-api-production: publicBaseURL "http://iris-api.apps.example.com" is not https; the Route terminates TLS, use an https URL',
    );
  });
});
