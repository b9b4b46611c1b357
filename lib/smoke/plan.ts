import type { IdentityOutputs, ModelEndpointOutputs } from '../charts/outputs';
import type { Environment } from '../config/schema';

/** One call of the smoke check: a model, called through the gateway as an API consumer calls it. */
export interface SmokeModel {
  /** Model name (the InferenceService name). */
  readonly name: string;
  /** Full public URL of the call, through the gateway, e.g. `https://granite-chat-api.apps.example.com/v1/models/granite-chat:predict`. */
  readonly url: string;
  /** HTTP method of the call. */
  readonly method: 'POST';
  /** Sample payload: KServe v1 `{"instances": [...]}` or OpenAI `{"model": ..., "messages": [...]}`. */
  readonly body: unknown;
}

/**
 * What the smoke check does in one environment: get a token from `tokenUrl` with the client-credentials grant
 * as `clientId`, then call every model with it (and without it, and with a tampered one). It holds no secret.
 * The command (`npm run smoke`) and the PostSync Job run the same plan.
 */
export interface SmokePlan {
  /** Environment name. */
  readonly environment: string;
  /** The realm's token endpoint. */
  readonly tokenUrl: string;
  /** Client id of the API consumers' confidential client; the secret is supplied at run time. */
  readonly clientId: string;
  /** The calls to make, one per model. */
  readonly models: readonly SmokeModel[];
}

/** What the smoke plan is derived from: the charts' outputs. */
export interface SmokePlanInputs {
  /** The identity chart's outputs: issuer and API client. */
  readonly identity: IdentityOutputs;
  /** The serving chart's outputs, one per model. */
  readonly endpoints: readonly ModelEndpointOutputs[];
  /**
   * Public base URL of each model's API on the gateway, keyed by model name (the gateway chart's output).
   *
   * @default - `https://<model>-api.<cluster.appsDomain>` (placeholder until the gateway outputs exist)
   */
  readonly gatewayUrls?: Readonly<Record<string, string>>;
}

/** Keycloak's token endpoint under a realm's issuer URL (the same path for RHBK and RH-SSO). */
export const TOKEN_PATH = '/protocol/openid-connect/token';

/** Derives an environment's smoke plan from the charts' outputs; no name is computed twice. */
export function smokePlan(env: Pick<Environment, 'name' | 'cluster'>, inputs: SmokePlanInputs): SmokePlan {
  return {
    environment: env.name,
    tokenUrl: `${inputs.identity.issuerUrl}${TOKEN_PATH}`,
    clientId: inputs.identity.apiClientId,
    models: inputs.endpoints.map((endpoint) => {
      // TODO(gateway outputs): the lead wires the gateway chart's public URL per model into `gatewayUrls`;
      // until then this placeholder stands in for it. Remove the fallback once every model has a URL there.
      const base = inputs.gatewayUrls?.[endpoint.name] ?? `https://${endpoint.name}-api.${env.cluster.appsDomain}`;
      const { path, body } = sampleCall(endpoint);
      return { name: endpoint.name, url: `${base.replace(/\/+$/, '')}${path}`, method: 'POST', body };
    }),
  };
}

/**
 * The path and sample payload of a model's call. APIcast forwards the path unchanged to the model's Backend,
 * so the path is the model server's own: KServe v1 `predict`, or OpenAI chat completions.
 */
function sampleCall(endpoint: ModelEndpointOutputs): { path: string; body: unknown } {
  if (endpoint.openAICompatible) {
    return {
      path: '/v1/chat/completions',
      body: { model: endpoint.name, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 },
    };
  }
  return { path: `/v1/models/${endpoint.name}:predict`, body: { instances: [[1.0, 2.0, 3.0, 4.0]] } };
}
