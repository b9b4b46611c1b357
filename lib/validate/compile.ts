import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import equal from 'ajv/dist/runtime/equal';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import uri from 'ajv/dist/runtime/uri';
import ValidationError from 'ajv/dist/runtime/validation_error';
import type { SchemaSet } from './schemas';

/** A compiled check of one kind: the object's schema errors (empty when valid). */
export type KindValidator = (object: unknown) => ErrorObject[];

/**
 * Ajv as kubeconform's strict mode behaves: all errors, no coercion, no defaults, formats are annotations
 * (`int32`, `int64`, `byte`, `date-time`, ... are not checked), union types allowed (`int-or-string`).
 */
function newAjv(): Ajv {
  return new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: false,
    allowUnionTypes: true,
    // Patterns in CRDs are Go (RE2) expressions; without the `u` flag JavaScript accepts more of them.
    unicodeRegExp: false,
    code: { source: true, optimize: 1 },
  });
}

/** A compiled kind: its validator, and its standalone module code (for a disk cache; generated on demand). */
export interface CompiledKind {
  readonly validator: KindValidator;
  readonly standalone: () => string;
}

/** Compiles the schemas of `keys` (kind keys; those absent from `set` are left out), sharing one Ajv instance. */
export function compileKinds(set: SchemaSet, keys: readonly string[]): Map<string, CompiledKind> {
  const ajv = newAjv();
  if (set.definitions) ajv.addSchema(set.definitions);
  const compiled = new Map<string, CompiledKind>();
  for (const key of keys) {
    const kind = set.kinds.get(key);
    if (!kind) continue;
    const validate = ajv.compile({ ...kind.schema, $id: `https://schemas.maas-gitops.invalid/kinds/${kind.apiVersion}/${kind.kind}` });
    compiled.set(key, { validator: wrap(validate), standalone: () => standaloneCode(ajv, validate) });
  }
  return compiled;
}

/** Modules that Ajv's standalone code requires at run time, bundled here so the code runs from any folder. */
const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/equal': { default: equal },
  'ajv/dist/runtime/ucs2length': { default: ucs2length },
  'ajv/dist/runtime/uri': { default: uri },
  'ajv/dist/runtime/validation_error': { default: ValidationError },
};

/** Loads a validator from the standalone code `compileKinds` returned (e.g. read back from a disk cache). */
export function loadValidator(code: string): KindValidator {
  const module = { exports: {} as unknown };
  const require = (name: string) => {
    if (!(name in RUNTIME)) throw new Error(`standalone validator requires unknown module ${name}`);
    return RUNTIME[name];
  };
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return wrap(module.exports as ValidateFunction);
}

function wrap(validate: ValidateFunction): KindValidator {
  return (object) => (validate(object) ? [] : [...(validate.errors ?? [])]);
}
