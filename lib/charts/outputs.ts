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
  /** The `aud` claim of the API client's access tokens (its audience mapper); the gateway may require it. */
  readonly audience: string;
  /** Client id of the API consumers' confidential client (the `azp` claim of their tokens). */
  readonly apiClientId: string;
  /** Secret (in `namespace`) that holds the API client's credentials; provided by the operator or an external store. */
  readonly apiClientSecretName: string;
  /** Client id 3scale uses to manage clients in the realm. */
  readonly gatewayClientId: string;
  /** Secret (in `namespace`) that holds the gateway client's credentials. */
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
}
