import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { stringify } from 'yaml';
import { scaleEnvironment } from '../lib/bench/generate';
import { buildCharts } from '../lib/charts';
import { parseEnvironment } from '../lib/config/load';
import { fastYaml, YAML_OPTIONS } from '../lib/fast-yaml';
import { ROOT } from './helpers';

/** What the yaml library writes: the reference the fast path must match byte for byte. */
const library = (value: unknown) => stringify(value, YAML_OPTIONS);

/** Strings at the edges of plain style in YAML 1.1: booleans, numbers, indicators, comments, document markers. */
const TRICKY = [
  'yes', 'on', 'Off', 'y', 'N', 'null', '~', '', ' x', 'x ', 'a: b', 'a #b', 'a#b', '0x1F', '1:20', '2024-01-01',
  '.5', '.inf', '-', '- a', '-a', '--max-model-len=8192', '---x', '...', '%x', '@x', '`x', '!x', '&x', '*x', '|x',
  '>x', '?x', '? x', 'a:', 'a:b', 'https://h:8080/p?q=1#f', 'a  b', 'x,y', '[a]', 'a[0]', '{a}', 'é', 'a\tb', 'a"b',
  "a'b", 'a\\b', '<<', '=', '012', '1e3', '1_000', 'TRUE', '+1', '0o7', '0b101', 'x'.repeat(1100), 'a\nb', 'a\n', '\n',
];

describe('fastYaml', () => {
  test.each(TRICKY.map((text) => [JSON.stringify(text).slice(0, 40), text]))('writes %s as the yaml library does, as value, key and item', (_, text) => {
    for (const value of [{ k: text }, { [text]: 1 }, { a: { [text]: 1 } }, { l: [text, { [text]: text }] }]) {
      expect(fastYaml(value)).toBe(library(value));
    }
  });

  test('writes collections, empty ones, numbers, booleans, null and undefined as the yaml library does', () => {
    const values = [
      { a: {}, b: [], c: [{}], d: [[]], e: [[1, 2], { x: [] }], f: { g: { h: 'i' } }, s: [{ a: 1, b: [{ c: 2 }] }] },
      { n: [0, 1, -1, -0, 0.1, 1e21, 123456789012, 3.14, 1.5e-7, NaN, Infinity], b: [true, false] },
      { withNull: null, withUndefined: undefined, nested: { a: null }, list: [null] },
      [1, 2], 'scalar', 42, {}, [], null,
    ];
    for (const value of values) expect(fastYaml(value)).toBe(library(value));
  });

  test('writes every object of the shipped environments, scaled to 20 models, as the yaml library does', () => {
    // GIVEN every object that every shipped environment renders with 20 models
    for (const file of ['dev.yaml', 'staging.yaml', 'prod.yaml']) {
      const result = parseEnvironment(file.replace('.yaml', ''), scaleEnvironment(readFileSync(join(ROOT, 'environments', file), 'utf8'), 20));
      if (!result.ok) throw new Error(`${file}: ${JSON.stringify(result.problems)}`);
      const objects = buildCharts(new App(), result.environment).all.flatMap((chart) => chart.toJson());

      // THEN each is written byte for byte as the library writes it
      for (const object of objects) expect(fastYaml(object)).toBe(library(object));
    }
  });
});
