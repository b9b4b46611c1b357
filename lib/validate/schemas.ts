import { parse } from 'yaml';

/** A JSON Schema node (draft-07 as Ajv reads it). */
export type JsonSchema = { [keyword: string]: unknown };

/** One schema file as read from the schema folder. */
export interface SchemaSource {
  /** Path relative to the schema folder, e.g. `olm/operators.coreos.com_subscriptions.yaml`. */
  readonly path: string;
  readonly text: string;
}

/** The JSON Schema of one apiVersion/kind. */
export interface KindSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** The file it came from, relative to the schema folder. */
  readonly source: string;
  readonly schema: JsonSchema;
}

/** Every kind found in a schema folder, plus the Kubernetes definitions the kinds refer to. */
export interface SchemaSet {
  /** `kindKey(apiVersion, kind)` -> schema. */
  readonly kinds: ReadonlyMap<string, KindSchema>;
  /** The Kubernetes definitions document (`$id` `K8S_DEFINITIONS_ID`), or undefined when no source had one. */
  readonly definitions?: JsonSchema;
  /** Files that could not be read as a CRD or a definitions document. */
  readonly problems: readonly string[];
}

/** `$id` of the Kubernetes definitions document; CRD schemas refer to its ObjectMeta. */
export const K8S_DEFINITIONS_ID = 'https://schemas.maas-gitops.invalid/k8s-definitions.json';
const OBJECT_META = `${K8S_DEFINITIONS_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

/** The lookup key of a kind: `operators.coreos.com/v1alpha1 Subscription`. */
export function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/**
 * Reads every CRD (`*.yaml`) and Kubernetes definitions file (`*.json` with `definitions`) into one schema set.
 * Later sources do not override earlier ones: a kind defined twice is reported as a problem.
 */
export function loadSchemaSet(sources: readonly SchemaSource[]): SchemaSet {
  const kinds = new Map<string, KindSchema>();
  const problems: string[] = [];
  let definitions: JsonSchema | undefined;
  const add = (found: KindSchema) => {
    const key = kindKey(found.apiVersion, found.kind);
    const existing = kinds.get(key);
    if (existing) problems.push(`${found.source}: ${key} is already defined by ${existing.source}; keeping the first`);
    else kinds.set(key, found);
  };
  for (const source of sources) {
    try {
      if (source.path.endsWith('.json')) {
        const converted = k8sDefinitions(JSON.parse(source.text), source.path);
        definitions = converted.definitions;
        converted.kinds.forEach(add);
      } else if (/\.ya?ml$/.test(source.path)) {
        crdKinds(parse(source.text), source.path).forEach(add);
      }
    } catch (error) {
      problems.push(`${source.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { kinds, definitions, problems };
}

/**
 * The group and kind a CRD file defines, read without parsing it (parsing every large CRD costs over a second),
 * or undefined when the file is not laid out as controller-gen writes CRDs: then parse it to find out.
 */
