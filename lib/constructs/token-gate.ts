import { Construct } from 'constructs';
import { k8s } from '../k8s';
import { stringify } from 'yaml';
import { CA_INJECTION } from '../upstream/controller-effects';

/** Where a token gate fetches the realm's signing keys (JWKS), and how it trusts that server. */
export interface TokenGateJwks {
  /** The JWKS URL, e.g. `https://keycloak.sso.svc:8443/auth/realms/ai-realm/protocol/openid-connect/certs`. */
  readonly url: string;
  /**
   * `service-ca`: the server's certificate is issued by OpenShift's service CA (RH-SSO's `keycloak` Service);
   * `none`: plain HTTP inside the cluster (RHBK without a TLS Secret serves HTTP only).
   */
  readonly tls: 'service-ca' | 'none';
}

/** Properties for `TokenGate`. */
export interface TokenGateProps {
  /** Name of the model it protects; the gate's objects are named `<name>-token-gate`. */
  readonly name: string;
  /** Namespace of the model. */
  readonly namespace: string;
  /** In-cluster URL of the predictor Service, e.g. `http://granite-predictor.models.svc.cluster.local`. */
  readonly upstreamUrl: string;
  /** Issuer URL of the realm whose tokens are accepted (the `iss` claim), e.g. `https://sso.example.com/realms/ai-realm`. */
  readonly issuerUrl: string;
  /** Envoy image, pinned by digest. */
  readonly image: string;
  /**
   * Where to fetch the realm's keys. In-cluster, so that the router's certificate (not in the cluster's trusted
   * bundle on clusters with the default ingress certificate) is never in the way.
   *
   * @default - `<issuerUrl>/protocol/openid-connect/certs`, verified with the cluster's trusted CA bundle
   */
  readonly jwks?: TokenGateJwks;
  /**
   * Seconds the gate waits for the predictor; the Route in front carries the same timeout.
   *
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * `reencrypt`: the gate serves HTTPS on 8443 with the cluster's service-serving certificate, for a reencrypt
   * Route. `edge`: the gate serves plain HTTP on 8080, for an edge Route.
   *
   * @default "reencrypt"
   */
  readonly tlsTermination?: 'reencrypt' | 'edge';
  /**
   * Replicas of the gate.
   *
   * @default 2
   */
  readonly replicas?: number;
}

/** Labels of every token gate's pods; the namespace's NetworkPolicy admits the router to these pods only. */
export const TOKEN_GATE_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/component': 'token-gate' };

const TLS_DIR = '/etc/tls';
const CA_DIR = '/etc/trusted-ca';
const SERVICE_CA_DIR = '/etc/service-ca';

/**
 * A token check in front of a routed model: an Envoy proxy that forwards a request to the predictor only when
 * it carries a valid access token of the realm (`Authorization: Bearer`; signature checked against the realm's
 * JWKS, issuer and expiry checked); anything else gets 401. OpenShift AI's own `enable-auth` accepts only
 * tokens of the OpenShift API server, not the realm's.
 */
