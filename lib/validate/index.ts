import type { KindValidator } from './compile';
import type { Finding, Manifest } from './manifests';
import { checkPolicies, type EnvironmentInfo } from './policy';
import { checkReferences, type ReferenceContext } from './references';
import { checkSchemas } from './schema-check';
import { groupBy } from '../group-by';

export { compileKinds, loadValidator, loadValidatorWithCodeCache, type KindValidator } from './compile';
export { formatFinding, readManifests, type Finding, type Manifest, type RenderedFile } from './manifests';
export { POLICY_RULES, type EnvironmentInfo } from './policy';
export { REFERENCE_RULES, type ReferenceContext } from './references';
export { kindsIn } from './schema-check';
export { checkWarnings } from './warnings';
export { crdIdentity, kindKey, loadSchemaSet, type SchemaSet, type SchemaSource } from './schemas';

/** Everything the checks need besides the objects. */
export interface ValidationContext {
  /** Environment folder name -> its stage; a folder missing here is treated as stage = folder name. */
  readonly environments: ReadonlyMap<string, EnvironmentInfo>;
  /** The compiled schema of a kind key (`apiVersion kind`), or undefined when the kind has no schema. */
  readonly validatorFor: (key: string) => KindValidator | undefined;
  readonly references: ReferenceContext;
}

/**
 * Schema, policy and reference checks over every object, environment by environment; findings sorted by
 * file and position.
 */
export function validateManifests(manifests: readonly Manifest[], context: ValidationContext): Finding[] {
  const findings = checkSchemas(manifests, context.validatorFor);
  for (const [name, envManifests] of groupBy(manifests, (manifest) => manifest.environment)) {
    const env = context.environments.get(name) ?? { name, stage: name };
    findings.push(...checkPolicies(envManifests, env), ...checkReferences(envManifests, context.references));
  }
  return sortFindings(findings);
}

/** Sorts by file, line, column, then rule, so output is stable across runs. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.rule.localeCompare(b.rule));
}