export function crdIdentity(text: string): { group: string; kind: string } | undefined {
  const group = /^ {2}group: ['"]?([\w.-]+)['"]?$/m.exec(text)?.[1];
  const kind = /^ {2}names:\n(?: {4}.*\n)*? {4}kind: ['"]?(\w+)['"]?$/m.exec(text)?.[1];
  return group && kind && /^kind: CustomResourceDefinition$/m.test(text) ? { group, kind } : undefined;
}

/**
 * The served versions of one `apiextensions.k8s.io/v1` CustomResourceDefinition, as strict JSON Schemas:
 * `metadata` is checked as Kubernetes ObjectMeta, `apiVersion` and `kind` must be this version's.
 *
 * @throws Error when the document is not a CRD with an `openAPIV3Schema` per version
 */
export function crdKinds(crd: unknown, source: string): KindSchema[] {
  const doc = crd as { kind?: string; spec?: { group?: string; names?: { kind?: string }; versions?: CrdVersion[] } };
  const group = doc?.spec?.group;
  const kind = doc?.spec?.names?.kind;
  if (doc?.kind !== 'CustomResourceDefinition' || !group || !kind || !Array.isArray(doc.spec?.versions)) {
    throw new Error('not an apiextensions.k8s.io/v1 CustomResourceDefinition with spec.group, spec.names.kind and spec.versions');
  }
  return doc.spec.versions
    .filter((version) => version.served !== false)
    .map((version) => {
      const openApi = version.schema?.openAPIV3Schema;
      if (!openApi) throw new Error(`version ${version.name} has no schema.openAPIV3Schema`);
      const apiVersion = `${group}/${version.name}`;
      const schema = structural(openApi);
      const properties = { ...(schema.properties as JsonSchema | undefined) };
      // The API server checks metadata as ObjectMeta whatever the CRD says (CRDs usually say `type: object`).
      properties.metadata = { $ref: OBJECT_META };
      properties.apiVersion = { const: apiVersion };
      properties.kind = { const: kind };
      return { apiVersion, kind, source, schema: { ...schema, properties, required: withTopLevelRequired(schema.required) } };
    });
}

interface CrdVersion {
  readonly name: string;
  readonly served?: boolean;
  readonly schema?: { readonly openAPIV3Schema?: JsonSchema };
}

function withTopLevelRequired(required: unknown): string[] {
  const list = Array.isArray(required) ? (required as string[]) : [];
  return [...new Set(['apiVersion', 'kind', 'metadata', ...list])];
}

/** Keywords copied unchanged from an OpenAPI v3 (CRD) schema node; anything else is dropped. */
const PLAIN_KEYWORDS = [
  'required', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'format',
];

/**
 * Converts one structural-schema node (a CRD's openAPIV3Schema or below) into strict JSON Schema:
 * - `x-kubernetes-int-or-string` becomes `type: [integer, string]`;
 * - `nullable: true` adds `null` to the type;
 * - `x-kubernetes-list-type: set` becomes `uniqueItems: true`;
 * - OpenAPI's boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07 numbers;
 * - an object without `additionalProperties` and without `x-kubernetes-preserve-unknown-fields` gets
 *   `additionalProperties: false`, because the API server drops (or, with strict field validation, rejects)
 *   unknown fields there;
 * - `allOf`/`anyOf`/`oneOf`/`not` branches are value validations only, so they are converted without it;
 * - `anyOf: null` (present in the OpenShift Route CRD) is dropped.
 */
export function structural(node: JsonSchema, inJunctor = false): JsonSchema {
  const out: JsonSchema = {};
  for (const keyword of PLAIN_KEYWORDS) if (node[keyword] !== undefined && node[keyword] !== null) out[keyword] = node[keyword];
  if (typeof out.pattern === 'string') {
    const pattern = javaScriptPattern(out.pattern);
    if (pattern === undefined) delete out.pattern;
    else out.pattern = pattern;
  }
  exclusiveBounds(node, out);
  if (node.properties && typeof node.properties === 'object') {
    out.properties = mapValues(node.properties as Record<string, JsonSchema>, (child) => structural(child, inJunctor));
  }
  if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) out.items = structural(node.items as JsonSchema, inJunctor);
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (Array.isArray(node[junctor])) out[junctor] = (node[junctor] as JsonSchema[]).map((branch) => structural(branch, true));
  }
  if (node.not && typeof node.not === 'object') out.not = structural(node.not as JsonSchema, true);
  if (inJunctor) {
    if (node.type) out.type = node.type;
    return out;
  }

  const preserveUnknown = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    if (isPlainTypeUnion(out.anyOf)) delete out.anyOf;
  } else if (node.type) {
    out.type = node.type;
  }
  if (node['x-kubernetes-embedded-resource'] === true) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...(out.properties as JsonSchema) };
  }
  if (typeof node.additionalProperties === 'object' && node.additionalProperties !== null) {
    out.additionalProperties = structural(node.additionalProperties as JsonSchema);
  } else if (typeof node.additionalProperties === 'boolean') {
    out.additionalProperties = node.additionalProperties;
  } else if ((out.type === 'object' || out.properties) && !preserveUnknown) {
    out.additionalProperties = false;
  }
  // The API server rejects a duplicate in a list declared a set.
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (node.nullable === true) nullable(out);
  return out;
}

