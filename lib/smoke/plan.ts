import type { IdentityOutputs, ModelEndpointOutputs } from '../charts/outputs';
import type { PublishedApi } from '../charts/gateway';
import type { ModelSmoke } from '../config/serving';

/** One call of the smoke check: a model, called through the gateway as an API consumer calls it. */
export interface SmokeModel {
  /** Model name (the InferenceService name). */
  readonly name: string;
  /** Full public URL of the call, through the gateway, e.g. `https://granite-chat-api.apps.example.com/v1/models/granite-chat:predict`. */
  readonly url: string;
  /** HTTP method of the call. */
  readonly method: 'POST';
  /** Payload: the model's `smoke.body`, else a sample in its API's shape (KServe v1 `{"instances": [...]}`, OpenAI `{"model": ..., "messages": [...]}`). */
  readonly body: unknown;
  /** The status the call with a token must answer. @default - any 2xx */
  readonly expectedStatus?: number;
  /** `false`: the model is not called with a token (`smoke.predict: false`); the refusals are still checked. @default true */
  readonly predict?: boolean;
  /** The consumer's 3scale Application for this model's Product (`<consumer>.<model>`), whose client the call uses. */
  readonly application: string;
}

/**
 * What the smoke check does in one environment: as the first consumer of `gateway.consumers`, get a token from
 * `tokenUrl` with the client-credentials grant, then call every model whose Product it subscribes to (and
 * without a token, and with a tampered one). It holds no secret. The command (`npm run smoke`) and the
 * PostSync Job run the same plan.
 */
export interface SmokePlan {
  /** Environment name. */
  readonly environment: string;
  /** The realm's token endpoint. */
  readonly tokenUrl: string;
  /**
   * Client id used when none is supplied at run time: empty, because 3scale chooses each application's client
   * id (docs/gateway.md, *Consumers*); supply it with the secret (`MAAS_CLIENT_ID`).
   */
  readonly clientId: string;
  /** The consumer whose applications are checked (`gateway.consumers[].name`); undefined when there is none. */
  readonly consumer?: string;
  /** The realm's clients in Keycloak's admin API, where the Job finds each application's client. @default - no look-up */
  readonly clientsUrl?: string;
  /** The calls to make, one per model. */
  readonly models: readonly SmokeModel[];
}

/** What the smoke plan is derived from: the charts' outputs. */
export interface SmokePlanInputs {
  /** The identity chart's outputs: the token endpoint. */
  readonly identity: IdentityOutputs;
  /** The serving chart's outputs, one per model. */
  readonly endpoints: readonly ModelEndpointOutputs[];
  /** The gateway chart's outputs: each model's public URL, calls and consumers. */
  readonly apis: readonly PublishedApi[];
  /** Each model's `smoke` settings, by model name. @default - every model gets its API's sample, expecting a 2xx */
  readonly requests?: ReadonlyMap<string, ModelSmoke>;
  /** The consumer to check: the first of `gateway.consumers`. @default - none: no model is called */
  readonly consumer?: string;
}

/** Keycloak's token endpoint under a realm's issuer URL (the same path for RHBK and RH-SSO). */
export const TOKEN_PATH = '/protocol/openid-connect/token';

/**
 * Derives an environment's smoke plan from the charts' outputs; no name is computed twice. A model is
 * called on its API's first `POST` call (`/predict`, or `/v1/chat/completions`), as a consumer would.
 * Models whose public URL 3scale chooses (hosted APIcast) are left out: the URL is not known in Git.
 */
export function smokePlan(environment: string, inputs: SmokePlanInputs): SmokePlan {
  const apis = new Map(inputs.apis.map((api) => [api.model, api]));
  const { consumer } = inputs;
  return {
    environment,
    tokenUrl: inputs.identity.tokenUrl,
    clientId: '',
    consumer,
    clientsUrl: `${inputs.identity.baseUrl}/admin/realms/${inputs.identity.realm}/clients`,
    models: inputs.endpoints.flatMap((endpoint) => {
      const api = apis.get(endpoint.name);
      const call = api?.calls.find((c) => c.startsWith('POST '));
      const application = api?.applications.find((a) => a.consumer === consumer)?.application;
      if (api?.gatewayURL === undefined || call === undefined || application === undefined) return [];
      const request = inputs.requests?.get(endpoint.name);
      return [{
        name: endpoint.name,
        url: `${api.gatewayURL.replace(/\/+$/, '')}${call.slice('POST '.length)}`,
        method: 'POST' as const,
        body: request?.body ?? sampleBody(endpoint),
        // Defaults are left out, so that the plan (and its ConfigMap) shows only what a model changed.
        ...(request?.expectedStatus === undefined ? {} : { expectedStatus: request.expectedStatus }),
        ...(request?.predict === false ? { predict: false } : {}),
        application,
      }];
    }),
  };
}

/** A small request each kind of model server accepts in shape (the values are not a real model input). */
function sampleBody(endpoint: ModelEndpointOutputs): unknown {
  switch (endpoint.api) {
    case 'openai':
      return { model: endpoint.name, messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 };
    case 'v2':
      return { inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1.0, 2.0, 3.0, 4.0] }] };
    default:
      return { instances: [[1.0, 2.0, 3.0, 4.0]] };
  }
}
