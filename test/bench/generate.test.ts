import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { median, MIN_PLANS, MODELS_PER_NAMESPACE, parseSizes, scaleEnvironment } from '../../lib/bench/generate';
import { parseEnvironment } from '../../lib/config/load';
import type { Environment } from '../../lib/config/schema';
import { ROOT } from '../helpers';

const SHIPPED = readdirSync(join(ROOT, 'environments')).filter((f) => f.endsWith('.yaml')).sort();

/** The environment a scaled file loads as; fails with the loader's own report when it is invalid. */
function load(file: string, models: number): Environment {
  const name = file.replace(/\.yaml$/, '');
  const result = parseEnvironment(name, scaleEnvironment(readFileSync(join(ROOT, 'environments', file), 'utf8'), models));
  if (!result.ok) throw new Error(`${file} scaled to ${models} models is invalid:\n${result.problems.map((p) => `  line ${p.line} ${p.path}: ${p.message}`).join('\n')}`);
  return result.environment;
}

describe('scaleEnvironment', () => {
  test.each(SHIPPED.flatMap((file) => [1, 10, 100, 1000].map((models) => [file, models] as const)))(
    '%s scaled to %i models loads without problems',
    (file, models) => {
      // WHEN the shipped file is scaled
      const env = load(file, models);

      // THEN it declares that many models, with unique names, and at least MIN_PLANS plans of two limits each
      expect(env.models).toHaveLength(models);
      expect(new Set(env.models.map((m) => m.name)).size).toBe(models);
      expect(Object.keys(env.gateway.plans).length).toBeGreaterThanOrEqual(MIN_PLANS);
      for (const plan of Object.values(env.gateway.plans)) expect(plan.limits.length).toBeGreaterThanOrEqual(2);
    },
  );

  test('repeats the shipped models in turn, MODELS_PER_NAMESPACE to a namespace', () => {
    // GIVEN dev ships a routed RawDeployment model and a ModelMesh model
    const env = load('dev.yaml', 2 * MODELS_PER_NAMESPACE + 1);

    // THEN deployment modes and exposure alternate as shipped, and namespaces fill up in order
    expect(env.models.slice(0, 2).map((m) => [m.name, m.namespace, m.deploymentMode, m.exposure])).toEqual([
      ['granite-chat-0', 'maas-models-0', 'RawDeployment', 'route'],
      ['fraud-detection-1', 'maas-models-mm-0', 'ModelMesh', 'internal'],
    ]);
    expect(env.models[2 * MODELS_PER_NAMESPACE].namespace).toBe('maas-models-2');
  });

  test("copies a shipped model's gateway product overrides to each of its copies", () => {
    // GIVEN prod overrides the product of granite-chat
    const env = load('prod.yaml', 4);

    // THEN each granite-chat copy has the override, and no product names a model that is not there
    expect(Object.keys(env.gateway.products).sort()).toEqual(['granite-chat-0', 'granite-chat-2']);
    expect(env.gateway.products['granite-chat-2'].upstreamTimeoutSeconds).toBe(600);
  });

  test('subscribes each consumer to every copy of the models it subscribed to, on the same plan', () => {
    // GIVEN a file whose consumer subscribes to model a only
    const text = 'models: [{ name: a }, { name: b }]\ngateway:\n  consumers:\n    - { name: c, products: { a: basic } }\n';
    // WHEN scaled to four models
    const scaled = parse(scaleEnvironment(text, 4)) as { gateway: { consumers: Array<{ products: Record<string, string> }> } };
    // THEN the consumer has the copies of a
    expect(scaled.gateway.consumers[0].products).toEqual({ 'a-0': 'basic', 'a-2': 'basic' });
  });

  test('fails when the file declares no model to repeat', () => {
    expect(() => scaleEnvironment('stage: dev\n', 3)).toThrow('the environment declares no model to repeat; add one to models');
  });
});

describe('parseSizes', () => {
  test('reads a comma-separated list of positive integers', () => {
    expect(parseSizes('1, 10,100')).toEqual([1, 10, 100]);
  });

  test('fails naming an item that is not a positive integer', () => {
    expect(() => parseSizes('1,0,10')).toThrow('--sizes: "0" is not a positive integer; write e.g. --sizes 1,10,100,1000');
  });
});

describe('median', () => {
  test('is the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('fails on no values', () => {
    expect(() => median([])).toThrow('median of no values');
  });
});