export class TokenGate extends Construct {
  /** Service name the Route points at. */
  public readonly serviceName: string;
  /** Port the gate listens on: 8443 (HTTPS) for reencrypt, 8080 (HTTP) for edge. */
  public readonly port: number;
  /** Labels of the gate's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: TokenGateProps) {
    super(scope, id);
    const tlsTermination = props.tlsTermination ?? 'reencrypt';
    const replicas = props.replicas ?? 2;
    const name = `${props.name}-token-gate`;
    const tls = tlsTermination === 'reencrypt';
    this.serviceName = name;
    this.port = tls ? 8443 : 8080;
    this.podLabels = { ...TOKEN_GATE_POD_LABELS, 'app.kubernetes.io/instance': props.name };

    const timeoutSeconds = props.timeoutSeconds ?? 600;
    const upstream = new URL(props.upstreamUrl);
    const jwks = props.jwks ?? { url: `${props.issuerUrl}/protocol/openid-connect/certs`, tls: 'trusted-bundle' as const };
    const jwksUrl = new URL(jwks.url);
    const metadata = (objectName: string) => ({ name: objectName, namespace: props.namespace, labels: { ...this.podLabels } });

    new k8s.KubeConfigMap(this, 'Config', {
      metadata: metadata(name),
      data: {
        'envoy.yaml': stringify(
          envoyConfig({
            port: this.port,
            tls,
            upstreamHost: upstream.hostname,
            upstreamPort: Number(upstream.port || (upstream.protocol === 'https:' ? 443 : 80)),
            issuerUrl: props.issuerUrl,
            timeoutSeconds,
            jwksUrl: jwks.url,
            jwksHost: jwksUrl.hostname,
            jwksPort: Number(jwksUrl.port || (jwksUrl.protocol === 'https:' ? 443 : 80)),
            jwksCaFile: jwks.tls === 'none'
              ? undefined
              : jwks.tls === 'service-ca' ? `${SERVICE_CA_DIR}/${CA_INJECTION.serviceCA.key}` : `${CA_DIR}/${CA_INJECTION.trustedBundle.key}`,
          }),
          { lineWidth: 0 },
        ),
      },
    });

    const volumes: k8s.Volume[] = [{ name: 'config', configMap: { name } }];
    const volumeMounts: k8s.VolumeMount[] = [{ name: 'config', mountPath: '/etc/envoy', readOnly: true }];
    if (jwks.tls === 'trusted-bundle') {
      // The cluster's trusted CA bundle, injected by OpenShift, to verify the realm's public certificate.
      const caName = `${name}-trusted-ca`;
      new k8s.KubeConfigMap(this, 'TrustedCA', {
        metadata: { ...metadata(caName), labels: { ...this.podLabels, [CA_INJECTION.trustedBundle.label]: 'true' } },
      });
      volumes.push({ name: 'trusted-ca', configMap: { name: caName } });
      volumeMounts.push({ name: 'trusted-ca', mountPath: CA_DIR, readOnly: true });
    } else if (jwks.tls === 'service-ca') {
      // The service CA, injected by OpenShift's service-ca operator as `service-ca.crt`, to verify Keycloak's
      // in-cluster certificate (the token is never sent there: only the public keys are fetched).
      const caName = `${name}-service-ca`;
      new k8s.KubeConfigMap(this, 'ServiceCA', {
        metadata: { ...metadata(caName), annotations: { [CA_INJECTION.serviceCA.annotation]: 'true' } },
      });
      volumes.push({ name: 'service-ca', configMap: { name: caName } });
      volumeMounts.push({ name: 'service-ca', mountPath: SERVICE_CA_DIR, readOnly: true });
    }
    if (tls) {
      volumes.push({ name: 'tls', secret: { secretName: `${name}-tls` } });
      volumeMounts.push({ name: 'tls', mountPath: TLS_DIR, readOnly: true });
    }

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: metadata(name),
      spec: {
        replicas,
        selector: { matchLabels: { ...this.podLabels } },
        template: {
          metadata: { labels: { ...this.podLabels } },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: 'envoy',
                image: props.image,
                command: ['envoy'],
                args: ['--config-path', '/etc/envoy/envoy.yaml', '--log-level', 'warn'],
                ports: [{ name: tls ? 'https' : 'http', containerPort: this.port, protocol: 'TCP' }],
                readinessProbe: { tcpSocket: { port: k8s.IntOrString.fromNumber(this.port) }, periodSeconds: 10 },
                resources: {
                  requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('128Mi') },
                  limits: { cpu: k8s.Quantity.fromString('1'), memory: k8s.Quantity.fromString('256Mi') },
                },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  runAsNonRoot: true,
                  capabilities: { drop: ['ALL'] },
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                volumeMounts,
              },
            ],
            volumes,
          },
        },
      },
    });

    new k8s.KubeService(this, 'Service', {
      metadata: {
        ...metadata(name),
        // OpenShift's service CA issues the certificate the reencrypt Route trusts.
        annotations: tls ? { 'service.beta.openshift.io/serving-cert-secret-name': `${name}-tls` } : undefined,
      },
      spec: {
        selector: { ...this.podLabels },
        ports: [{ name: tls ? 'https' : 'http', port: this.port, targetPort: k8s.IntOrString.fromNumber(this.port), protocol: 'TCP' }],
      },
    });
  }
}

interface EnvoyConfigOptions {
  readonly port: number;
  readonly tls: boolean;
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  readonly issuerUrl: string;
  readonly timeoutSeconds: number;
  readonly jwksUrl: string;
  readonly jwksHost: string;
  readonly jwksPort: number;
  /** CA file that verifies the JWKS server; none for plain HTTP. */
  readonly jwksCaFile?: string;
}

/** Envoy's static configuration: one listener with JWT authentication, the predictor and the realm as clusters. */
function envoyConfig(o: EnvoyConfigOptions): unknown {
  const cluster = (name: string, host: string, port: number) => ({
    name,
    type: 'STRICT_DNS',
    connect_timeout: '5s',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } } }] }] },
  });
  const httpConnectionManager = {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: {
      '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
      stat_prefix: 'model',
      route_config: {
        name: 'model',
        // LLM completions can take minutes.
        virtual_hosts: [{ name: 'model', domains: ['*'], routes: [{ match: { prefix: '/' }, route: { cluster: 'predictor', timeout: `${o.timeoutSeconds}s` } }] }],
      },
      http_filters: [
        {
          name: 'envoy.filters.http.jwt_authn',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication',
            providers: {
              realm: {
                issuer: o.issuerUrl,
                remote_jwks: {
                  http_uri: { uri: o.jwksUrl, cluster: 'realm', timeout: '5s' },
                  cache_duration: '300s',
                  async_fetch: {},
                },
                // The predictor and the gateway's logs may use the caller's identity.
                forward: true,
              },
            },
            rules: [{ match: { prefix: '/' }, requires: { provider_name: 'realm' } }],
          },
        },
        { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
      ],
    },
  };
  const tlsTransport = (type: 'Downstream' | 'Upstream', context: Record<string, unknown>) => ({
    name: 'envoy.transport_sockets.tls',
    typed_config: { '@type': `type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.${type}TlsContext`, ...context },
  });
  return {
    static_resources: {
      listeners: [
        {
          name: 'model',
          address: { socket_address: { address: '0.0.0.0', port_value: o.port } },
          filter_chains: [
            {
              filters: [httpConnectionManager],
              ...(o.tls
                ? {
                    transport_socket: tlsTransport('Downstream', {
                      common_tls_context: {
                        tls_certificates: [{ certificate_chain: { filename: `${TLS_DIR}/tls.crt` }, private_key: { filename: `${TLS_DIR}/tls.key` } }],
                      },
                    }),
                  }
                : {}),
            },
          ],
        },
      ],
      clusters: [
        cluster('predictor', o.upstreamHost, o.upstreamPort),
        {
          ...cluster('realm', o.jwksHost, o.jwksPort),
          ...(o.jwksCaFile === undefined
            ? {}
            : {
              transport_socket: tlsTransport('Upstream', {
                sni: o.jwksHost,
                common_tls_context: {
                  validation_context: {
                    trusted_ca: { filename: o.jwksCaFile },
                    match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: o.jwksHost } }],
                  },
                },
              }),
            }),
        },
      ],
    },
  };
}
