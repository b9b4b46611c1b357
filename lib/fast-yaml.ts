import { Document, stringify } from 'yaml';
import { goYamlTags } from './go-yaml';

/**
 * The options `toYaml` renders with; the fast path reproduces exactly these and nothing else. The tags are
 * the library's YAML 1.1 ones adjusted for go-yaml, which is what the cluster reads with (lib/go-yaml.ts).
 */
export const YAML_OPTIONS = { version: '1.1', lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false, merge: false, customTags: goYamlTags } as const;

/**
 * `stringify(value, YAML_OPTIONS)` of the `yaml` library, byte for byte, about ten times faster for the JSON
 * data a chart renders: the block layout (two-space indent, sequences indented under their key, `{}` and `[]`
 * for empty collections) is written here, and every scalar the fast path is not sure about is formatted by
 * the library itself (and remembered). Anything else (multi-line strings, which become block scalars whose
 * form depends on the indent; `null`, `undefined`, non-plain objects, keys that need `? `) makes the whole
 * value go through the library.
 */
export function fastYaml(value: unknown): string {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    const body = mapBlock(value, '', true);
    if (body !== undefined) return `${body}\n`;
  }
  return stringify(value, YAML_OPTIONS);
}

const NESTED_INDENT = '  ';

/** A non-empty map at `indent` (its first line not indented), or undefined when the library must do it. */
function mapBlock(map: Record<string, unknown>, indent: string, topLevel: boolean): string | undefined {
  const inner = indent + NESTED_INDENT;
  let out = '';
  let first = true;
  for (const key of Object.keys(map)) {
    const keyText = formatKey(key, topLevel);
    if (keyText === undefined) return undefined;
    const entry = map[key];
    let line: string | undefined;
    if (entry !== null && typeof entry === 'object') {
      const nested = collection(entry, inner);
      if (nested === undefined) return undefined;
      line = nested.flow ? `${keyText}: ${nested.text}` : `${keyText}:\n${inner}${nested.text}`;
    } else {
      const scalar = formatScalar(entry);
      if (scalar === undefined) return undefined;
      line = `${keyText}: ${scalar}`;
    }
    out += first ? line : `\n${indent}${line}`;
    first = false;
  }
  return out;
}

/** A non-empty sequence at `indent`, or undefined when the library must do it. */
function seqBlock(seq: readonly unknown[], indent: string): string | undefined {
  const inner = indent + NESTED_INDENT;
  let out = '';
  for (let i = 0; i < seq.length; i++) {
    if (!(i in seq)) return undefined;
    const item = seq[i];
    let text: string | undefined;
    if (item !== null && typeof item === 'object') {
      text = collection(item, inner)?.text;
    } else {
      text = formatScalar(item);
    }
    if (text === undefined) return undefined;
    out += i === 0 ? `- ${text}` : `\n${indent}- ${text}`;
  }
  return out;
}

/** A collection value: `{}`/`[]` when empty (flow, on the key's line), else its block at `indent`. */
function collection(value: object, indent: string): { text: string; flow: boolean } | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return { text: '[]', flow: true };
    const text = seqBlock(value, indent);
    return text === undefined ? undefined : { text, flow: false };
  }
  if (!isPlainObject(value)) return undefined;
  if (Object.keys(value).length === 0) return { text: '{}', flow: true };
  const text = mapBlock(value, indent, false);
  return text === undefined ? undefined : { text, flow: false };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Strings the library writes plain in YAML 1.1 block context, as value or key, at any indent: they start with
 * a letter, `_` or `/`, hold no whitespace but single spaces, no quote, `#`, `: `, nor end in a space or `:`,
 * and no tag of the YAML 1.1 schema reads them as another type (`yes`, `on`, `null`, ...).
 */
const SAFE_PLAIN = /^[A-Za-z_/](?:[A-Za-z0-9_./=+@~%,()<>^$;?!*&|[\]{}-]|:(?! )| (?![ :#]))*$/;
const SAFE_PLAIN_END = /[A-Za-z0-9_./=+@~%,()<>^$;?!*&|[\]{}-]$/;
/** The tags that would read a plain scalar as something else than a string, as the library tests them. */
const OTHER_TYPES = (() => {
  const { tags, compat } = new Document(null, { version: '1.1', merge: false, customTags: goYamlTags }).schema;
  return [...tags, ...(compat ?? [])].flatMap((tag) =>
    tag.default && tag.tag !== 'tag:yaml.org,2002:str' && tag.test ? [tag.test] : []);
})();

function isSafePlain(text: string): boolean {
  return text.length <= 1000 && SAFE_PLAIN.test(text) && SAFE_PLAIN_END.test(text) && !OTHER_TYPES.some((test) => test.test(text));
}

/** Scalars formatted by the library, by type and value: most values repeat across objects. */
const scalarCache = new Map<string, string | null>();
const keyCache = new Map<string, string | null>();

/** A scalar as the library writes it as a block map value or sequence item; undefined: not a scalar we handle. */
function formatScalar(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (isSafePlain(value)) return value;
    if (value.includes('\n')) return undefined;
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0)) return undefined;
  } else if (typeof value !== 'boolean') {
    return undefined;
  }
  const cacheKey = `${typeof value}:${String(value)}`;
  let text = scalarCache.get(cacheKey);
  if (text === undefined) {
    text = libraryValue(value);
    scalarCache.set(cacheKey, text);
  }
  return text ?? undefined;
}

/** A map key as the library writes it; top-level keys differ for strings that look like document markers. */
function formatKey(key: string, topLevel: boolean): string | undefined {
  if (isSafePlain(key)) return key;
  if (key.includes('\n')) return undefined;
  const cacheKey = `${topLevel ? 't' : 'n'}:${key}`;
  let text = keyCache.get(cacheKey);
  if (text === undefined) {
    text = libraryKey(key, topLevel);
    keyCache.set(cacheKey, text);
  }
  return text ?? undefined;
}

/** `x: <value>` rendered by the library; null when the value does not stay on the key's line. */
function libraryValue(value: unknown): string | null {
  const text = stringify({ x: value }, YAML_OPTIONS);
  return text.startsWith('x: ') && text.indexOf('\n') === text.length - 1 ? text.slice(3, -1) : null;
}

/** `<key>: 0` rendered by the library (nested one level unless top-level); null unless it is a simple key. */
function libraryKey(key: string, topLevel: boolean): string | null {
  const prefix = topLevel ? '' : `x:\n${NESTED_INDENT}`;
  const text = stringify(topLevel ? { [key]: 0 } : { x: { [key]: 0 } }, YAML_OPTIONS);
  if (!text.startsWith(prefix) || !text.endsWith(': 0\n')) return null;
  const keyText = text.slice(prefix.length, -': 0\n'.length);
  return keyText.includes('\n') || keyText.startsWith('? ') ? null : keyText;
}
