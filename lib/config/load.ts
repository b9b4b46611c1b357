import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { environment, type Environment } from './schema';
import { didYouMean, listAllowed } from './did-you-mean';
import { show } from './show';

/** One problem found in an environment file. */
export interface Problem {
  /** 1-based line of the field, or of the nearest enclosing field that exists. */
  readonly line: number;
  /** Field path as a reader writes it, e.g. `models[1].plans.gold`; empty for the whole file. */
  readonly path: string;
  /** What was found and what is allowed. */
  readonly message: string;
}

/** Every problem of every invalid environment file, reported at once. */
export class InvalidEnvironmentsError extends Error {
  constructor(public readonly problemsByFile: ReadonlyMap<string, readonly Problem[]>) {
    super([...problemsByFile].map(([file, problems]) => formatProblems(file, problems)).join('\n'));
    this.name = 'InvalidEnvironmentsError';
  }
}

/** Formats one file's problems the way the render command prints them. */
export function formatProblems(file: string, problems: readonly Problem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const width = Math.max(...problems.map((p) => String(p.line).length));
  const lines = problems.map((p) => {
    const where = p.path === '' ? '' : `${p.path}: `;
    return `  line ${String(p.line).padEnd(width)}  ${where}${p.message}`;
  });
  return [`${file} is invalid (${count}):`, ...lines].join('\n');
}

/** The result of loading one file: the environment, or the problems that prevent it. */
export type LoadResult =
  | { readonly ok: true; readonly environment: Environment }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Parses and validates one environment file's text.
 *
 * @param name the environment's name (the file name without `.yaml`); must be a DNS label
 * @param text the file's content
 */
export function parseEnvironment(name: string, text: string): LoadResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `yes` and `on` are strings, so a boolean field given `yes` is reported, not guessed.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), path: '', message: yamlMessage(e.message) })) };
  }

  const problems: Problem[] = [];
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    problems.push({ line: 1, path: '', message: `the file name ${show(name)} is not a DNS label; it names dist/<env>/ and Argo CD applications` });
  }
  const result = environment.safeParse(doc.toJS() ?? {}, { reportInput: true, error: describeIssue });
  if (result.success && problems.length === 0) {
    return { ok: true, environment: { ...result.data, name } };
  }
  for (const issue of result.error?.issues ?? []) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({ line: lineOf(doc, path, lineAt), path: formatPath(path), message: unknownKeyMessage(key, issue.path) });
      }
    } else {
      problems.push({ line: lineOf(doc, issue.path, lineAt), path: formatPath(issue.path), message: issue.message });
    }
  }
  return { ok: false, problems: sortProblems(problems) };
}

/**
 * Loads every `*.yaml` file of a folder as an environment, in name order.
 *
 * @throws InvalidEnvironmentsError listing every problem of every file when any file is invalid
 */
export function loadEnvironments(dir: string, displayRoot: string = process.cwd()): Environment[] {
  if (!existsSync(dir)) {
    throw new InvalidEnvironmentsError(new Map([[relative(displayRoot, dir) || '.', [{ line: 1, path: '', message: 'does not exist; pass the folder of the environment files (--environments DIR)' }]]]));
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const environments: Environment[] = [];
  const problemsByFile = new Map<string, readonly Problem[]>();
  for (const file of files) {
    const path = join(dir, file);
    const result = parseEnvironment(basename(file, '.yaml'), readFileSync(path, 'utf8'));
    if (result.ok) {
      environments.push(result.environment);
    } else {
      problemsByFile.set(relative(displayRoot, path), result.problems);
    }
  }
  if (problemsByFile.size > 0) throw new InvalidEnvironmentsError(problemsByFile);
  if (environments.length === 0) {
    throw new InvalidEnvironmentsError(new Map([[relative(displayRoot, dir) || '.', [{ line: 1, path: '', message: 'holds no environment file (*.yaml)' }]]]));
  }
  return environments;
}

/** Writes a message for zod's own checks: what was found, then what is allowed. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const found = show(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected})` : `${found} is not ${article(issue.expected)}`;
    case 'invalid_value':
      return `${found} is not one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? 'must not be empty' : `${found} is shorter than ${issue.minimum} characters`;
      if (issue.origin === 'array') return `has ${(issue.input as unknown[]).length} items; at least ${issue.minimum} required`;
      return `${found} is less than ${issue.inclusive ? 'the minimum ' : ''}${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `${found} is longer than ${issue.maximum} characters`;
      if (issue.origin === 'array') return `has ${(issue.input as unknown[]).length} items; at most ${issue.maximum} allowed`;
      return `${found} is more than ${issue.inclusive ? 'the maximum ' : ''}${issue.maximum}`;
    case 'invalid_union':
      return `${found} matches none of the allowed forms`;
    case 'invalid_key':
      // A mapping key that fails its schema: the key schema's own message says what is allowed.
      return issue.issues.map((inner) => inner.message).join('; ');
    default:
      return undefined;
  }
}

function article(type: string): string {
  const names: Record<string, string> = { array: 'a list', object: 'a mapping', record: 'a mapping', int: 'an integer' };
  return names[type] ?? `a ${type}`;
}

function unknownKeyMessage(key: string, parentPath: readonly PropertyKey[]): string {
  const allowed = allowedKeys(environment, parentPath);
  if (allowed.length === 0) return 'unknown key';
  // A mapping's keys are a short vocabulary: all of them up to a dozen, then the closest dozen.
  return `unknown key${didYouMean(key, allowed)}; allowed keys: ${listAllowed(key, allowed, 12)}`;
}

/** The keys an object schema accepts at a path, found by walking the schema. */
function allowedKeys(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  const unwrap = (s: z.core.$ZodType): z.core.$ZodType => {
    const def = s._zod.def as unknown as { innerType?: z.core.$ZodType; in?: z.core.$ZodType; schema?: z.core.$ZodType };
    const inner = def.innerType ?? def.in;
    return inner ? unwrap(inner) : s;
  };
  for (const segment of path) {
    if (!current) return [];
    const def = unwrap(current)._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType };
    if (def.type === 'object') current = def.shape?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return [];
  }
  if (!current) return [];
  const def = unwrap(current)._zod.def as unknown as { type: string; shape?: Record<string, unknown> };
  return def.type === 'object' && def.shape ? Object.keys(def.shape).filter((k) => k !== '$schema') : [];
}

/** The line of the deepest node on a path that exists in the document (a missing field: its parent's line). */
function lineOf(doc: Document, path: readonly PropertyKey[], lineAt: (offset: number) => number): number {
  let node: Node | null | undefined = doc.contents;
  let line = node?.range ? lineAt(node.range[0]) : 1;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      const key = pair.key as Node;
      if (key.range) line = lineAt(key.range[0]);
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment] as Node | undefined;
      if (!node) break;
      if (node.range) line = lineAt(node.range[0]);
    } else {
      break;
    }
  }
  return line;
}

/** `["models", 1, "plans", "gold"]` -> `models[1].plans.gold`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment);
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) return i === 0 ? key : `.${key}`;
      return `[${JSON.stringify(key)}]`;
    })
    .join('');
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.i - b.i)
    .map(({ p }) => p);
}

function yamlMessage(message: string): string {
  // The yaml library appends "at line N, column M"; the line is printed in front already.
  return `YAML syntax: ${message.replace(/ at line \d+, column \d+.*$/s, '')}`;
}
