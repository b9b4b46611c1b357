import { ALL_BUILT_IN_METHODS, HITS_METRIC, type ApplicationPlan } from './gateway';
import { didYouMean, listAllowed } from './did-you-mean';
import type { Rule } from './rules';
import type { EnvironmentSpec } from './schema';
import { show } from './show';

/** Each gateway product entry customises a model of the same environment. */
const gatewayProductsNameModels: Rule = (env, report) => {
  const models = env.models.map((m) => m.name);
  for (const name of Object.keys(env.gateway.products)) {
    if (!models.includes(name)) {
      const allowed = models.length === 0 ? 'this environment has no models' : `use one of ${listAllowed(name, models)}`;
      report(['gateway', 'products', name], name, `${show(name)} is not a model of this environment (models[].name)${didYouMean(name, models)}; ${allowed}`);
    }
  }
};

/** The metrics and methods a product's plans and mapping rules may refer to: `hits`, built-ins, its own metrics. */
function productVocabulary(ownMetrics: readonly string[]): string[] {
  return [...new Set([HITS_METRIC, ...ALL_BUILT_IN_METHODS.map((m) => m.systemName), ...ownMetrics])];
}

function unknownRefMessage(ref: string, vocabulary: readonly string[]): string {
  return `${show(ref)} is not a metric or method of this product; use one of ${vocabulary.join(', ')}`;
}

/** Every plan set (the defaults and each product's replacement) with where it is and what it may refer to. */
function planSets(env: EnvironmentSpec): { path: (string | number)[]; plans: Record<string, ApplicationPlan>; vocabulary: string[] }[] {
  const sets = [{ path: ['gateway', 'plans'] as (string | number)[], plans: env.gateway.plans, vocabulary: productVocabulary([]) }];
  for (const [name, product] of Object.entries(env.gateway.products)) {
    if (product.plans !== undefined) {
      sets.push({ path: ['gateway', 'products', name, 'plans'], plans: product.plans, vocabulary: productVocabulary(Object.keys(product.metrics)) });
    }
  }
  return sets;
}

/**
 * Plan limits and prices refer to existing metrics or methods, one limit per metric and period, price ranges
 * of a metric do not overlap: the checks the 3scale operator makes, made before anything reaches a cluster.
 */
const gatewayPlansAreConsistent: Rule = (env, report) => {
  for (const { path, plans, vocabulary } of planSets(env)) {
    for (const [planName, plan] of Object.entries(plans)) {
      const planPath = [...path, planName];
      const limited = new Map<string, number>();
      plan.limits.forEach((l, i) => {
        if (!vocabulary.includes(l.metricMethodRef)) {
          report([...planPath, 'limits', i, 'metricMethodRef'], l.metricMethodRef, unknownRefMessage(l.metricMethodRef, vocabulary));
        }
        const key = `${l.metricMethodRef} ${l.period}`;
        const first = limited.get(key);
        if (first === undefined) {
          limited.set(key, i);
        } else {
          report([...planPath, 'limits', i, 'period'], l.period,
            `${show(l.metricMethodRef)} per ${show(l.period)} is already limited by limits[${first}]; keep one limit per metric and period`);
        }
      });
      plan.pricingRules.forEach((r, i) => {
        if (!vocabulary.includes(r.metricMethodRef)) {
          report([...planPath, 'pricingRules', i, 'metricMethodRef'], r.metricMethodRef, unknownRefMessage(r.metricMethodRef, vocabulary));
        }
        if (r.from > r.to) {
          report([...planPath, 'pricingRules', i, 'to'], r.to, `${r.to} is less than from (${r.from}); a range runs from its first call to its last`);
          return;
        }
        const overlapped = plan.pricingRules.findIndex(
          (o, j) => j < i && o.metricMethodRef === r.metricMethodRef && o.from <= o.to && r.from <= o.to && o.from <= r.to,
        );
        if (overlapped >= 0) {
          const o = plan.pricingRules[overlapped];
          report([...planPath, 'pricingRules', i, 'from'], r.from,
            `${r.from}-${r.to} overlaps pricingRules[${overlapped}] (${o.from}-${o.to}) for ${show(r.metricMethodRef)}; ranges of one metric must not overlap`);
        }
      });
    }
  }
};

/**
 * A product's own metrics do not shadow `hits` or a built-in method, and their names shown in 3scale are
 * unique in the product (3scale refuses a second metric or method with the same friendly name).
 */
const gatewayMetricsAreNew: Rule = (env, report) => {
  const builtIn = productVocabulary([]);
  for (const [name, product] of Object.entries(env.gateway.products)) {
    const friendlyNames = new Map<string, string>([
      ['hits', 'metric "hits"'],
      ...ALL_BUILT_IN_METHODS.map((m): [string, string] => [m.friendlyName.toLowerCase(), `method ${show(m.systemName)}`]),
    ]);
    for (const [metricName, metric] of Object.entries(product.metrics)) {
      const path = ['gateway', 'products', name, 'metrics', metricName];
      if (builtIn.includes(metricName)) {
        report(path, metricName, `${show(metricName)} is already defined by the gateway (${builtIn.join(', ')}); choose another name`);
        continue;
      }
      const owner = friendlyNames.get(metric.friendlyName.toLowerCase());
      if (owner !== undefined) {
        report([...path, 'friendlyName'], metric.friendlyName, `${show(metric.friendlyName)} is already the name of ${owner}; choose another friendlyName`);
      } else {
        friendlyNames.set(metric.friendlyName.toLowerCase(), `metric ${show(metricName)}`);
      }
    }
  }
};

