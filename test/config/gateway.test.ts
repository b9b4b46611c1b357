import { parseEnvironment, type Problem } from '../../lib/config/load';

/** A valid dev environment with one model; `gateway` is appended by each test. */
const HEAD = `stage: STAGE
cluster: { appsDomain: apps.example.com }
serving: { platformRuntimes: [vllm-runtime] }
gitops:
  repoURL: https://git.example.com/maas.git
identity:
  generation: rhsso
  operator: { namespace: kc, name: rhsso-operator, channel: stable, installPlanApproval: Manual, startingCSV: rhsso-operator.7.6.11-opr-002 }
models:
  - name: granite-chat
    namespace: models
    modelFormat: { name: vLLM }
    runtime: vllm-runtime
    storageUri: oci://registry.example.com/models/granite:1.0
gateway:
  operator: { namespace: apim, name: 3scale-operator, channel: threescale-2.15, installPlanApproval: Manual, startingCSV: 3scale-operator.v0.12.1 }
  secretStore: { name: identity }
`;

const PLANS = `  plans:
    basic:
      name: Basic
      limits:
        - { metricMethodRef: hits, period: minute, value: 60 }
`;

/** Parses an environment whose gateway section ends with `gateway` (indented two spaces). */
function parse(gateway: string, stage = 'dev') {
  return parseEnvironment('test', HEAD.replace('STAGE', stage) + gateway);
}

/** The problems of an invalid environment, as `<path>: <message>`. */
function problems(gateway: string, stage = 'dev'): string[] {
  const result = parse(gateway, stage);
  if (result.ok) throw new Error('expected the environment to be invalid');
  return result.problems.map((p: Problem) => `${p.path}: ${p.message}`);
}

const CORS_ANY = `  cors: { allowOrigin: "*" }\n`;

