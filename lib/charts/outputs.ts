/**
 * What one chart hands to another. main.ts builds the charts in order and passes these values along, so a
 * name (an issuer URL, a Secret, a model URL) is computed once, by the construct that owns it, and can never
 * disagree between the objects that use it.
 */

/** What the identity chart provides to the gateway. */
export interface IdentityOutputs {
  /** Which Keycloak operator manages the realm. */
  readonly generation: 'rhbk' | 'rhsso';
  /** Namespace of Keycloak and its realm and client resources. */
  readonly namespace: string;
  /** Public base URL of Keycloak, e.g. `https://keycloak.apps.example.com` (RH-SSO: with `/auth`). */
  readonly baseUrl: string;
  /** The realm's issuer URL, `<baseUrl>/realms/<realm>`; the `iss` claim of every token. */
  readonly issuerUrl: string;
  /** Realm name. */
  readonly realm: string;
  /** `<issuerUrl>/protocol/openid-connect/token`: where API consumers get tokens (client credentials grant). */
  readonly tokenUrl: string;
  /** Client id 3scale uses to manage clients in the realm. */
  readonly gatewayClientId: string;
  /**
   * Secret (in `namespace`, keys `CLIENT_ID`, `CLIENT_SECRET`) that holds the gateway client's credentials:
   * written by the RH-SSO operator, or generated in the cluster for RHBK.
   */
  readonly gatewayClientSecretName: string;
  /**
   * The realm's keys (JWKS) at Keycloak's in-cluster Service, for the token gates: `service-ca` when the
   * Service's certificate comes from OpenShift's service CA (RH-SSO), `none` when Keycloak serves plain HTTP
   * in the cluster (RHBK without a TLS Secret). Absent when Keycloak is not rendered here (`externalUrl`) or
   * serves a certificate of its own (RHBK `tlsSecret`): the public issuer URL is used then.
   */
  readonly inClusterJwks?: { readonly url: string; readonly tls: 'service-ca' | 'none' };
}

/** What the serving chart provides to the gateway, per model. */
export interface ModelEndpointOutputs {
  /** Model name (the InferenceService name). */
  readonly name: string;
  /** Namespace of the InferenceService. */
  readonly namespace: string;
  /** Base URL the gateway's Backend forwards to: in-cluster Service URL, or the Route URL when routed. */
  readonly url: string;
  /** True when the runtime speaks the OpenAI API (`/v1/chat/completions`, ...), false for KServe `predict`. */
  readonly openAICompatible: boolean;
  /** The REST API: `openai`, `v1` (KServe `:predict`) or `v2` (Open Inference Protocol `/infer`). */
  readonly api: 'openai' | 'v1' | 'v2';
  /** `internal` (the gateway calls the Service in-cluster) or `route` (the gateway calls the Route, with a token). */
  readonly exposure: 'internal' | 'route';
  /** In-cluster base URL, whatever the exposure, e.g. `http://granite-predictor.ns.svc.cluster.local:8080` (lib/upstream/serving.ts). */
  readonly internalUrl: string;
  /** In-cluster Service name: `<name>-predictor`, `<name>` (Serverless) or `modelmesh-serving` (ModelMesh). */
  readonly serviceName: string;
  /** Port the gateway connects to: the runtime's container port, 443 (Serverless) or 8008 (ModelMesh). */
  readonly port: number;
  // The serving chart always sets the next three; they are optional so that hand-built test fixtures stay short.
  /** `http`, or `https` (Serverless, kserve-local-gateway with a service CA certificate). @default - from `internalUrl` */
  readonly scheme?: 'http' | 'https';
  /** How KServe runs the model. @default - unknown */
  readonly deploymentMode?: 'RawDeployment' | 'Serverless' | 'ModelMesh';
  /** The NetworkPolicy of ours that admits the gateway's (or the token gate's) connection to the model's pods. @default - unknown */
  readonly admittedBy?: string;
  /** With `exposure: route`: the NetworkPolicy that admits the router to the token gate, and the gate's port. */
  readonly tokenGate?: { readonly serviceName: string; readonly port: number; readonly admittedBy: string };
  /** The data connection (key of the namespace's `storage-config` Secret) the model's files come from, if any. */
  readonly storageKey?: string;
  /** Path prefix of the model's API under `url`: `/v1` (OpenAI), `/v1/models/<name>` or `/v2/models/<name>`. */
  readonly pathPrefix: string;
  /** Path of the inference call under `url`, e.g. `/v1/models/<name>:predict` or `/v1/chat/completions`. */
  readonly predictPath: string;
}