/**
 * A Go (RE2) pattern as a JavaScript one. Go's inline `(?i)` has no JavaScript equivalent in a JSON Schema
 * `pattern`, so each letter after it (outside character classes) becomes `[xX]`. A pattern JavaScript still
 * cannot compile is dropped (returns undefined): the value is then accepted rather than the schema refused.
 */
export function javaScriptPattern(pattern: string): string | undefined {
  let converted = pattern;
  const flag = pattern.indexOf('(?i)');
  if (flag >= 0) {
    let rest = '';
    let inClass = false;
    const tail = pattern.slice(flag + 4);
    for (let i = 0; i < tail.length; i++) {
      const char = tail[i];
      if (char === '\\') {
        rest += char + (tail[i + 1] ?? '');
        i++;
      } else if (char === '[' || char === ']') {
        inClass = char === '[';
        rest += char;
      } else {
        rest += !inClass && /[a-z]/i.test(char) ? `[${char.toLowerCase()}${char.toUpperCase()}]` : char;
      }
    }
    converted = pattern.slice(0, flag) + rest;
  }
  try {
    new RegExp(converted);
    return converted;
  } catch {
    return undefined;
  }
}

function exclusiveBounds(node: JsonSchema, out: JsonSchema): void {
  for (const [exclusive, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (node[exclusive] === true && typeof node[bound] === 'number') {
      out[exclusive] = node[bound];
      delete out[bound];
    } else if (typeof node[exclusive] === 'number') {
      out[exclusive] = node[exclusive];
    }
  }
}

function nullable(out: JsonSchema): void {
  if (out.type) out.type = [...new Set([...[out.type].flat(), 'null'])];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
}

/** `[{type: integer}, {type: string}]`: a union of bare types, said better by a `type` list. */
function isPlainTypeUnion(branches: unknown): boolean {
  return Array.isArray(branches) && branches.every((branch) => Object.keys(branch).length === 1 && typeof branch.type === 'string');
}

/**
 * The Kubernetes API definitions (cdk8s's `_definitions.json`, swagger `definitions` converted to JSON Schema)
 * made strict, plus one kind schema per definition that names its group/version/kind.
 */
export function k8sDefinitions(document: unknown, source: string): { definitions: JsonSchema; kinds: KindSchema[] } {
  const defs = (document as { definitions?: Record<string, JsonSchema> })?.definitions;
  if (!defs || typeof defs !== 'object') throw new Error('has no "definitions" object');
  const strict = mapValues(defs, (definition) => strictDefinition(definition));
  const kinds: KindSchema[] = [];
  for (const [name, definition] of Object.entries(defs)) {
    const gvks = definition['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    for (const { group, version, kind } of gvks ?? []) {
      // DeleteOptions, WatchEvent, ... list every group; only the definition named after its kind defines it.
      if (!name.endsWith(`.${kind}`)) continue;
      const apiVersion = group ? `${group}/${version}` : version;
      kinds.push({
        apiVersion,
        kind,
        source,
        schema: {
          $ref: `${K8S_DEFINITIONS_ID}#/definitions/${name}`,
          properties: { apiVersion: { const: apiVersion }, kind: { const: kind } },
          required: ['apiVersion', 'kind', 'metadata'],
        },
      });
    }
  }
  return { definitions: { $id: K8S_DEFINITIONS_ID, definitions: strict }, kinds };
}

/** One swagger definition node: unknown properties are errors, sets unique, descriptions and extensions dropped. */
function strictDefinition(node: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'x-kubernetes-list-type' && value === 'set') out.uniqueItems = true;
    if (keyword === 'description' || keyword.startsWith('x-kubernetes-')) continue;
    if (keyword === 'properties') out.properties = mapValues(value as Record<string, JsonSchema>, strictDefinition);
    else if ((keyword === 'items' || keyword === 'additionalProperties') && typeof value === 'object') out[keyword] = strictDefinition(value as JsonSchema);
    else if (keyword === 'oneOf' && isPlainTypeUnion(value)) out.type = (value as JsonSchema[]).map((branch) => branch.type);
    else out[keyword] = value;
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function mapValues<T, U>(record: Record<string, T>, map: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}
