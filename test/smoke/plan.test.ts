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
  gatewayClientId: '3scale-zync',
  gatewayClientSecretName: 'keycloak-client-secret-3scale-zync',
  tokenUrl: 'https://sso.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
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
  applications: [{ consumer: 'ai-client', application: `ai-client.${model}`, plan: 'basic' }],
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
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE, V2, OPENAI], apis: APIS, requests, consumer: 'ai-client' });

    // THEN
    expect(plan.models.map(({ name, body, expectedStatus, predict, application }) => ({ name, body, expectedStatus, predict, application }))).toEqual([
      { name: 'iris', body: { instances: [[6.8, 2.8, 4.8, 1.4]] }, expectedStatus: 200, predict: undefined, application: 'ai-client.iris' },
      {
        name: 'fraud',
        body: { inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1.0, 2.0, 3.0, 4.0] }] },
        expectedStatus: undefined,
        predict: false,
        application: 'ai-client.fraud',
      },
      {
        name: 'granite-chat',
        body: { model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 },
        expectedStatus: undefined,
        predict: undefined,
        application: 'ai-client.granite-chat',
      },
    ]);
    expect(Object.keys(plan.models[2])).toEqual(['name', 'url', 'method', 'body', 'application']);
  });

  test('takes the token endpoint and the realm\'s clients (admin API) from the identity outputs; no client id is known in Git', () => {
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [], apis: [], consumer: 'ai-client' });
    expect(plan).toEqual({
      environment: 'dev',
      tokenUrl: 'https://sso.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
      clientId: '',
      consumer: 'ai-client',
      clientsUrl: 'https://sso.example.com/auth/admin/realms/ai-realm/clients',
      models: [],
    });
  });

  test('calls only the models whose Product the consumer subscribes to, each with its application', () => {
    const apis = [APIS[0], { ...APIS[2], applications: [{ consumer: 'other', application: 'other.granite-chat', plan: 'basic' }] }];
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE, OPENAI], apis, consumer: 'ai-client' });
    expect(plan.models.map((m) => [m.name, m.application])).toEqual([['iris', 'ai-client.iris']]);
  });

  test('GIVEN no consumer WHEN planned THEN no model is called', () => {
    expect(smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE], apis: APIS }).models).toEqual([]);
  });

  test('calls a KServe model on the public /predict call with an instances payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE], apis: APIS, consumer: 'ai-client' }).models;
    expect(model).toEqual({
      name: 'iris',
      url: 'https://iris-api.apps.example.com/predict',
      method: 'POST',
      body: { instances: [[1.0, 2.0, 3.0, 4.0]] },
      application: 'ai-client.iris',
    });
  });

  test('calls an OpenAI-compatible model on chat completions with a one-message payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [OPENAI], apis: APIS, consumer: 'ai-client' }).models;
    expect(model.url).toBe('https://granite-chat-api.apps.example.com/v1/chat/completions');
    expect(model.body).toEqual({ model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 });
  });

  test('calls an Open Inference Protocol (v2) model with an inputs payload', () => {
    const [model] = smokePlan('dev', { identity: IDENTITY, endpoints: [V2], apis: APIS, consumer: 'ai-client' }).models;
    expect(model.url).toBe('https://fraud-api.apps.example.com/predict');
    expect(model.body).toEqual({ inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [1.0, 2.0, 3.0, 4.0] }] });
  });

  test('leaves out a model whose public URL 3scale chooses (hosted APIcast)', () => {
    const plan = smokePlan('dev', { identity: IDENTITY, endpoints: [KSERVE, OPENAI], apis: [{ ...APIS[0], gatewayURL: undefined }, APIS[2]], consumer: 'ai-client' });
    expect(plan.models.map((m) => m.name)).toEqual(['granite-chat']);
  });

  test('the smoke chart of every environment builds its plan from the identity and serving charts', () => {
    for (const env of loadEnvironments(`${ROOT}/environments`, ROOT)) {
      // GIVEN the charts of an environment
      const charts = buildCharts(new App(), env);

      // WHEN the smoke chart's plan is read
      const plan = charts.smoke.plan;

      // THEN its token URL is the identity chart's, and it calls each model of the first consumer once, at its gateway URL
      expect(plan.tokenUrl).toBe(`${charts.identity.outputs.issuerUrl}/protocol/openid-connect/token`);
      expect(plan.consumer).toBe(env.gateway.consumers[0]?.name);
      const subscribed = Object.keys(env.gateway.consumers[0]?.products ?? {});
      expect(plan.models.map((m) => m.name)).toEqual(env.models.map((m) => m.name).filter((m) => subscribed.includes(m)));
      for (const model of plan.models) {
        const published = charts.gateway.apis.find((a) => a.model === model.name);
        expect(model.url.startsWith(`${published?.gatewayURL}/`)).toBe(true);
        // and with the model's own smoke settings, where it gives them
        const smoke = env.models.find((m) => m.name === model.name)?.smoke;
        if (smoke?.body !== undefined) expect(model.body).toEqual(smoke.body);
        expect(model.expectedStatus).toBe(smoke?.expectedStatus);
        expect(model.predict).toBe(smoke?.predict === false ? false : undefined);
      }
    }
  });
});
