import { App } from 'cdk8s';
import { buildCharts } from '../../lib/charts';
import type { IdentityOutputs, ModelEndpointOutputs } from '../../lib/charts/outputs';
import type { PublishedApi } from '../../lib/charts/gateway';
import { loadEnvironments } from '../../lib/config/load';
import { smokePlan } from '../../lib/smoke/plan';
import { ROOT } from '../helpers';

const IDENTITY: IdentityOutputs = {
  generation: 'rhsso',
  namespace: 'maas-sso',
  baseUrl: 'https://sso.example.com/auth',
  issuerUrl: 'https://sso.example.com/auth/realms/ai-realm',
  realm: 'ai-realm',
  apiClientId: 'ai-client',
  apiClientSecretName: 'keycloak-client-secret-ai-client',
  gatewayClientId: '3scale-zync',
  gatewayClientSecretName: 'keycloak-client-secret-3scale-zync',
  tokenUrl: 'https://sso.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
  audience: 'ai-client',
};
const ENDPOINT = { namespace: 'models', exposure: 'internal', port: 80 } as const;
const KSERVE: ModelEndpointOutputs = {
  ...ENDPOINT,
  name: 'iris',
  url: 'http://iris-predictor.models.svc.cluster.local',
  internalUrl: 'http://iris-predictor.models.svc.cluster.local',
  serviceName: 'iris-predictor',
  openAICompatible: false,
  api: 'v1',
  pathPrefix: '/v1/models/iris',
  predictPath: '/v1/models/iris:predict',
};
const V2: ModelEndpointOutputs = { ...KSERVE, name: 'fraud', api: 'v2', pathPrefix: '/v2/models/fraud', predictPath: '/v2/models/fraud/infer' };
const OPENAI: ModelEndpointOutputs = {
  ...ENDPOINT,
  name: 'granite-chat',
  url: 'http://granite-chat-predictor.models.svc.cluster.local',
  internalUrl: 'http://granite-chat-predictor.models.svc.cluster.local',
  serviceName: 'granite-chat-predictor',
  openAICompatible: true,
  api: 'openai',
  pathPrefix: '/v1',
  predictPath: '/v1/chat/completions',
};
const api = (model: string, calls: string[]): PublishedApi => ({
  model,
  product: `${model}-api`,
  gatewayURL: `https://${model}-api.apps.example.com/`,
  plans: {},
  calls,
});
const APIS = [
  api('iris', ['POST /predict']),
  api('fraud', ['POST /predict']),
  api('granite-chat', ['POST /v1/chat/completions', 'POST /v1/completions', 'POST /v1/embeddings', 'GET /v1/models']),
];

describe('smokePlan', () => {
  test("GIVEN a model's smoke settings WHEN planned THEN its body, expected status and opt-out replace the defaults, and only they", () => {
    // GIVEN
    const requests = new Map([
      ['iris', { predict: true, body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, expectedStatus: 200 }],
      ['fraud', { predict: false }],
    ]);

    // WHEN
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE, V2, OPENAI], apis: APIS, requests });

    // THEN
    expect(plan.models.map(({ name, body, expectedStatus, predict }) => ({ name, body, expectedStatus, predict }))).toEqual([
      { name: 'iris', body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, expectedStatus: 200, predict: undefined },
      { name: 'fraud', body: { inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1.0, 2.0, 3.0, 4.0] }] }, expectedStatus: undefined, predict: false },
      { name: 'granite-chat', body: { model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 }, expectedStatus: undefined, predict: undefined },
    ]);
    expect(Object.keys(plan.models[2])).toEqual(['name', 'url', 'method', 'body']);
  });

  test('takes the token endpoint and client from the identity outputs', () => {
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [], apis: [] });
    expect(plan).toEqual({
      environment: 'dev',
      tokenUrl: 'https://sso.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
      clientId: 'ai-client',
      models: [],
    });
  });

  test('calls a KServe model on the public /predict call with an instances payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE], apis: APIS }).models;
    expect(model).toEqual({
      name: 'iris',
      url: 'https://iris-api.apps.example.com/predict',
      method: 'POST',
      body: { instances: [[1.0, 2.0, 3.0, 4.0]] },
    });
  });

  test('calls an OpenAI-compatible model on chat completions with a one-message payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [OPENAI], apis: APIS }).models;
    expect(model.url).toBe('https://granite-chat-api.apps.example.com/v1/chat/completions');
    expect(model.body).toEqual({ model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 });
  });

  test('calls an Open Inference Protocol (v2) model with an inputs payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [V2], apis: APIS }).models;
    expect(model.url).toBe('https://fraud-api.apps.example.com/predict');
    expect(model.body).toEqual({ inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1.0, 2.0, 3.0, 4.0] }] });
  });

  test('leaves out a model whose public URL 3scale chooses (hosted APIcast)', () => {
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE, OPENAI], apis: [{ ...APIS[0], gatewayURL: undefined }, APIS[2]] });
    expect(plan.models.map((m) => m.name)).toEqual(['granite-chat']);
  });

  test('the smoke chart of every environment builds its plan from the identity and serving charts', () => {
    for (const env of loadEnvironments(`${ROOT}/environments`, ROOT)) {
      // GIVEN the charts of an environment
      const charts = buildCharts(new App(), env);

      // WHEN the smoke chart's plan is read
      const plan = charts.smoke.plan;

      // THEN its token URL is the identity chart's, and it calls every model once, at its gateway URL
      expect(plan.tokenUrl).toBe(`${charts.identity.outputs.issuerUrl}/protocol/openid-connect/token`);
      expect(plan.models.map((m) => m.name)).toEqual(env.models.map((m) => m.name));
      for (const model of plan.models) {
        const published = charts.gateway.apis.find((a) => a.model === model.name);
        expect(model.url.startsWith(`${published?.gatewayURL}/`)).toBe(true);
      }
    }
  });
});
