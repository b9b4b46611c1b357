import { Construct } from 'constructs';
import {
  Route,
  RouteSpecTlsInsecureEdgeTerminationPolicy,
  RouteSpecTlsTermination,
  RouteSpecToKind,
} from '../../imports/openshift-route-route.openshift.io';
import { APICAST_SERVICES } from '../upstream/apicast';
import { ROUTER_TIMEOUT_ANNOTATION } from '../upstream/controller-effects';

/** Properties for `GatewayRoute`. */
export interface GatewayRouteProps {
  /** Route name. */
  readonly name: string;
  /** Namespace of the APIManager (and of its APIcast Services). */
  readonly namespace: string;
  /** Public URL of the gateway, e.g. `https://iris-api.apps.example.com`; its host becomes the Route's host. */
  readonly publicBaseURL: string;
  /** Which gateway: `staging` (`apicast-staging`) or `production` (`apicast-production`). */
  readonly gateway: 'staging' | 'production';
  /**
   * Seconds the router lets a request run (`haproxy.router.openshift.io/timeout`); the router's default is 30 s.
   *
   * @default 30
   */
  readonly timeoutSeconds?: number;
}

/**
 * An OpenShift Route for a self-managed APIcast's public URL, TLS terminated at the router (edge), HTTP
 * redirected: what zync renders for hosted APIcast only (3scale/zync app/services/integration/kubernetes_service.rb
 * `persist_proxy?` is `deployment_option == 'hosted'`), so a Product with `apicastSelfManaged` has no Route
 * unless one is rendered here. Same shape as zync's: Service `apicast-<gateway>`, target port `gateway`, edge.
 */
export class GatewayRoute extends Construct {
  /** Route name. */
  public readonly name: string;
  /** Public host. */
  public readonly host: string;
  /** Service the Route leads to. */
  public readonly serviceName: string;

  constructor(scope: Construct, id: string, props: GatewayRouteProps) {
    super(scope, id);
    const timeoutSeconds = props.timeoutSeconds ?? 30;
    const url = new URL(props.publicBaseURL);
    if (url.protocol !== 'https:') {
      throw new Error(`GatewayRoute ${props.namespace}/${props.name}: publicBaseURL ${JSON.stringify(props.publicBaseURL)} is not https; the Route terminates TLS, use an https URL`);
    }
    this.name = props.name;
    this.host = url.hostname;
    this.serviceName = APICAST_SERVICES[props.gateway];

    new Route(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        // The router cuts a request after 30 s unless told otherwise; a generation may take minutes.
        annotations: { [ROUTER_TIMEOUT_ANNOTATION]: `${timeoutSeconds}s` },
      },
      spec: {
        host: this.host,
        to: { kind: RouteSpecToKind.SERVICE, name: this.serviceName, weight: 100 },
        port: { targetPort: APICAST_SERVICES.port },
        tls: {
          termination: RouteSpecTlsTermination.EDGE,
          insecureEdgeTerminationPolicy: RouteSpecTlsInsecureEdgeTerminationPolicy.REDIRECT,
        },
      },
    });
  }
}
