import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { toYaml } from '../../lib/render';
import { fastRead, readYaml } from '../../lib/validate/fast-read';
import { goYamlProblems, parseYaml, toPointer } from '../../lib/validate/yaml';
import { HOSTILE_STRINGS, hostileObject } from '../goyaml';
import { ROOT } from '../helpers';

/** What the validator read before the fast path: the positioned parse and the go-yaml check, for every file. */
function reference(text: string) {
  return { ...parseYaml(text), goYaml: goYamlProblems(text) };
}

/** Every JSON pointer of a value, containers included, in document order. */
function pointers(value: unknown, path: (string | number)[] = []): string[] {
  const here = toPointer(path);
  if (Array.isArray(value)) return [here, ...value.flatMap((item, i) => pointers(item, [...path, i]))];
  if (value !== null && typeof value === 'object') return [here, ...Object.entries(value).flatMap(([k, v]) => pointers(v, [...path, k]))];
  return [here];
}

/** Asserts that readYaml gives what the positioned path gives: values, problems, go-yaml findings, positions. */
function expectSameReading(text: string): void {
  let slow: ReturnType<typeof reference>;
  try {
    slow = reference(text);
  } catch (error) {
    // The library refuses some merges (`<<: 1`) with an exception: the fast path must leave them to it.
    expect(() => readYaml(text)).toThrow((error as Error).message);
    return;
  }
  const fast = readYaml(text);
  expect(fast.problems).toEqual(slow.problems);
  expect(fast.goYaml).toEqual(slow.goYaml);
  expect(fast.objects.map((o) => o.value)).toEqual(slow.objects.map((o) => o.value));
  fast.objects.forEach((object, i) => {
    const all = pointers(object.value);
    const sample = all.length > 60 ? all.filter((_, j) => j % Math.ceil(all.length / 60) === 0) : all;
    for (const pointer of [...sample, '/no/such/field']) expect(object.locate(pointer)).toEqual(slow.objects[i].locate(pointer));
  });
}

/** The committed rendered files, whatever environments ship. */
function renderedTexts(): [string, string][] {
  const dist = join(ROOT, 'dist');
  return readdirSync(dist, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => [file, readFileSync(join(dist, file), 'utf8')]);
}

/** Texts at the edges of the fast subset; each must read as the library reads it, in or out of the subset. */
const EDGES = [
  'a: 1\nb: yes\nc: on\nd: 0755\ne: 0x1F\nf: ~\ng: null\nh: 1:20\ni: 2024-01-31\nj: .inf\nk: -.5\nl: 1e3\nm: 0o17\nn: "0o17"\n',
  'a:\nb:\n  - \nc:\n  -\n  - x\n',
  'l:\n- a\n- b\nm: 1\n',
  'l:\n  - - a\n    - b\n  - - c\n  - k: v\n    k2:\n      - 1\n',
  '"quoted key": 1\n\'single\': 2\n"esc\\tkey": 3\n"yes": 4\nyes: 5\n',
  'a: "x\\ty\\u00e9\\x41\\N\\L"\nb: \'it\'\'s\'\nc: "plain \\"q\\""\nd: "a: b"\ne: \'# not a comment\'\n',
  'a: x #comment\nb: 1\n',
  '# comment\na: 1\n',
  'a: 1\n\nb: 2\n',
  'a: 1\na: 2\n',
  'a: &x 1\nb: *x\n',
  '<<: {x: 1}\n',
  '"<<": 1\n',
  '__proto__: 1\n',
  'a: !!str 1\n',
  'a: {b: 1}\n',
  'a: [1, 2]\n',
  'a: {}\nb: []\nc:\n  - {}\n  - []\n',
  '---\na: 1\n',
  'a: 1\n---\nb: 2\n',
  '',
  '- a\n- b\n',
  'scalar\n',
  'a: b\n  c\n',
  'a: "open\n  close"\n',
  'a: |\n  line 1\n\n  line 3\n\n\nb: 1\n',
  'a: |-\n  x\n   indented\n\nb: |+\n  kept\n\n\nc: |\n  last\n',
  'a: |+\n  kept at the end\n\n',
  'a: |2\n   x\n',
  'a: >\n  folded\n  text\n',
  'a: |\n\n  blank first\n',
  'a: |\n  x\n     \n  y\n',
  'a: |\n  # not a comment\n  - not an item\n  k: not a key\n',
  'list:\n  - |\n    in a list\n',
  'a:\tb\n',
  'a: b\r\n',
  '\uFEFFa: 1\n',
  'a: "\u2028"\n',
  'k: v \n',
  'k:  two spaces\n',
  '? complex\n: key\n',
  'a: -x\nb: ?x\nc: :x\nd: a:b\ne: http://h:8080/p?q#f\nf: a,b\ng: x]\n',
  'a: y\nb: n\nc: Y\nd: NO\ne: 1_000\nf: +1\ng: 0b101\nh: 08\ni: 1e_3\n',
  'metadata:\n  name: a\n  name: b\n',
];

describe('readYaml: the fast path reads every file exactly as the positioned parse does', () => {
  test('on every committed rendered file: same values, problems, go-yaml findings and positions', () => {
    for (const [, text] of renderedTexts()) expectSameReading(text);
  });

  test('every committed rendered file is in the fast subset (read without the library\'s positions)', () => {
    const outside = renderedTexts().filter(([, text]) => fastRead(text) === undefined).map(([file]) => file);
    expect(outside).toEqual([]);
  });

  test('on the hostile fixture, as the render writes it and as a naive YAML 1.1 writer writes it', () => {
    const object = hostileObject();
    expectSameReading(toYaml(object));
    expectSameReading(stringify(object, { version: '1.1', lineWidth: 0 }));
    for (const text of HOSTILE_STRINGS) {
      for (const value of [{ k: text }, { [text]: 1 }, { l: [text, { [text]: text }] }, { deep: { k: [text] } }]) {
        expectSameReading(toYaml(value));
        expectSameReading(stringify(value, { version: '1.1', lineWidth: 0 }));
      }
    }
  });

  test.each(EDGES.map((text) => [JSON.stringify(text).slice(0, 50), text]))('on %s', (_, text) => {
    expectSameReading(text);
  });

  test('takes the fast path for block literals, quoted keys, nested lists and empty collections', () => {
    const inSubset = ['l:\n- a\n- b\nm: 1\n', '"quoted key": 1\n\'single\': 2\n"esc\\tkey": 3\n"yes": 4\n', 'a:\nc:\n  -\n  - x\n'];
    for (const text of [...inSubset, EDGES[3], EDGES[5], EDGES[17], EDGES[25], EDGES[26], EDGES[27]]) {
      expect(fastRead(text)).toBeDefined();
    }
  });

  test('flags the file for the positioned go-yaml check only when a plain string could be misread', () => {
    expect(fastRead('a: 1\nb: x\nc: "0o17"\n')?.goYamlSuspect).toBe(false);
    expect(fastRead('a: 0o17\n')?.goYamlSuspect).toBe(true);
    expect(readYaml('a: 1\nb: 0o17\n').goYaml).toEqual([
      { line: 2, col: 4, message: 'go-yaml (kubectl, Argo CD) reads the plain "0o17" as a number, not as the string; quote it' },
    ]);
  });
});
