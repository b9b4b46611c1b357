import { parse, stringify } from 'yaml';

/** Models per generated namespace: a team's data science project holds a handful of models, not all of them. */
export const MODELS_PER_NAMESPACE = 10;

/** Plans every generated environment has at least, each with two limits. */
export const MIN_PLANS = 3;

/** Plans added, in this order, until an environment has `MIN_PLANS`; names not used by the shipped files. */
const EXTRA_PLANS: Readonly<Record<string, unknown>> = {
  standard: {
    name: 'Standard',
    limits: [
      { metricMethodRef: 'hits', period: 'minute', value: 120 },
      { metricMethodRef: 'hits', period: 'day', value: 20000 },
    ],
  },
  enterprise: {
    name: 'Enterprise',
    limits: [
      { metricMethodRef: 'hits', period: 'minute', value: 1200 },
      { metricMethodRef: 'hits', period: 'month', value: 5000000 },
    ],
  },
};

type Json = Record<string, unknown>;

/**
 * An environment file scaled to `models` models, for the benchmark: the shipped file's models repeated in
 * turn (so deployment modes, exposure and gateway overrides vary as they do in the shipped file), model `i`
 * named `<shipped name>-<i>` in namespace `<shipped namespace>-<i / MODELS_PER_NAMESPACE>`, and at least
 * `MIN_PLANS` gateway plans. Everything else (stage, operators, images, identity) is kept, so the result obeys
 * the same stage rules as the file it came from. Comments are dropped.
 *
 * @param text an environment file's content with at least one model
 * @param models how many models the result declares (0 or more)
 * @throws Error when the file declares no model to repeat
 */
export function scaleEnvironment(text: string, models: number): string {
  const env = parse(text) as Json;
  const shipped = (env.models ?? []) as Json[];
  if (shipped.length === 0) throw new Error('the environment declares no model to repeat; add one to models');
  const gateway = (env.gateway ?? {}) as Json;
  const overrides = (gateway.products ?? {}) as Record<string, unknown>;

  const scaled: Json[] = [];
  const products: Record<string, unknown> = {};
  for (let i = 0; i < models; i++) {
    const model = shipped[i % shipped.length];
    const name = `${String(model.name)}-${i}`;
    scaled.push({ ...structuredClone(model), name, namespace: `${String(model.namespace)}-${Math.floor(i / MODELS_PER_NAMESPACE)}` });
    const override = overrides[String(model.name)];
    if (override !== undefined) products[name] = structuredClone(override);
  }

  const plans = { ...((gateway.plans ?? {}) as Json) };
  for (const [planName, plan] of Object.entries(EXTRA_PLANS)) {
    if (Object.keys(plans).length >= MIN_PLANS) break;
    if (!(planName in plans)) plans[planName] = structuredClone(plan);
  }

  const result: Json = { ...env, models: scaled, gateway: { ...gateway, plans } };
  if (gateway.products !== undefined) (result.gateway as Json).products = products;
  // Consumers keep their subscriptions: to every copy of each model they subscribed to.
  if (gateway.consumers !== undefined) {
    (result.gateway as Json).consumers = (gateway.consumers as Json[]).map((consumer) => {
      const subscribed = (consumer.products ?? {}) as Record<string, unknown>;
      const copies = scaled.map((m, i) => [String(m.name), subscribed[String(shipped[i % shipped.length].name)]] as const);
      return { ...consumer, products: Object.fromEntries(copies.filter(([, plan]) => plan !== undefined)) };
    });
  }
  return stringify(result, { lineWidth: 0 });
}

/** Parses `--sizes 1,10,100`: positive integers, at least one. @throws Error naming the bad item */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((item) => item.trim());
  const bad = sizes.find((item) => !/^[1-9]\d*$/.test(item));
  if (bad !== undefined) throw new Error(`--sizes: ${JSON.stringify(bad)} is not a positive integer; write e.g. --sizes 1,10,100,1000`);
  return sizes.map(Number);
}

/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
