import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';

/** The doc comments of the zod schema's object schemas. */
export interface SchemaDocs {
  /** Object schemas assigned to a variable, by the variable's name (`clientScope`). */
  readonly byVariable: ReadonlyMap<string, ObjectDocs>;
  /** Every object schema by its sorted field names (`objectKey`), for inline objects. */
  readonly byFields: ReadonlyMap<string, ObjectDocs>;
}

/** The documentation of one object schema of the zod source: its own and each field's. */
export interface ObjectDocs {
  /** The doc comment of the variable the object schema is assigned to, if any. */
  readonly description?: string;
  /** Field name -> its doc comment. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * Reads the doc comments of the zod schema's source (`z.strictObject({...})` / `z.object({...})` in every
 * `.ts` file of a folder), keyed by the object's sorted field names, which is how a JSON Schema object is
 * matched to its source. A field without its own comment whose value is a documented variable
 * that is an object schema (`gitops,` or `serving: serving.prefault({})`) takes the variable's comment; two
 * objects with the same field names keep only the comments they agree on.
 *
 * The TypeScript parser is loaded here only, so that rendering does not load it.
 */
export function readSchemaDocs(sourceDir: string): SchemaDocs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = require('typescript');
  const files = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ts.createSourceFile(f, readFileSync(join(sourceDir, f), 'utf8'), ts.ScriptTarget.Latest, true));

  const docOf = (node: TS.Node): string | undefined => {
    const text = node.getSourceFile().getFullText();
    const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
    const last = comments.filter((c) => text.startsWith('/**', c.pos)).pop();
    return last === undefined ? undefined : cleanDocComment(text.slice(last.pos, last.end));
  };

  const variables = new Map<string, string>();
  for (const file of files) {
    const visit = (node: TS.Node): void => {
      if (ts.isVariableStatement(node)) {
        const doc = docOf(node);
        for (const d of node.declarationList.declarations) {
          // Only object schemas: a primitive's comment (`dnsLabel`) says what the type is, not what the field is for.
          const isObjectSchema = d.initializer !== undefined && /^z\s*\.\s*(strictObject|object|looseObject)\(/.test(d.initializer.getText());
          if (doc !== undefined && isObjectSchema && ts.isIdentifier(d.name)) variables.set(d.name.text, doc);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  /** The variable a field's value starts from: `gitops`, `serving.prefault({})` -> `serving`, `z.array(model)` -> no. */
  const rootIdentifier = (expression: TS.Expression): string | undefined => {
    let current: TS.Expression = expression;
    for (;;) {
      if (ts.isIdentifier(current)) return current.text;
      if (ts.isCallExpression(current)) current = current.expression;
      else if (ts.isPropertyAccessExpression(current)) current = current.expression;
      else return undefined;
    }
  };

  const objects = new Map<string, ObjectDocs>();
  const byVariable = new Map<string, ObjectDocs>();
  for (const file of files) {
    const visit = (node: TS.Node): void => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        ['strictObject', 'object', 'looseObject'].includes(node.expression.name.text) &&
        node.arguments.length > 0 &&
        ts.isObjectLiteralExpression(node.arguments[0])
      ) {
        const fields: Record<string, string> = {};
        const names: string[] = [];
        for (const property of node.arguments[0].properties) {
          if (!(ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) || !property.name) continue;
          const name = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : property.name.getText();
          names.push(name);
          const root = ts.isShorthandPropertyAssignment(property) ? name : rootIdentifier(property.initializer);
          const doc = docOf(property) ?? (root === undefined || root === 'z' ? undefined : variables.get(root));
          if (doc !== undefined) fields[name] = doc;
        }
        let owner: TS.Node = node.parent;
        while (ts.isCallExpression(owner) || ts.isPropertyAccessExpression(owner)) owner = owner.parent;
        const description = ts.isVariableDeclaration(owner) && ts.isVariableDeclarationList(owner.parent) ? docOf(owner.parent.parent) : undefined;
        if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name)) {
          byVariable.set(owner.name.text, description === undefined ? { fields } : { description, fields });
        }
        const key = objectKey(names);
        const earlier = objects.get(key);
        // Two objects with the same fields: keep only the comments they agree on.
        const merged = earlier === undefined ? fields : Object.fromEntries(Object.entries(fields).filter(([k, v]) => earlier.fields[k] === v));
        const agreed = earlier === undefined || earlier.description === description ? description : undefined;
        objects.set(key, agreed === undefined ? { fields: merged } : { description: agreed, fields: merged });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { byVariable, byFields: objects };
}

/** An object schema's key in the docs table: its field names, sorted. */
export function objectKey(fieldNames: readonly string[]): string {
  return [...fieldNames].sort().join(',');
}

/**
 * A doc comment as plain text: the `/** *\/` frame and the leading `*` gone, lines of a paragraph joined,
 * paragraphs kept apart, `@default x` written as `Default: x.`
 */
export function cleanDocComment(comment: string): string {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trimEnd());
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(current.join(' ').trim());
    current = [];
  };
  for (const line of lines) {
    if (line.trim() === '') flush();
    else current.push(line.trim());
  }
  flush();
  return paragraphs
    .join('\n\n')
    .replace(/@default (?:- )?(.+?)$/gm, (_, value: string) => `Default: ${value.replace(/\.$/, '')}.`)
    .replace(/\s+Default: /g, ' Default: ')
    .trim();
}