describe('gateway section', () => {
  test('GIVEN plans and CORS WHEN loaded THEN the defaults are applied', () => {
    // WHEN
    const result = parse(CORS_ANY + PLANS);
    // THEN
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { gateway } = result.environment;
    expect(gateway.tenantSecretName).toBe('threescale-provider-account');
    expect(gateway.secretStore).toEqual({ kind: 'ClusterSecretStore', name: 'identity' });
    expect(gateway.deployment).toBe('apicastSelfManaged');
    expect(gateway.promoteToProduction).toBe(false);
    expect(gateway.upstreamTimeoutSeconds).toBe(300);
    expect(gateway.products).toEqual({});
    expect(gateway.plans.basic.appsRequireApproval).toBe(false);
    expect(gateway.plans.basic.pricingRules).toEqual([]);
  });

  test('GIVEN only the operator WHEN loaded THEN the store, one basic plan and no CORS are the defaults', () => {
    // GIVEN
    const text = HEAD.replace('STAGE', 'prod').replace('  secretStore: { name: identity }\n', '');
    // WHEN
    const result = parseEnvironment('test', text);
    // THEN
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { gateway } = result.environment;
    expect(gateway.secretStore).toEqual({ kind: 'ClusterSecretStore', name: 'maas-identity' });
    expect(gateway.cors).toBeUndefined();
    expect(gateway.plans).toEqual({
      basic: {
        name: 'Basic',
        appsRequireApproval: false,
        limits: [
          { metricMethodRef: 'hits', period: 'minute', value: 60 },
          { metricMethodRef: 'hits', period: 'day', value: 10000 },
        ],
        pricingRules: [],
        published: true,
      },
    });
  });

  test('fails when a product names a model that does not exist', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    granite-code: { upstreamTimeoutSeconds: 600 }\n`);
    expect(found).toEqual([
      'gateway.products.granite-code: "granite-code" is not a model of this environment (models[].name) (did you mean "granite-chat"?); use one of granite-chat',
    ]);
  });

  test('fails when a product entry exists but the environment has no models', () => {
    const result = parseEnvironment('test', HEAD.replace('STAGE', 'dev').replace(/ {2}- name: granite-chat\n( {4}.*\n)+/, '').replace('models:\n', 'models: []\n') + CORS_ANY + PLANS + `  products:\n    granite-chat: {}\n`);
    if (result.ok) throw new Error('expected the environment to be invalid');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'gateway.products.granite-chat: "granite-chat" is not a model of this environment (models[].name); this environment has no models',
    ]);
  });

  test('fails when a product key is not a model name', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    Granite_Chat: {}\n`);
    expect(found).toEqual([
      'gateway.products.Granite_Chat: "Granite_Chat" is not a DNS label: use lowercase letters, digits and "-", start and end with a letter or digit, at most 63 characters',
    ]);
  });

  test('fails when the default plans are empty', () => {
    const found = problems(CORS_ANY + `  plans: {}\n`);
    expect(found).toEqual([
      'gateway.plans: declares no plan; add at least one, e.g. basic: { name: Basic, limits: [{ metricMethodRef: hits, period: minute, value: 60 }] }',
    ]);
  });

  test('fails when a product replaces the plans with none', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    granite-chat: { plans: {} }\n`);
    expect(found).toEqual([
      'gateway.products.granite-chat.plans: declares no plan; add at least one, e.g. basic: { name: Basic, limits: [{ metricMethodRef: hits, period: minute, value: 60 }] }',
    ]);
  });

  test('fails when a limit refers to a metric that does not exist', () => {
    const found = problems(CORS_ANY + `  plans:\n    basic:\n      name: Basic\n      limits: [{ metricMethodRef: tokens, period: day, value: 5 }]\n`);
    expect(found).toEqual([
      'gateway.plans.basic.limits[0].metricMethodRef: "tokens" is not a metric or method of this product; use one of hits, predict, chat_completions, completions, embeddings, models',
    ]);
  });

  test('GIVEN a product metric WHEN its plan limits it THEN the environment is valid', () => {
    const result = parse(CORS_ANY + PLANS + `  products:
    granite-chat:
      metrics: { tokens: { friendlyName: Tokens, unit: token } }
      plans:
        gold: { name: Gold, limits: [{ metricMethodRef: tokens, period: day, value: 100000 }] }
`);
    expect(result.ok).toBe(true);
  });

  test('fails when a plan limits one metric twice over the same period', () => {
    const found = problems(CORS_ANY + `  plans:
    basic:
      name: Basic
      limits:
        - { metricMethodRef: hits, period: minute, value: 60 }
        - { metricMethodRef: hits, period: minute, value: 100 }
`);
    expect(found).toEqual([
      'gateway.plans.basic.limits[1].period: "hits" per "minute" is already limited by limits[0]; keep one limit per metric and period',
    ]);
  });

  test('fails when a limit period is misspelt', () => {
    const found = problems(CORS_ANY + `  plans:\n    basic:\n      name: Basic\n      limits: [{ metricMethodRef: hits, period: minutes, value: 60 }]\n`);
    expect(found).toEqual([
      'gateway.plans.basic.limits[0].period: "minutes" is not one of eternity, year, month, week, day, hour, minute',
    ]);
  });

  test('fails when a pricing rule refers to a metric that does not exist', () => {
    const found = problems(CORS_ANY + `  plans:
    basic:
      name: Basic
      pricingRules: [{ metricMethodRef: hit, from: 1, to: 100, pricePerUnit: "0.10" }]
`);
    expect(found).toEqual([
      'gateway.plans.basic.pricingRules[0].metricMethodRef: "hit" is not a metric or method of this product; use one of hits, predict, chat_completions, completions, embeddings, models',
    ]);
  });

  test('fails when a pricing range ends before it starts', () => {
    const found = problems(CORS_ANY + `  plans:
    basic:
      name: Basic
      pricingRules: [{ metricMethodRef: hits, from: 300, to: 200, pricePerUnit: "0.10" }]
`);
    expect(found).toEqual([
      'gateway.plans.basic.pricingRules[0].to: 200 is less than from (300); a range runs from its first call to its last',
    ]);
  });

  test('fails when pricing ranges of one metric overlap', () => {
    const found = problems(CORS_ANY + `  plans:
    basic:
      name: Basic
      pricingRules:
        - { metricMethodRef: hits, from: 1, to: 100, pricePerUnit: "0.10" }
        - { metricMethodRef: hits, from: 50, to: 200, pricePerUnit: "0.05" }
`);
    expect(found).toEqual([
      'gateway.plans.basic.pricingRules[1].from: 50-200 overlaps pricingRules[0] (1-100) for "hits"; ranges of one metric must not overlap',
    ]);
  });

  test('fails when a price is written as a number', () => {
    const found = problems(CORS_ANY + `  plans:\n    basic: { name: Basic, costMonth: 10 }\n`);
    expect(found).toEqual(['gateway.plans.basic.costMonth: 10 is not an amount: write a quoted string such as "10" or "10.50"']);
  });

  test('fails when a price has one decimal', () => {
    const found = problems(CORS_ANY + `  plans:\n    basic: { name: Basic, setupFee: "10.5" }\n`);
    expect(found).toEqual(['gateway.plans.basic.setupFee: "10.5" is not an amount: write a quoted string such as "10" or "10.50"']);
  });

  test('fails when a plan name is not a system name', () => {
    const found = problems(CORS_ANY + `  plans:\n    Gold-Plan: { name: Gold }\n`);
    expect(found).toEqual(['gateway.plans.Gold-Plan: "Gold-Plan" is not a system name: use lowercase letters, digits and "_", starting with a letter']);
  });

  test('fails when a product metric reuses the name of a built-in method', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    granite-chat:\n      metrics: { predict: { friendlyName: Predictions, unit: call } }\n`);
    expect(found).toEqual([
      'gateway.products.granite-chat.metrics.predict: "predict" is already defined by the gateway (hits, predict, chat_completions, completions, embeddings, models); choose another name',
    ]);
  });

  test('fails when a product metric reuses the friendly name of a method', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    granite-chat:\n      metrics: { predictions: { friendlyName: predict, unit: call } }\n`);
    expect(found).toEqual([
      'gateway.products.granite-chat.metrics.predictions.friendlyName: "predict" is already the name of method "predict"; choose another friendlyName',
    ]);
  });

  test('fails when two product metrics have the same friendly name', () => {
    const found = problems(CORS_ANY + PLANS + `  products:
    granite-chat:
      metrics:
        tokens_in: { friendlyName: Tokens, unit: token }
        tokens_out: { friendlyName: Tokens, unit: token }
`);
    expect(found).toEqual([
      'gateway.products.granite-chat.metrics.tokens_out.friendlyName: "Tokens" is already the name of metric "tokens_in"; choose another friendlyName',
    ]);
  });

  test('fails when a mapping rule refers to a metric that does not exist', () => {
    const found = problems(CORS_ANY + PLANS + `  products:
    granite-chat:
      mappingRules: [{ httpMethod: POST, pattern: /v1/score, metricMethodRef: tokens }]
`);
    expect(found).toEqual([
      'gateway.products.granite-chat.mappingRules[0].metricMethodRef: "tokens" is not a metric or method of this product; use one of hits, predict, chat_completions, completions, embeddings, models',
    ]);
  });

  test('fails when a mapping rule repeats a built-in rule', () => {
    const found = problems(CORS_ANY + PLANS + `  products:
    granite-chat:
      mappingRules: [{ httpMethod: POST, pattern: /predict, metricMethodRef: hits }]
`);
    expect(found).toEqual([
      'gateway.products.granite-chat.mappingRules[0].pattern: POST "/predict" is already mapped by the built-in rule of method "predict"; remove one of them',
    ]);
  });

  test('fails when two mapping rules match the same call', () => {
    const found = problems(CORS_ANY + PLANS + `  products:
    granite-chat:
      mappingRules:
        - { httpMethod: POST, pattern: /v1/score, metricMethodRef: hits }
        - { httpMethod: POST, pattern: /v1/score, metricMethodRef: predict }
`);
    expect(found).toEqual([
      'gateway.products.granite-chat.mappingRules[1].pattern: POST "/v1/score" is already mapped by mappingRules[0]; remove one of them',
    ]);
  });

  test('fails when a mapping rule pattern is not a path', () => {
    const found = problems(CORS_ANY + PLANS + `  products:
    granite-chat:
      mappingRules: [{ httpMethod: POST, pattern: v1/score, metricMethodRef: hits }]
`);
    expect(found).toEqual(['gateway.products.granite-chat.mappingRules[0].pattern: "v1/score" is not a path pattern: start it with "/"']);
  });

  test('fails when CORS allows any origin outside dev', () => {
    const found = problems(CORS_ANY + PLANS, 'staging');
    expect(found).toEqual([
      'gateway.cors.allowOrigin: "*" is not allowed outside dev; use the https origin of the client application, e.g. "https://app.example.com"',
    ]);
  });

  test('fails when the CORS origin is not an https origin', () => {
    const found = problems(`  cors: { allowOrigin: "http://app.example.com/" }\n` + PLANS);
    expect(found).toEqual([
      'gateway.cors.allowOrigin: "http://app.example.com/" is not an https origin; write scheme and host only, e.g. "https://app.example.com"',
    ]);
  });

  test('fails when a hosted product sets a public base URL', () => {
    const found = problems(CORS_ANY + PLANS + `  deployment: apicastHosted
  products:
    granite-chat: { productionPublicBaseURL: "https://ai.example.com" }
`);
    expect(found).toEqual([
      'gateway.products.granite-chat.productionPublicBaseURL: is only used with apicastSelfManaged (3scale chooses hosted URLs); remove it or set gateway.deployment: apicastSelfManaged',
    ]);
  });

  test('fails when a public base URL is not https', () => {
    const found = problems(CORS_ANY + PLANS + `  products:\n    granite-chat: { stagingPublicBaseURL: "http://ai.example.com" }\n`);
    expect(found).toEqual([
      'gateway.products.granite-chat.stagingPublicBaseURL: "http://ai.example.com" is not an https URL without credentials, e.g. "https://host.example.com/path"',
    ]);
  });

  test('GIVEN several problems WHEN loaded THEN each is reported with its line', () => {
    // GIVEN
    const gateway = `  cors: { allowOrigin: "*" }
  plans:
    basic:
      name: Basic
      limits: [{ metricMethodRef: tokens, period: day, value: 5 }]
  products:
    unknown: {}
`;
    // WHEN
    const result = parse(gateway, 'prod');
    // THEN
    if (result.ok) throw new Error('expected the environment to be invalid');
    expect(result.problems.map((p) => [p.line, p.path])).toEqual([
      [18, 'gateway.cors.allowOrigin'],
      [22, 'gateway.plans.basic.limits[0].metricMethodRef'],
      [24, 'gateway.products.unknown'],
    ]);
  });
});

describe('a product naming an unknown model among many', () => {
  test('fails listing the closest five models and the count, not all of them', () => {
    // GIVEN 100 models and a product keyed by a misspelt one
    const models = Array.from({ length: 100 }, (_, i) => `  - { name: model-${i + 1}, namespace: models, modelFormat: { name: vLLM }, runtime: vllm-runtime, storageUri: oci://r/m:1 }\n`).join('');
    const text = HEAD.replace('STAGE', 'dev').replace(/ {2}- name: granite-chat\n( {4}.*\n)+/, models) + CORS_ANY + PLANS + '  products:\n    modle-42: {}\n';

    // WHEN
    const result = parseEnvironment('test', text);

    // THEN
    if (result.ok) throw new Error('expected the environment to be invalid');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'gateway.products.modle-42: "modle-42" is not a model of this environment (models[].name) (did you mean "model-42"?); ' +
        'use one of model-42, model-2, model-4, model-12, model-22 (closest 5 of 100)',
    ]);
  });
});

