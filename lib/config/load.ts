import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, statSync, constants as fsConstants } from 'node:fs';
import { join, relative } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { LONE_SURROGATE } from '../go-yaml';
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
  // Duplicate keys are found by keyProblems: the library's own check compares every pair of keys.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    return { ok: false, problems: doc.errors.map((e) => ({ line: lineAt(e.pos[0]), path: '', message: yamlMessage(e.code, e.message) })) };
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    // Never shown: a file that is not a mapping may be anything (a `.env` file linked by mistake).
    const found = isSeq(contents) ? 'a list' : 'a single value';
    return { ok: false, problems: [{ line: lineAt(contents.range?.[0] ?? 0), path: '', message: `holds ${found}, not a mapping of fields; is it an environment file?` }] };
  }

  const problems: Problem[] = [...keyProblems(doc, lineAt)];
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    problems.push({ line: 1, path: '', message: `the file name ${show(name)} is not a DNS label; it names dist/<env>/ and Argo CD applications` });
  } else if (name.length > MAX_ENVIRONMENT_NAME) {
    problems.push({ line: 1, path: '', message: `the file name ${show(name)} is ${name.length} characters; at most ${MAX_ENVIRONMENT_NAME}, since it names the Argo CD Application "maas-<env>", a DNS label of at most 63` });
  }
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { ok: false, problems: [aliasProblem(doc, error, lineAt)] };
  }
  const result = environment.safeParse(data ?? {}, { reportInput: true, error: describeIssue });
  if (result.success) {
    return { ok: true, environment: { ...result.data, name } };
  }
  const locate = lineLocator(doc, lineAt);
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        problems.push({ line: locate(path), path: formatPath(path), message: unknownKeyMessage(key, issue.path) });
      }
    } else {
      problems.push({ line: locate(issue.path), path: formatPath(issue.path), message: issue.message });
    }
  }
  return { ok: false, problems: sortProblems(problems) };
}

/** The longest environment name: the Argo CD Application `maas-<env>` is a DNS label of at most 63 characters. */
export const MAX_ENVIRONMENT_NAME = 58;

/**
 * Duplicate keys, and keys no render can carry: cdk8s, which writes the manifests, fails on a map with a `constructor` key, and
 * `__proto__` is lost on the way through JavaScript objects; strings holding a lone UTF-16 surrogate (an
 * escape such as "\uD800") cannot be written to a UTF-8 file.
 */
function keyProblems(doc: Document, lineAt: (offset: number) => number): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const line = lineAt(pair.key.range?.[0] ?? 0);
        const first = seen.get(pair.key.value);
        if (first === undefined) seen.set(pair.key.value, line);
        else problems.push({ line, path: '', message: `YAML syntax: the key ${show(pair.key.value)} appears twice (first at line ${first}); map keys must be unique` });
      }
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'constructor' || pair.key.value === '__proto__')) {
        problems.push({ line: lineAt(pair.key.range?.[0] ?? 0), path: '', message: `the key ${show(pair.key.value)} cannot be rendered (the manifest libraries treat it as an object's own machinery); rename it` });
      }
    },
    Scalar(_, scalar) {
      if (typeof scalar.value === 'string' && LONE_SURROGATE.test(scalar.value)) {
        problems.push({ line: lineAt(scalar.range?.[0] ?? 0), path: '', message: 'holds a lone UTF-16 surrogate escape (\\uD800–\\uDFFF without its pair), which no YAML file can carry; write the character itself' });
      }
    },
  });
  return problems;
}

