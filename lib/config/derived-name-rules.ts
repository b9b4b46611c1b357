import type { Rule } from './rules';
import { show } from './show';

/**
 * Names the render derives from a model's name and must fit the fields they land in: DNS-1035 labels of at
 * most 63 characters for Services (`<name>-predictor` by KServe, `<name>-token-gate`) and host labels
 * (`<name>-api-staging.<appsDomain>` of the gateway), and host names of at most 253. Checked here, at load
 * time, so that the problem points at the model's line. (A Route's `<name>-<namespace>` label: serving-rules.ts.)
 */

/** The longest suffix the render adds to a model name in a DNS label: `-api-staging` (the gateway's host). */
const LONGEST_SUFFIX = '-api-staging';
/** The longest model name. */
export const MAX_MODEL_NAME = 63 - LONGEST_SUFFIX.length;

const modelNamesFitDerivedNames: Rule = (env, report) => {
  env.models.forEach((model, index) => {
    const name = model.name;
    if (typeof name !== 'string' || name === '') return;
    if (/^[0-9][-a-z0-9]*$/.test(name)) {
      report(['models', index, 'name'], name, `${show(name)} must start with a letter: it names Services (${name}-predictor), which are DNS-1035 labels`);
    }
    if (name.length > MAX_MODEL_NAME) {
      report(['models', index, 'name'], name,
        `${show(name)} is ${name.length} characters; at most ${MAX_MODEL_NAME}, since it derives DNS labels up to ${LONGEST_SUFFIX.length} characters longer (${name.slice(0, 8)}...${LONGEST_SUFFIX} in the gateway's host)`);
    }
    const domain = env.cluster?.appsDomain;
    if (typeof domain === 'string' && `${name}${LONGEST_SUFFIX}.${domain}`.length > 253) {
      report(['models', index, 'name'], name, `the gateway's host "${name}${LONGEST_SUFFIX}.<cluster.appsDomain>" would be longer than 253 characters; shorten the name or the domain`);
    }
  });
};

/** The rules about derived names, in the order their problems are reported. */
export const DERIVED_NAME_RULES: readonly Rule[] = [modelNamesFitDerivedNames];
