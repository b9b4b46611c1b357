import type { ScalarTag, Tags } from 'yaml';

/**
 * How the cluster reads YAML: kubectl and Argo CD convert YAML to JSON with sigs.k8s.io/yaml over go-yaml v2
 * (gopkg.in/yaml.v2 `resolve.go` and `reader.go`), whose YAML 1.1 rules differ from the yaml library's:
 *
 * - a plain scalar is a number when, with every `_` removed, Go's `strconv.ParseInt(s, 0, 64)` reads it
 *   (`0o17`, `0O17`, `0X1F`, `0B101`, `0_o17`) or it looks like a YAML float (`1e_3`, `08`);
 * - `y`, `n`, `on`, `off`, `.inf`, `.nan`, `~`, ... are booleans, floats and null; a plain key `<<` is a merge;
 * - U+0085, U+2028 and U+2029 are line breaks, and U+007F–U+009F (but U+0085), U+FEFF in a document, U+FFFE,
 *   U+FFFF and other control characters are refused anywhere, even inside quotes ("control characters are
 *   not allowed"): only an escape in a double-quoted scalar carries them.
 *
 * test/goyaml/ builds go-yaml itself and checks these rules against it over every rendered file.
 */

/** Plain scalars go-yaml looks up in a table: booleans, nulls, infinities, NaN and the merge key. */
const RESOLVE_TABLE = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]);

/** What Go's `strconv.ParseInt(s, 0, 64)` (and ParseUint) accept, underscores already removed. */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]*|0[bB][01]+|[1-9][0-9]*)$/;
/** go-yaml's `yamlStyleFloat`, tried on the scalar without underscores. */
const YAML_STYLE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Go's `strconv.ParseFloat` on a scalar starting with `.` (underscores kept, so none may appear). */
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;

/** True when go-yaml reads `text`, written as a plain scalar, as something else than that string. */
export function goYamlReadsAsOther(text: string): boolean {
  if (RESOLVE_TABLE.has(text)) return true;
  const first = text[0];
  if (first === '.') return DOT_FLOAT.test(text);
  if (!/^[-+0-9]$/.test(first)) return false;
  const plain = text.replace(/_/g, '');
  return GO_INT.test(plain) || YAML_STYLE_FLOAT.test(plain) || /^-?0b[01]+$/.test(plain);
}

/**
 * A character go-yaml reads as a line break or refuses when written raw. Lone surrogates are matched too
 * (the `u` flag sees them as characters outside every range).
 */
export const GO_YAML_RAW_UNSAFE = /[^\t\n\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]|[\u2028\u2029]/u;

/** A lone UTF-16 surrogate: no UTF-8 file, and no YAML escape go-yaml accepts, can carry it. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\u2028': '\\L', '\u2029': '\\P',
};

/**
 * `text` as a double-quoted scalar on one line, every character go-yaml could misread escaped.
 *
 * @throws Error when `text` holds a lone surrogate, which no YAML file can carry
 */
export function goYamlDoubleQuoted(text: string): string {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) {
    throw new Error(`a string holds a lone UTF-16 surrogate (\\u${surrogate[0].charCodeAt(0).toString(16).toUpperCase()} at index ${surrogate.index}), which YAML cannot carry`);
  }
  let out = '"';
  for (const char of text) {
    const escape = ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (GO_YAML_RAW_UNSAFE.test(char)) {
      const code = char.codePointAt(0)!;
      out += code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

/**
 * The yaml library's tags, adjusted so that what it writes go-yaml reads back unchanged: strings holding a
 * character go-yaml misreads raw are written double-quoted with escapes, and a plain scalar that go-yaml
 * would read as a number, boolean, null or merge key is quoted (the library quotes any string another
 * default tag's `test` matches).
 */
export function goYamlTags(tags: Tags): Tags {
  const string = tags.find((tag): tag is ScalarTag => typeof tag === 'object' && tag.tag === 'tag:yaml.org,2002:str' && 'stringify' in tag);
  if (!string?.stringify) throw new Error('the yaml library has no string tag to adjust');
  const stringify = string.stringify;
  const goString: ScalarTag = {
    ...string,
    stringify(item, ctx, onComment, onChompKeep) {
      const value = String(item.value);
      if (GO_YAML_RAW_UNSAFE.test(value)) return goYamlDoubleQuoted(value);
      return stringify.call(this, item, ctx, onComment, onChompKeep);
    },
  };
  const goOther: ScalarTag = {
    tag: 'tag:go-yaml,2002:other',
    default: true,
    // Never chosen to write a value (no `identify`); only its `test` is consulted, to quote such strings.
    test: { test: goYamlReadsAsOther } as unknown as RegExp,
    resolve: (text) => text,
  };
  // The merge tag would write the string `<<` plain, which go-yaml reads as a merge key.
  const merge = (tag: Tags[number]) => (typeof tag === 'string' ? tag : tag.tag) === 'tag:yaml.org,2002:merge';
  return [goString, ...tags.filter((tag) => tag !== string && !merge(tag)), goOther];
}