/** Each mapping rule counts an existing metric or method, and no two rules match the same call. */
const gatewayMappingRulesAreValid: Rule = (env, report) => {
  for (const [name, product] of Object.entries(env.gateway.products)) {
    const vocabulary = productVocabulary(Object.keys(product.metrics));
    const seen = new Map<string, string>(ALL_BUILT_IN_METHODS.map((m) => [`${m.httpMethod} ${m.pattern}`, `the built-in rule of method ${show(m.systemName)}`]));
    product.mappingRules.forEach((rule, i) => {
      const path = ['gateway', 'products', name, 'mappingRules', i];
      if (!vocabulary.includes(rule.metricMethodRef)) {
        report([...path, 'metricMethodRef'], rule.metricMethodRef, unknownRefMessage(rule.metricMethodRef, vocabulary));
      }
      const key = `${rule.httpMethod} ${rule.pattern}`;
      const owner = seen.get(key);
      if (owner === undefined) {
        seen.set(key, `mappingRules[${i}]`);
      } else {
        report([...path, 'pattern'], rule.pattern, `${rule.httpMethod} ${show(rule.pattern)} is already mapped by ${owner}; remove one of them`);
      }
    });
  }
};

/** Browsers may call the gateway from one https origin; any origin (`*`) only in dev. */
const gatewayCorsOriginIsSafe: Rule = (env, report) => {
  if (env.gateway.cors === undefined) return;
  const origin = env.gateway.cors.allowOrigin;
  const path = ['gateway', 'cors', 'allowOrigin'];
  if (origin === '*') {
    if (env.stage !== 'dev') {
      report(path, origin, `"*" is not allowed outside dev; use the https origin of the client application, e.g. "https://app.example.com"`);
    }
  } else if (!/^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin)) {
    report(path, origin, `${show(origin)} is not an https origin; write scheme and host only, e.g. "https://app.example.com"`);
  }
};

/** Public base URLs are set only where 3scale lets us set them: on self-managed APIcast. */
const gatewayPublicUrlsNeedSelfManaged: Rule = (env, report) => {
  if (env.gateway.deployment !== 'apicastHosted') return;
  for (const [name, product] of Object.entries(env.gateway.products)) {
    for (const field of ['stagingPublicBaseURL', 'productionPublicBaseURL'] as const) {
      if (product[field] !== undefined) {
        report(['gateway', 'products', name, field], product[field],
          'is only used with apicastSelfManaged (3scale chooses hosted URLs); remove it or set gateway.deployment: apicastSelfManaged');
      }
    }
  }
};

/** The plans of a model's Product: its own, or the gateway's. */
export function productPlans(env: EnvironmentSpec, model: string): Record<string, ApplicationPlan> {
  return env.gateway.products[model]?.plans ?? env.gateway.plans;
}

/** Consumer names are unique: each names a DeveloperAccount and its Applications. */
const gatewayConsumerNamesAreUnique: Rule = (env, report) => {
  const seen = new Map<string, number>();
  env.gateway.consumers.forEach((consumer, index) => {
    const first = seen.get(consumer.name);
    if (first === undefined) {
      seen.set(consumer.name, index);
    } else {
      report(['gateway', 'consumers', index, 'name'], consumer.name,
        `${show(consumer.name)} is already used by gateway.consumers[${first}]; consumer names must be unique in an environment`);
    }
  });
};

/** A consumer subscribes to Products of this environment, each on one of that Product's plans. */
const gatewayConsumersSubscribeToKnownPlans: Rule = (env, report) => {
  const models = env.models.map((m) => m.name);
  env.gateway.consumers.forEach((consumer, index) => {
    for (const [model, plan] of Object.entries(consumer.products)) {
      const path = ['gateway', 'consumers', index, 'products', model];
      if (!models.includes(model)) {
        const allowed = models.length === 0 ? 'this environment has no models' : `use one of ${listAllowed(model, models)}`;
        report(path, model, `${show(model)} is not a model of this environment (models[].name)${didYouMean(model, models)}; ${allowed}`);
        continue;
      }
      const plans = Object.keys(productPlans(env, model));
      if (!plans.includes(plan)) {
        report(path, plan, `${show(plan)} is not a plan of product ${show(model)}; use one of ${plans.join(', ')}`);
      }
    }
  });
};

/** The gateway section's rules, in the order their problems are reported. */
export const GATEWAY_RULES: readonly Rule[] = [
  gatewayProductsNameModels,
  gatewayPlansAreConsistent,
  gatewayMetricsAreNew,
  gatewayMappingRulesAreValid,
  gatewayCorsOriginIsSafe,
  gatewayPublicUrlsNeedSelfManaged,
  gatewayConsumerNamesAreUnique,
  gatewayConsumersSubscribeToKnownPlans,
];
