import type { z } from 'zod';
import { DERIVED_NAME_RULES } from './derived-name-rules';
import { GATEWAY_RULES } from './gateway-rules';
import { IDENTITY_RULES } from './identity-rules';
import { MONITORING_RULES } from './monitoring-rules';
import { SERVING_RULES } from './serving-rules';
import { show } from './show';
import type { EnvironmentSpec } from './schema';

/** Reports one problem at a field path of the environment file. */
export type Report = (path: ReadonlyArray<string | number>, input: unknown, message: string) => void;

/**
 * A semantic rule: a check that spans fields or depends on the stage, beyond what the field types say.
 *
 * Rules also run when the file has structural errors (so that one pass reports every problem); they then see
 * the input as far as it parsed. A rule that throws on such input reports nothing: the schema already
 * reported the malformed field.
 */
export type Rule = (env: EnvironmentSpec, report: Report) => void;

/** Prod installs operators only at a pinned version, and a person approves every upgrade. */
const prodOperatorsArePinned: Rule = (env, report) => {
  if (env.stage !== 'prod') return;
  for (const section of ['identity', 'gateway'] as const) {
    const operator = env[section].operator;
    if (operator.installPlanApproval !== 'Manual') {
      report([section, 'operator', 'installPlanApproval'], operator.installPlanApproval,
        `${show(operator.installPlanApproval)} is not allowed in prod; use "Manual" so that a person approves every operator upgrade`);
    }
    if (operator.startingCSV === undefined) {
      report([section, 'operator', 'startingCSV'], undefined,
        'is required in prod; pin the ClusterServiceVersion to install, e.g. "<package>.v<version>"');
    }
  }
};

/** Model names are unique in an environment: they name InferenceServices, Backends and Products. */
const modelNamesAreUnique: Rule = (env, report) => {
  const seen = new Map<unknown, number>();
  env.models.forEach((model, index) => {
    const first = seen.get(model.name);
    if (first === undefined) {
      seen.set(model.name, index);
    } else {
      report(['models', index, 'name'], model.name,
        `${show(model.name)} is already used by models[${first}]; model names must be unique in an environment`);
    }
  });
};

/** Every semantic rule, in the order their problems are reported. */
export const RULES: readonly Rule[] = [
  prodOperatorsArePinned,
  modelNamesAreUnique,
  ...IDENTITY_RULES,
  ...SERVING_RULES,
  ...GATEWAY_RULES,
  ...MONITORING_RULES,
  ...DERIVED_NAME_RULES,
];

/** Runs every rule and adds its problems to the parse context. */
export function checkRules(env: EnvironmentSpec, ctx: z.RefinementCtx): void {
  const report: Report = (path, input, message) => ctx.addIssue({ code: 'custom', path: [...path], input, message });
  for (const rule of RULES) {
    try {
      rule(env, report);
    } catch {
      // Malformed input: the schema has reported it.
    }
  }
}
