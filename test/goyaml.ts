import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers';

/** The Debian packages that provide Go and the cluster's YAML libraries (installed by `.ci/run`). */
export const GO_YAML_PACKAGES = 'golang-go golang-gopkg-yaml.v2-dev golang-k8s-sigs-yaml-dev';

/** What go-yaml made of one file: the JSON the cluster sees, or its error. */
export interface GoYamlResult {
  readonly file: string;
  readonly json?: unknown;
  readonly error?: string;
}

/** Reads files as kubectl and Argo CD do; see test/goyaml/main.go. */
export type GoYaml = (files: readonly string[]) => GoYamlResult[];

const SOURCE = join(ROOT, 'test', 'goyaml', 'main.go');
const GOPATH = '/usr/share/gocode';

/**
 * The go-yaml reader, built once per version of its source into node_modules/.cache/maas-goyaml/ (offline,
 * from Debian's Go packages), or the reason it cannot be built.
 */
export function goYaml(): GoYaml | { readonly skip: string } {
  const cache = join(ROOT, 'node_modules', '.cache', 'maas-goyaml');
  const hash = createHash('sha256').update(readFileSync(SOURCE)).digest('hex').slice(0, 12);
  const binary = join(cache, `goyaml-${hash}`);
  if (!existsSync(binary)) {
    const missing = ['/usr/bin/go', join(GOPATH, 'src/gopkg.in/yaml.v2'), join(GOPATH, 'src/sigs.k8s.io/yaml')].filter((p) => !existsSync(p));
    if (missing.length > 0) {
      return { skip: `go-yaml oracle skipped: ${missing.join(', ')} missing; install the Debian packages ${GO_YAML_PACKAGES} (.ci/run does)` };
    }
    mkdirSync(cache, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    const build = spawnSync('go', ['build', '-o', partial, SOURCE], {
      encoding: 'utf8',
      env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(cache, 'go-build'), GOFLAGS: '', CGO_ENABLED: '0' },
    });
    if (build.status !== 0) return { skip: `go-yaml oracle skipped: go build failed: ${(build.stderr || build.error?.message || '').trim()}` };
    renameSync(partial, binary);
  }
  return (files) => {
    const run = spawnSync(binary, [...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (run.status !== 0) throw new Error(`goyaml: ${run.stderr || run.error?.message}`);
    return run.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as GoYamlResult);
  };
}

/**
 * Strings go-yaml v2 (kubectl, Argo CD) reads differently from the yaml library: numbers in Go's syntax,
 * YAML 1.1 booleans and nulls, the merge key, characters it reads as line breaks or refuses raw; and the
 * ordinary edge cases of plain style.
 */
export const HOSTILE_STRINGS = [
  '0o17', '0O17', '0X1F', '0x1f', '0B101', '0b101', '-0b101', '+0b101', '1e_3', '0_o17', '0x_1F', '1_000', '08', '0777', '+12',
  '-1.5e+3', '.5', '.5e3', '._5', '1.', '99999999999999999999', '+.inf', '-.Inf', '.NaN', '.nan', '+inf', 'Infinity', 'nan',
  'y', 'Y', 'n', 'N', 'yes', 'No', 'on', 'OFF', 'true', 'False', '~', 'null', 'NULL', '', '<<', '=', '2024-01-01', '1:20',
  'a\u2028b', '\u2029', 'a\u0085b', '\u0085', '\u007f', '\u0080', '\u009f', '\u00a0', '\ufffe', '\uffff', '\ufeffx', 'x\ufeff',
  'a\tb', '\tlead', 'trail\t', 'a\rb', 'a\r\nb', 'a\nb', 'a\n\u2028b', '\n', ' x', 'x ', '\0', '\x1b[31mred', '\x07', 'é', '😀',
  'a: b', 'a #b', '#x', '- a', '-', '---', '...', '%x', '@x', '`x', '!x', '&x', '*x', '|x', '>x', '?x', '"', "'", '\\',
  'https://h:8080/p?q=1#f', '{a}', '[a]', 'x,y',
];

/** The same strings as values, keys, list items and nested keys of one object. */
export function hostileObject(): Record<string, unknown> {
  return {
    values: Object.fromEntries(HOSTILE_STRINGS.map((text, i) => [`v${i}`, text])),
    keys: Object.fromEntries(HOSTILE_STRINGS.map((text, i) => [text, i])),
    items: HOSTILE_STRINGS,
    nested: HOSTILE_STRINGS.map((text) => ({ [text]: { [text]: text } })),
    merge: { '<<': { a: 1 }, b: '<<' },
  };
}
