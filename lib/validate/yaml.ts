import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node, type Tags } from 'yaml';

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
    customTags: goYamlTags,
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

function goYamlTags(tags: Tags): Tags {
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
