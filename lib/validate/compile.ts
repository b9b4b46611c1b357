import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import equal from 'ajv/dist/runtime/equal';
import ucs2length from 'ajv/dist/runtime/ucs2length';
import uri from 'ajv/dist/runtime/uri';
import ValidationError from 'ajv/dist/runtime/validation_error';
import type { SchemaSet } from './schemas';
import { Script } from 'node:vm';

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
  return loadValidatorWithCodeCache(code, undefined).validator;
}

/** A validator loaded through V8's code cache, and how to refresh that cache. */
export interface CachedValidator {
  readonly validator: KindValidator;
  /** True when V8 used the cached data given (no compile of the standalone code). */
  readonly cacheAccepted: boolean;
  /** V8's code cache of the validator as it is now: after a run, with the functions that run compiled. */
  readonly createCachedData: () => Buffer;
}

/**
 * Loads a validator like `loadValidator`, through V8's code cache: compiling the standalone code of the 30
 * kinds costs about 0.9 s of a 2 s warm validation, and V8 can reuse its own compile of the same source.
 */
export function loadValidatorWithCodeCache(code: string, cachedData: Buffer | undefined): CachedValidator {
  const module = { exports: {} as unknown };
  const require = (name: string) => {
    if (!(name in RUNTIME)) throw new Error(`standalone validator requires unknown module ${name}`);
    return RUNTIME[name];
  };
  const script = new Script(`(function (require, module, exports) {${code}\n})`, { filename: 'standalone-validator.js', cachedData });
  script.runInThisContext()(require, module, module.exports);
  return {
    validator: wrap(module.exports as ValidateFunction),
    cacheAccepted: cachedData !== undefined && !script.cachedDataRejected,
    createCachedData: () => script.createCachedData(),
  };
}

function wrap(validate: ValidateFunction): KindValidator {
  return (object) => (validate(object) ? [] : [...(validate.errors ?? [])]);
}