const CONSUMER = `  consumers:
    - name: ai-client
      organization: AI team
      email: ai-team@example.com
      products: { granite-chat: basic }
`;

describe('gateway.consumers', () => {
  test('GIVEN a consumer WHEN loaded THEN it subscribes to a model on a plan', () => {
    // WHEN
    const result = parse(PLANS + CONSUMER);
    // THEN
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.gateway.consumers).toEqual([
      { name: 'ai-client', organization: 'AI team', email: 'ai-team@example.com', products: { 'granite-chat': 'basic' } },
    ]);
  });

  test('GIVEN no consumers WHEN loaded THEN there are none', () => {
    const result = parse(PLANS);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.gateway.consumers).toEqual([]);
  });

  test('fails when a consumer subscribes to a model the environment does not have', () => {
    expect(parse(PLANS + CONSUMER.replace('granite-chat: basic', 'llama: basic'))).toEqual({ ok: false, problems: [{
      line: 27,
      path: 'gateway.consumers[0].products.llama',
      message: '"llama" is not a model of this environment (models[].name); use one of granite-chat',
    }] });
  });

  test('fails when a consumer subscribes to a misspelt model, suggesting the closest', () => {
    expect(problems(PLANS + CONSUMER.replace('granite-chat: basic', 'granite-caht: basic'))).toEqual([
      'gateway.consumers[0].products.granite-caht: "granite-caht" is not a model of this environment (models[].name) (did you mean "granite-chat"?); use one of granite-chat',
    ]);
  });

  test('fails when a consumer subscribes on a plan the product does not have', () => {
    expect(problems(PLANS + CONSUMER.replace('granite-chat: basic', 'granite-chat: gold'))).toEqual([
      'gateway.consumers[0].products.granite-chat: "gold" is not a plan of product "granite-chat"; use one of basic',
    ]);
  });

  test('GIVEN a product with its own plans WHEN a consumer names a plan of the gateway only THEN it fails naming the product\'s plans', () => {
    const products = '  products:\n    granite-chat:\n      plans: { gold: { name: Gold } }\n';
    expect(problems(PLANS + products + CONSUMER)).toEqual([
      'gateway.consumers[0].products.granite-chat: "basic" is not a plan of product "granite-chat"; use one of gold',
    ]);
  });

  test('fails when two consumers have the same name', () => {
    const second = CONSUMER.replace('  consumers:\n', '');
    expect(parse(PLANS + CONSUMER + second)).toEqual({ ok: false, problems: [{
      line: 28,
      path: 'gateway.consumers[1].name',
      message: '"ai-client" is already used by gateway.consumers[0]; consumer names must be unique in an environment',
    }] });
  });

  test('fails when the e-mail address is not one', () => {
    expect(problems(PLANS + CONSUMER.replace('ai-team@example.com', 'ai-team at example.com'))).toEqual([
      'gateway.consumers[0].email: "ai-team at example.com" is not an email address',
    ]);
  });

  test('fails when a consumer name is not a DNS label: it names Kubernetes objects', () => {
    expect(problems(PLANS + CONSUMER.replace('name: ai-client', 'name: AI_client'))).toEqual([
      'gateway.consumers[0].name: "AI_client" is not a DNS label: use lowercase letters, digits and "-", start and end with a letter or digit, at most 63 characters',
    ]);
  });

  test('reports every problem of every consumer at once', () => {
    const bad = CONSUMER.replace('ai-team@example.com', 'nope').replace('granite-chat: basic', 'llama: basic');
    expect(problems(PLANS + bad + bad.replace('  consumers:\n', ''))).toEqual([
      'gateway.consumers[0].email: "nope" is not an email address',
      'gateway.consumers[0].products.llama: "llama" is not a model of this environment (models[].name); use one of granite-chat',
      'gateway.consumers[1].name: "ai-client" is already used by gateway.consumers[0]; consumer names must be unique in an environment',
      'gateway.consumers[1].email: "nope" is not an email address',
      'gateway.consumers[1].products.llama: "llama" is not a model of this environment (models[].name); use one of granite-chat',
    ]);
  });
});

describe('plan publishing', () => {
  test('GIVEN a plan without published WHEN loaded THEN it is published in the developer portal', () => {
    const result = parse(PLANS);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.gateway.plans.basic.published).toBe(true);
  });

  test('GIVEN published: false WHEN loaded THEN the plan is hidden', () => {
    const result = parse(PLANS + '      published: false\n');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.environment.gateway.plans.basic.published).toBe(false);
  });
});