/** The problem of a document whose aliases cannot be expanded: undefined, or too many copies. */
function aliasProblem(doc: Document, error: unknown, lineAt: (offset: number) => number): Problem {
  let unresolved: Problem | undefined;
  let first: number | undefined;
  visit(doc, {
    Alias(_, alias) {
      first ??= alias.range?.[0];
      if (!unresolved && alias.resolve(doc) === undefined) {
        unresolved = { line: lineAt(alias.range?.[0] ?? 0), path: '', message: `YAML syntax: the alias *${alias.source} refers to no anchor &${alias.source} before it` };
      }
    },
  });
  if (unresolved) return unresolved;
  const excessive = error instanceof Error && /alias count/i.test(error.message);
  return {
    line: lineAt(first ?? 0),
    path: '',
    message: excessive ? 'YAML: the aliases expand to too many copies (more than 1000); write the values out' : `YAML: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/** The largest environment file read: an environment is a few kilobytes, and a larger file is a mistake. */
export const MAX_ENVIRONMENT_FILE_BYTES = 1024 * 1024;

/**
 * Loads every `*.yaml` file of a folder as an environment, in name order. Hidden files (`.#dev.yaml`, an
 * editor's lock) are not environments. A file whose name ends in another spelling of the extension
 * (`.yml`, `.YAML`) is an error, never skipped: renaming a file must not silently delete its environment.
 *
 * @param only the names of the environments to load (`npm run synth -- --env`); the other files are not read
 * @throws InvalidEnvironmentsError listing every problem of every file when any file is invalid
 */
export function loadEnvironments(dir: string, displayRoot: string = process.cwd(), only?: readonly string[]): Environment[] {
  const shownDir = relative(displayRoot, dir) || '.';
  if (!existsSync(dir)) {
    throw new InvalidEnvironmentsError(new Map([[shownDir, [{ line: 1, path: '', message: 'does not exist; pass the folder of the environment files (--environments DIR)' }]]]));
  }
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw new InvalidEnvironmentsError(new Map([[shownDir, [{ line: 1, path: '', message: `cannot be read (${errorCode(error)}); pass the folder of the environment files (--environments DIR)` }]]]));
  }
  const files = entries.filter((f) => !f.startsWith('.') && /\.ya?ml$/i.test(f) && (only === undefined || only.includes(f.replace(/\.ya?ml$/i, '')))).sort();
  const environments: Environment[] = [];
  const problemsByFile = new Map<string, readonly Problem[]>();
  for (const file of files) {
    const path = join(dir, file);
    const shown = relative(displayRoot, path);
    if (!file.endsWith('.yaml')) {
      const renamed = file.replace(/\.ya?ml$/i, '.yaml');
      problemsByFile.set(shown, [{ line: 1, path: '', message: `environment files end in ".yaml"; rename it to ${renamed} (it is not rendered until then)` }]);
      continue;
    }
    const read = readEnvironmentFile(path);
    const result = 'problem' in read ? { ok: false as const, problems: [read.problem] } : parseEnvironment(file.slice(0, -'.yaml'.length), read.text);
    if (result.ok) {
      environments.push(result.environment);
    } else {
      problemsByFile.set(shown, result.problems);
    }
  }
  if (problemsByFile.size > 0) throw new InvalidEnvironmentsError(problemsByFile);
  if (environments.length === 0) {
    throw new InvalidEnvironmentsError(new Map([[shownDir, [{ line: 1, path: '', message: 'holds no environment file (*.yaml)' }]]]));
  }
  return environments;
}

/**
 * An environment file's text, or why it cannot be read: not a regular file (a folder; a FIFO, which would
 * block forever), a dangling link, too large, not UTF-8. The content is never part of a problem.
 */
function readEnvironmentFile(path: string): { text: string } | { problem: Problem } {
  const problem = (message: string) => ({ problem: { line: 1, path: '', message } });
  let stats;
  try {
    stats = statSync(path);
  } catch (error) {
    return problem(`cannot be read (${errorCode(error)}${errorCode(error) === 'ENOENT' ? ': a symbolic link to nothing?' : ''})`);
  }
  if (stats.isDirectory()) return problem('is a folder, not an environment file');
  if (!stats.isFile()) return problem('is not a regular file (a FIFO, socket or device); an environment file must be a regular file');
  let bytes: Buffer;
  let fd: number | undefined;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it does not wait for a writer.
    fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const size = fstatSync(fd).size;
    if (!fstatSync(fd).isFile()) return problem('is not a regular file; an environment file must be a regular file');
    if (size > MAX_ENVIRONMENT_FILE_BYTES) return problem(`is ${size} bytes; an environment file is at most ${MAX_ENVIRONMENT_FILE_BYTES} bytes`);
    bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    bytes = bytes.subarray(0, read);
  } catch (error) {
    return problem(`cannot be read (${errorCode(error)})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const invalid = firstInvalidUtf8(bytes);
  if (invalid !== undefined) {
    const before = bytes.subarray(0, invalid);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const column = invalid - (before.lastIndexOf(0x0a) + 1) + 1;
    return { problem: { line, path: '', message: `is not valid UTF-8 (byte 0x${bytes[invalid].toString(16).toUpperCase().padStart(2, '0')} at column ${column}); save the file as UTF-8` } };
  }
  return { text: bytes.toString('utf8') };
}

/** The offset of the first byte that is not part of a valid UTF-8 sequence, or undefined. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return undefined;
  } catch {
    // Rare: find the place, one sequence at a time.
  }
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    try {
      decoder.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return undefined;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** Writes a message for zod's own checks: what was found, then what is allowed. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const found = show(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected})` : `${found} is not ${article(issue.expected)}`;
    case 'invalid_value':
      if (issue.input === undefined) return `is required (one of ${issue.values.map((v) => String(v)).join(', ')})`;
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

/**
 * Finds the line of the deepest node on a path that exists in the document (a missing field: its parent's
 * line). Each map's keys are indexed once, so that thousands of unknown keys cost linear time.
 */
function lineLocator(doc: Document, lineAt: (offset: number) => number): (path: readonly PropertyKey[]) => number {
  const indexes = new Map<Node, Map<string, { key: Node; value: Node | null }>>();
  const indexOf = (map: Node & { items: unknown[] }) => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items as { key: unknown; value: unknown }[]) {
        if (isScalar(pair.key) && !index.has(String(pair.key.value))) index.set(String(pair.key.value), { key: pair.key as Node, value: pair.value as Node | null });
      }
      indexes.set(map, index);
    }
    return index;
  };
  return (path) => {
    let node: Node | null | undefined = doc.contents;
    let line = node?.range ? lineAt(node.range[0]) : 1;
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(doc) as Node | undefined;
      if (isMap(node)) {
        const pair = indexOf(node).get(String(segment));
        if (!pair) break;
        if (pair.key.range) line = lineAt(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment] as Node | undefined;
        if (!node) break;
        if (node.range) line = lineAt(node.range[0]);
      } else {
        break;
      }
    }
    return line;
  };
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

function yamlMessage(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'YAML syntax: a second document (`---`); an environment file is one YAML document';
  // The yaml library appends "at line N, column M" (the line is printed in front already) and at times
  // advice for its own API callers ("please use ..."), which means nothing to the reader of a file.
  const text = message.replace(/ at line \d+, column \d+.*$/s, '').replace(/;? ?please use [^;]*$/i, '');
  return `YAML syntax: ${text}`;
}
