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
  /** In-cluster base URL of the predictor Service, whatever the exposure, e.g. `http://granite-predictor.ns.svc.cluster.local`. */
  readonly internalUrl: string;
  /** In-cluster Service name: `<name>-predictor`, or `modelmesh-serving` for ModelMesh. */
  readonly serviceName: string;
  /** Port of that Service. */
  readonly port: number;
  /** Path prefix of the model's API under `url`: `/v1` (OpenAI), `/v1/models/<name>` or `/v2/models/<name>`. */
  readonly pathPrefix: string;
  /** Path of the inference call under `url`, e.g. `/v1/models/<name>:predict` or `/v1/chat/completions`. */
  readonly predictPath: string;
}
