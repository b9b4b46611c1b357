import { App } from 'cdk8s';
import { buildCharts } from '../../lib/charts';
import type { IdentityOutputs, ModelEndpointOutputs } from '../../lib/charts/outputs';
import { findSmokeChart } from '../../lib/charts/smoke';
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
};
const KSERVE: ModelEndpointOutputs = { name: 'iris', namespace: 'models', url: 'http://iris-predictor.models.svc.cluster.local', openAICompatible: false };
const OPENAI: ModelEndpointOutputs = { name: 'granite-chat', namespace: 'models', url: 'http://granite-chat-predictor.models.svc.cluster.local', openAICompatible: true };
const ENV = { name: 'dev', cluster: { appsDomain: 'apps.example.com' } };

describe('smokePlan', () => {
  test('takes the token endpoint and client from the identity outputs', () => {
    const plan = smokePlan(ENV, { identity: IDENTITY, endpoints: [] });
    expect(plan).toEqual({
      environment: 'dev',
      tokenUrl: 'https://sso.example.com/auth/realms/ai-realm/protocol/openid-connect/token',
      clientId: 'ai-client',
      models: [],
    });
  });

  test('calls a KServe model on its predict path with an instances payload', () => {
    const [model] = smokePlan(ENV, { identity: IDENTITY, endpoints: [KSERVE] }).models;
    expect(model).toEqual({
      name: 'iris',
      url: 'https://iris-api.apps.example.com/v1/models/iris:predict',
      method: 'POST',
      body: { instances: [[1.0, 2.0, 3.0, 4.0]] },
    });
  });

  test('calls an OpenAI-compatible model on chat completions with a one-message payload', () => {
    const [model] = smokePlan(ENV, { identity: IDENTITY, endpoints: [OPENAI] }).models;
    expect(model.url).toBe('https://granite-chat-api.apps.example.com/v1/chat/completions');
    expect(model.body).toEqual({ model: 'granite-chat', messages: [{ role: 'user', content: 'Reply with OK.' }], max_tokens: 8 });
  });

  test('uses the gateway URL of a model when given, without doubling a trailing slash', () => {
    const plan = smokePlan(ENV, { identity: IDENTITY, endpoints: [KSERVE, OPENAI], gatewayUrls: { iris: 'https://api.example.com/iris/' } });
    expect(plan.models.map((m) => m.url)).toEqual([
      'https://api.example.com/iris/v1/models/iris:predict',
      'https://granite-chat-api.apps.example.com/v1/chat/completions',
    ]);
  });

  test('the smoke chart of every environment builds its plan from the identity and serving charts', () => {
    for (const env of loadEnvironments(`${ROOT}/environments`, ROOT)) {
      // GIVEN the charts of an environment
      const charts = buildCharts(new App(), env);

      // WHEN the smoke chart's plan is read
      const plan = findSmokeChart(charts).plan;

      // THEN its token URL is under the identity chart's issuer, and it calls every model once
      const identity = charts.find((c) => c.node.id === 'identity') as unknown as { outputs: IdentityOutputs };
      expect(plan.tokenUrl).toBe(`${identity.outputs.issuerUrl}/protocol/openid-connect/token`);
      expect(plan.models.map((m) => m.name)).toEqual(env.models.map((m) => m.name));
    }
  });
});
