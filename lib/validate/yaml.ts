import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar, visit, type Node, type Tags } from 'yaml';
import { goYamlReadsAsOther } from '../go-yaml';

/** A 1-based line and column in a file. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

/** One YAML document of a file, read as the Kubernetes API server reads it. */
export interface YamlObject {
  /** The document as plain JSON data. */
  readonly value: unknown;
  /**
   * Where a JSON pointer (`/spec/tls/termination`) is written: the key of the last map member that exists
   * on the path (or the sequence item), so an editor jumps to the line that holds the field or its parent.
   */
  readonly locate: (pointer: string) => Position;
}

/** A file's documents and the problems that kept any document from being read. */
export interface ParsedYaml {
  readonly objects: readonly YamlObject[];
  readonly problems: readonly (Position & { readonly message: string })[];
}

/**
 * Parses every document of a file the way sigs.k8s.io/yaml (go-yaml v2) does: YAML 1.1 scalars
 * (`yes`, `on`, `y` are booleans; `0755` is octal), duplicate keys rejected. Unlike the YAML 1.1 spec,
 * go-yaml leaves timestamps (`2024-01-01`) and sexagesimal numbers (`1:20`) as strings, so those tags are off.
 * Empty documents (a lone `---`) are skipped.
 */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    version: '1.1',
    customTags: readTags,
    uniqueKeys: true,
    prettyErrors: true,
    lineCounter,
  });
  const problems: (Position & { message: string })[] = [];
  const objects: YamlObject[] = [];
  // An empty file parses to an "empty stream" that holds no documents.
  for (const document of 'empty' in documents ? [] : documents) {
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const [start] = error.linePos ?? [{ line: 1, col: 1 }];
        problems.push({ line: start.line, col: start.col, message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '') });
      }
      continue;
    }
    if (document.contents === null) continue;
    const contents = document.contents as Node;
    const value = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    objects.push({ value, locate: (pointer) => lineCounter.linePos(offsetOf(contents, pointer)) });
  }
  return { objects, problems };
}

/** The tags every reading of a rendered file uses: YAML 1.1 without timestamps and sexagesimal numbers (go-yaml's). */
export function readTags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const id = typeof tag === 'string' ? tag : tag.tag;
    const format = typeof tag === 'string' ? undefined : (tag as { format?: string }).format;
    return id !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
  });
}

/** Splits a JSON pointer (RFC 6901) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON pointer from unescaped segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function offsetOf(root: Node, pointer: string): number {
  let node: Node = root;
  let offset = root.range?.[0] ?? 0;
  for (const segment of pointerSegments(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === segment);
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      if (!pair.value) break;
      node = pair.value as Node;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Characters go-yaml reads as line breaks, wherever they stand. */
const GO_LINE_BREAK = /[\x85\u2028\u2029]/;
/** Characters go-yaml refuses raw, even inside quotes ("control characters are not allowed"). */
const GO_REFUSED = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Where go-yaml v2 (kubectl, Argo CD) reads a file differently from what the yaml library reads: a plain
 * scalar the library takes for a string but go-yaml for a number, boolean or null (`0o17`, `0X1F`, `1e_3`),
 * a plain key `<<` (a merge for go-yaml), and characters written raw that go-yaml reads as line breaks
 * (U+0085, U+2028, U+2029), refuses (other control characters, U+FFFE, U+FFFF) or drops (a leading U+FEFF). Such a file syncs other
 * values than the ones reviewed, or blocks the sync of its environment. The rules are lib/go-yaml.ts's.
 */
export function goYamlProblems(text: string): (Position & { readonly message: string })[] {
  const lineCounter = new LineCounter();
  const problems: (Position & { message: string })[] = [];
  const at = (offset: number, message: string) => problems.push({ ...lineCounter.linePos(offset), message });
  const documents = parseAllDocuments(text, { version: '1.1', customTags: readTags, merge: false, uniqueKeys: false, lineCounter });
  for (const document of 'empty' in documents ? [] : documents) {
    visit(document, {
      Pair(_, pair) {
        // The library's YAML 1.1 schema reads the key as a merge too: its source tells.
        if (isScalar(pair.key) && pair.key.type === Scalar.PLAIN && pair.key.source === '<<') {
          at(pair.key.range?.[0] ?? 0, 'go-yaml (kubectl, Argo CD) reads the plain key << as a merge of another map; quote it ("<<")');
        }
      },
      Scalar(key, scalar) {
        if (scalar.type !== Scalar.PLAIN || typeof scalar.value !== 'string' || scalar.value === '<<' || !scalar.range) return;
        const source = text.slice(scalar.range[0], scalar.range[1]);
        if (source === scalar.value && goYamlReadsAsOther(source)) {
          at(scalar.range[0], `go-yaml (kubectl, Argo CD) reads the plain ${JSON.stringify(source)} as ${goType(source)}, not as the string; quote it`);
        }
        void key;
      },
    });
  }
  if (text.startsWith('\uFEFF')) {
    at(0, 'the file starts with U+FEFF (a byte-order mark), which go-yaml (kubectl, Argo CD) drops; write it as an escape in a double-quoted string');
  }
  for (const match of text.matchAll(GO_REFUSED)) {
    at(match.index, `the character U+${codePoint(match[0])} is refused by go-yaml (kubectl, Argo CD) even inside quotes; write it as an escape in a double-quoted string`);
  }
  for (const match of text.matchAll(new RegExp(GO_LINE_BREAK, 'g'))) {
    at(match.index, `the character U+${codePoint(match[0])} is a line break for go-yaml (kubectl, Argo CD); write it as an escape in a double-quoted string`);
  }
  return problems.sort((a, b) => a.line - b.line || a.col - b.col);
}

function goType(plain: string): string {
  if (/^[-+0-9.]/.test(plain) && !/^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$/.test(plain)) return 'a number';
  if (/^(~|null|Null|NULL)$/.test(plain)) return 'null';
  return 'a boolean';
}

function codePoint(char: string): string {
  return char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}
