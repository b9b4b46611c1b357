import { Document, isScalar, parseDocument } from 'yaml';
import { goYamlReadsAsOther } from '../go-yaml';
import { goYamlProblems, parseYaml, readTags, type ParsedYaml, type Position } from './yaml';

/**
 * The fast path of reading a rendered file: the block-style subset that the render writes (`lib/fast-yaml.ts`),
 * one document, a map at the top, block maps and sequences with plain, single- or double-quoted scalars, and
 * `{}` / `[]`. It builds plain JSON data directly, without the yaml library's CST, nodes and positions; the
 * values are those `parseYaml` (lib/validate/yaml.ts) gives, because every scalar that is not obviously a
 * string is resolved by the library itself, with the same options (YAML 1.1, go-yaml's tags).
 *
 * Anything outside the subset (comments, anchors, tags, flow collections, block scalars, multi-line scalars,
 * several documents, duplicate or non-string keys, `<<`, `__proto__`, tabs, characters go-yaml treats
 * specially) returns undefined: the caller then reads the file with the full parser.
 *
 * @returns the document's value, and whether go-yaml could read a plain scalar of it differently (the caller
 *   then runs the positioned go-yaml check); undefined when the file is outside the subset
 */
export function fastRead(text: string): { value: Record<string, unknown>; goYamlSuspect: boolean } | undefined {
  // Tabs, CR, control characters, U+0085, U+2028/9, U+FEFF, U+FFFE/F and lone surrogates: the full parser.
  if (UNUSUAL.test(text)) return undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return undefined;
  const reader = new Reader(lines);
  try {
    if (reader.indentAt(0) !== 0) return undefined;
    const value = reader.node(0);
    if (reader.i !== lines.length || value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    return { value: value as Record<string, unknown>, goYamlSuspect: reader.suspect };
  } catch (error) {
    if (error === OUTSIDE) return undefined;
    throw error;
  }
}

/** Characters that send a file to the full parser. */
const UNUSUAL = /[^\n\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]|[\u2028\u2029]/u;

/** Thrown inside the reader when the text leaves the subset. */
const OUTSIDE = Symbol('outside the fast subset');

function outside(): never {
  throw OUTSIDE;
}

/** The tags of the library's YAML 1.1 schema (with go-yaml's adjustments) that read a plain scalar as a non-string. */
const OTHER_TYPES = (() => {
  const { tags, compat } = new Document(null, { version: '1.1', customTags: readTags }).schema;
  return [...tags, ...(compat ?? [])].flatMap((tag) => (tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [tag.test] : []));
})();

/** Scalars resolved by the library, by their source: most repeat across files. */
const resolved = new Map<string, { value: unknown } | null>();

/** The value of one scalar token (plain or quoted) as the library reads it; undefined when it is not one. */
function libraryScalar(source: string): { value: unknown } | null {
  let entry = resolved.get(source);
  if (entry === undefined) {
    const doc = parseDocument(source, { version: '1.1', customTags: readTags, uniqueKeys: true });
    entry = doc.errors.length === 0 && doc.warnings.length === 0 && isScalar(doc.contents) ? { value: doc.toJS() } : null;
    if (resolved.size > 100_000) resolved.clear();
    resolved.set(source, entry);
  }
  return entry;
}

/** Plain scalars that may start a token: not an indicator, or `-?:` followed by a non-space. */
const PLAIN_START = /^(?:[^-?:,[\]{}#&*!|>'"%@`\s]|[-?:][^\s])/;

class Reader {
  i = 0;
  suspect = false;

  constructor(private readonly lines: string[]) {}

  /** The indent of line `i`, or -1 past the end. */
  indentAt(i: number): number {
    const line = this.lines[i];
    if (line === undefined) return -1;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    // Blank lines and comments: the full parser.
    if (n === line.length || line.charCodeAt(n) === 35) outside();
    return n;
  }

  /** The node whose first line is line `i` at `indent`. */
  node(indent: number): unknown {
    const line = this.lines[this.i];
    return line.charCodeAt(indent) === 45 && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 32) ? this.seq(indent) : this.map(indent);
  }

  map(indent: number): Record<string, unknown> {
    const map: Record<string, unknown> = {};
    const seen = new Set<string>();
    while (this.i < this.lines.length) {
      const n = this.indentAt(this.i);
      if (n < indent) break;
      if (n > indent) outside();
      const line = this.lines[this.i];
      if (line.startsWith('- ', n) || line.length === n + 1 && line[n] === '-') break;
      if (line.startsWith('---', 0) || line.startsWith('...', 0)) outside();
      const { key, rest } = this.key(line, n);
      if (seen.has(key) || key === '__proto__' || key === '<<') outside();
      seen.add(key);
      this.i++;
      map[key] = rest === '' ? this.nested(indent, true) : rest[0] === '|' ? this.literal(rest, indent) : this.scalar(rest);
    }
    return map;
  }

  seq(indent: number): unknown[] {
    const seq: unknown[] = [];
    while (this.i < this.lines.length) {
      const n = this.indentAt(this.i);
      if (n < indent) break;
      if (n > indent) outside();
      const line = this.lines[this.i];
      if (!(line.startsWith('- ', n) || (line.length === n + 1 && line[n] === '-'))) break;
      if (line.length === n + 1) {
        this.i++;
        seq.push(this.nested(indent, false));
        continue;
      }
      const content = line.slice(n + 2);
      if (content.startsWith(' ')) outside();
      if (this.isScalarItem(content)) {
        this.i++;
        seq.push(this.scalar(content));
      } else {
        // A map or sequence starting on the item's line: read it as if that line were indented to its column.
        this.lines[this.i] = ' '.repeat(n + 2) + content;
        seq.push(this.node(n + 2));
      }
    }
    return seq;
  }

  /**
   * A literal block scalar (`|`, `|-`, `|+`) of a map entry at `indent`, its lines from line `i` on: indented
   * as its first line is (deeper than the key), blank lines inside kept, the final line breaks chomped as the
   * header says. An indentation indicator, a blank first line or a blank line longer than the indent: the
   * full parser.
   */
  private literal(header: string, indent: number): string {
    if (header !== '|' && header !== '|-' && header !== '|+') outside();
    const lines = this.lines;
    const first = lines[this.i];
    if (first === undefined) outside();
    let m = 0;
    while (first.charCodeAt(m) === 32) m++;
    if (m <= indent || m === first.length) outside();
    const content: string[] = [];
    let trailing = 0;
    while (this.i < lines.length) {
      const line = lines[this.i];
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      if (n === line.length) {
        if (n > m) outside();
        trailing++;
      } else if (n >= m) {
        for (; trailing > 0; trailing--) content.push('');
        content.push(line.slice(m));
      } else {
        if (n > indent) outside();
        break;
      }
      this.i++;
    }
    const text = content.join('\n');
    if (header === '|-') return text;
    if (header === '|') return `${text}\n`;
    return `${text}\n${'\n'.repeat(trailing)}`;
  }

  /** The value of `key:` with nothing after it: a block on the next lines, or null. */
  private nested(indent: number, inMap: boolean): unknown {
    const next = this.i < this.lines.length ? this.indentAt(this.i) : -1;
    if (next > indent) return this.node(next);
    if (next === indent && inMap) {
      const line = this.lines[this.i];
      if (line.startsWith('- ', next)) return this.seq(indent);
    }
    return null;
  }

  /** True when a sequence item's content is a scalar (not a `key: value` or a nested `- `). */
  private isScalarItem(content: string): boolean {
    if (content === '-' || content.startsWith('- ')) return false;
    const first = content[0];
    if (first === '"' || first === "'") {
      const end = quotedEnd(content);
      return end === content.length;
    }
    return !(content.includes(': ') || content.endsWith(':'));
  }

  /** A map entry's key and what follows `: ` on its line. */
  private key(line: string, start: number): { key: string; rest: string } {
    const first = line[start];
    let end: number;
    let key: string;
    if (first === '"' || first === "'") {
      end = quotedEnd(line, start);
      const value = this.quoted(line.slice(start, end));
      if (typeof value !== 'string') outside();
      key = value;
    } else {
      end = line.indexOf(':', start);
      while (end !== -1 && end + 1 < line.length && line[end + 1] !== ' ') end = line.indexOf(':', end + 1);
      if (end === -1) outside();
      const source = line.slice(start, end);
      const value = this.plain(source);
      if (typeof value !== 'string') outside();
      key = value;
    }
    if (line[end] !== ':') outside();
    if (end + 1 === line.length) return { key, rest: '' };
    if (line[end + 1] !== ' ') outside();
    return { key, rest: line.slice(end + 2) };
  }

  /** A scalar or `{}` / `[]` written after `key: ` or `- `, alone on the rest of the line. */
  private scalar(text: string): unknown {
    if (text === '{}') return {};
    if (text === '[]') return [];
    const first = text[0];
    if (first === '"' || first === "'") {
      if (quotedEnd(text) !== text.length) outside();
      return this.quoted(text);
    }
    return this.plain(text);
  }

  private plain(source: string): unknown {
    if (!PLAIN_START.test(source) || source.includes(': ') || source.includes(' #') || source.endsWith(' ') || source.endsWith(':')) outside();
    let value: unknown = source;
    if (OTHER_TYPES.some((test) => test.test(source))) {
      const entry = libraryScalar(source);
      if (entry === null) outside();
      value = entry.value;
    }
    // go-yaml reads some plain scalars the library takes for strings as other types: the positioned check says where.
    if (typeof value === 'string' && goYamlReadsAsOther(source)) this.suspect = true;
    return value;
  }

  private quoted(token: string): unknown {
    if (token[0] === "'") return token.slice(1, -1).replace(/''/g, "'");
    if (!token.includes('\\')) return token.slice(1, -1);
    const entry = libraryScalar(token);
    if (entry === null) outside();
    return entry.value;
  }
}

/** The index after the quoted token starting at `start`; the closing quote must exist on the line. */
function quotedEnd(line: string, start = 0): number {
  const quote = line[start];
  let i = start + 1;
  while (i < line.length) {
    const c = line[i];
    if (quote === '"' && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && line[i + 1] === "'") {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  outside();
}

/** A file's objects and problems, and what go-yaml would read differently (rule `go-yaml`). */
export interface ReadYaml extends ParsedYaml {
  readonly goYaml: readonly (Position & { readonly message: string })[];
}

/**
 * Reads a file as `parseYaml` and `goYamlProblems` do, with the same values, problems and positions, but
 * parses with positions only when they are needed: a file in the render's subset is read by `fastRead`, its
 * `locate` parses it again with positions on first use (only files with a finding), and the go-yaml check
 * runs only when a plain scalar of it is one go-yaml could misread. Any other file takes the full path.
 */
export function readYaml(text: string): ReadYaml {
  const fast = fastRead(text);
  if (fast === undefined) return { ...parseYaml(text), goYaml: goYamlProblems(text) };
  let positioned: ParsedYaml | undefined;
  const locate = (pointer: string): Position => (positioned ??= parseYaml(text)).objects[0].locate(pointer);
  return { objects: [{ value: fast.value, locate }], problems: [], goYaml: fast.goYamlSuspect ? goYamlProblems(text) : [] };
}
