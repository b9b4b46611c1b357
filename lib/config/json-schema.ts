import { z } from 'zod';
import * as gateway from './gateway';
import * as identity from './identity';
import * as monitoring from './monitoring';
import * as operator from './operator';
import * as schema from './schema';
import * as serving from './serving';
import * as smoke from './smoke';
import { objectKey, readSchemaDocs, type ObjectDocs } from './schema-docs';

/** The modules whose exported object schemas are matched to their doc comments by variable name. */
const SCHEMA_MODULES: readonly Record<string, unknown>[] = [gateway, identity, monitoring, operator, schema, serving, smoke];

/**
 * The environment files' JSON Schema, for editors (`# yaml-language-server: $schema=...`): draft-07, what
 * yaml-language-server reads, with each field's description taken from the doc comments of the zod schema.
 * It describes the file as written, so fields with defaults are optional. Semantic rules (stage-dependent
 * checks, unique names) are enforced by the loader only.
 *
 * @param sourceDir the folder of the zod schema's source, whose doc comments become descriptions
 */
export function environmentJsonSchema(sourceDir: string = 'lib/config'): string {
  const docs = readSchemaDocs(sourceDir);
  const variableOf = new Map<unknown, string>();
  for (const module of SCHEMA_MODULES) for (const [name, value] of Object.entries(module)) variableOf.set(value, name);

  const json = z.toJSONSchema(schema.environmentFields, {
    io: 'input',
    target: 'draft-7',
    override: ({ zodSchema, jsonSchema }) => {
      const node = jsonSchema as JsonSchema;
      if (node.properties === undefined) return;
      const variable = variableOf.get(zodSchema);
      const found = (variable === undefined ? undefined : docs.byVariable.get(variable)) ?? docs.byFields.get(objectKey(Object.keys(node.properties)));
      if (found !== undefined) describe(node, found);
    },
  });
  return JSON.stringify({ ...json, title: 'MaaS environment file' }, null, 2) + '\n';
}

interface JsonSchema {
  description?: string;
  properties?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

/** Adds an object's descriptions to its JSON Schema, keeping any already there. */
function describe(node: JsonSchema, docs: ObjectDocs): void {
  if (docs.description !== undefined && node.description === undefined) node.description = docs.description;
  const properties = node.properties ?? {};
  for (const [name, field] of Object.entries(properties)) {
    const doc = docs.fields[name];
    // A copy: zod shares one JSON node between the fields of one schema instance (`keycloakName`).
    if (doc !== undefined && field.description === undefined) properties[name] = { ...field, description: doc };
  }
}
