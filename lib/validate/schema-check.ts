import type { ErrorObject } from 'ajv';
import type { KindValidator } from './compile';
import { finding, type Finding, type Manifest, show, valueAt } from './manifests';
import { kindKey } from './schemas';
import { toPointer } from './yaml';

/** The kind keys (`apiVersion kind`) of `manifests`, each once: the schemas to compile. */
export function kindsIn(manifests: readonly Manifest[]): string[] {
  return [...new Set(manifests.map((m) => kindKey(m.apiVersion, m.kind)))].sort();
}

/**
 * Checks each object against its kind's schema. An object whose kind has no validator is an error: the
 * API server would refuse it (or the CRD is missing from the schema folder).
 */
export function checkSchemas(manifests: readonly Manifest[], validatorFor: (key: string) => KindValidator | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const manifest of manifests) {
    const validate = validatorFor(kindKey(manifest.apiVersion, manifest.kind));
    if (!validate) {
      findings.push(finding(manifest, '/kind', 'no-schema',
        `no schema for apiVersion "${manifest.apiVersion}" kind "${manifest.kind}"; fix apiVersion/kind, or add the kind's CRD to the schema folder`));
      continue;
    }
    for (const error of relevantErrors(validate(manifest.value))) {
      const { pointer, message } = describeError(error, manifest.value);
      findings.push(finding(manifest, pointer, 'schema', message));
    }
  }
  return findings;
}

/** Drops the per-branch errors of a failed `anyOf`/`oneOf`: the junctor's own error says it better. */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const junctors = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  return errors.filter((e) => !junctors.some((prefix) => e.schemaPath.startsWith(prefix)));
}

/** An Ajv error as a JSON pointer and a message that names what was found and what is allowed. */
export function describeError(error: ErrorObject, object: unknown): { pointer: string; message: string } {
  const here = error.instancePath;
  const found = valueAt(object, here);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      return { pointer: here + toPointer([field]), message: `unknown field "${field}" (the schema allows no other fields here)` };
    }
    case 'required':
      return { pointer: here + toPointer([String(params.missingProperty)]), message: 'required field is missing' };
    case 'type':
      return { pointer: here, message: `must be ${[params.type].flat().join(' or ')}, found ${typeName(found)} ${show(found)}` };
    case 'enum':
      return { pointer: here, message: `${show(found)} is not one of ${(params.allowedValues as unknown[]).map((v) => show(v)).join(', ')}` };
    case 'const':
      return { pointer: here, message: `must be ${show(params.allowedValue)}, found ${show(found)}` };
    case 'pattern':
      return { pointer: here, message: `${show(found)} does not match the pattern ${params.pattern}` };
    case 'oneOf':
    case 'anyOf':
      return { pointer: here, message: `${error.message} (alternatives at ${error.schemaPath} of the schema)` };
    default:
      return { pointer: here, message: `${error.message}, found ${show(found)}` };
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
