import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments } from '../lib/config/load';
import { goYamlReadsAsOther } from '../lib/go-yaml';
import { renderObjects, toYaml } from '../lib/render';
import { goYaml, HOSTILE_STRINGS, hostileObject, type GoYaml } from './goyaml';
import { listFiles } from '../lib/read-tree';
import { ROOT, tempDir } from './helpers';

const oracle = goYaml();
// .ci/run installs the packages and sets MAAS_REQUIRE_GO_YAML=1: there a missing oracle is a failure.
if ('skip' in oracle && process.env.MAAS_REQUIRE_GO_YAML === '1') throw new Error(`${oracle.skip}\nMAAS_REQUIRE_GO_YAML=1: failing instead of skipping`);
if ('skip' in oracle) console.warn(oracle.skip);
const withGo = 'skip' in oracle ? test.skip : test;
const read = oracle as GoYaml;

/** What the cluster must see: the object as JSON data. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** JSON text with every map's keys sorted (Go writes them sorted), so that only values and types count. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}

describe('go-yaml (the cluster) reads every rendered file as it was meant', () => {
  withGo('every file of every rendered environment: same values, same types', () => {
    // GIVEN every environment whose dist/<env>/ exists, rendered afresh to objects
    const dist = join(ROOT, 'dist');
    const names = listFiles(join(ROOT, 'environments'))
      .filter((f) => /^[^/]+\.yaml$/.test(f) && f !== 'environment.schema.json')
      .map((f) => f.slice(0, -'.yaml'.length))
      .filter((name) => existsSync(join(dist, name)));
    const objects = renderObjects(loadEnvironments(join(ROOT, 'environments'), ROOT).filter((e) => names.includes(e.name)));
    const files = listFiles(dist).filter((f) => f.endsWith('.yaml') && names.includes(f.split('/')[0]));
    expect(files.length).toBeGreaterThan(0);

    // WHEN go-yaml reads each committed file
    const results = read(files.map((f) => join(dist, f)));

    // THEN each holds exactly its object: no string read as a number, no character lost
    const wrong = results.flatMap((r, i) => {
      if (r.error !== undefined) return [`${files[i]}: ${r.error}`];
      return canonical(r.json) === canonical(asJson(objects.get(files[i]))) ? [] : [`${files[i]}: go-yaml reads another value`];
    });
    expect(wrong).toEqual([]);
    expect(results).toHaveLength(files.length);
  });

  withGo('hostile strings as values, keys and items: go-yaml reads back each string unchanged', () => {
    // GIVEN the hostile object written as the render writes objects
    const dir = tempDir();
    try {
      const file = join(dir, 'hostile.yaml');
      writeFileSync(file, toYaml(hostileObject()));

      // WHEN go-yaml reads it
      const [result] = read([file]);

      // THEN the same data comes back, key by key
      expect(result.error).toBeUndefined();
      const json = result.json as Record<string, Record<string, unknown>>;
      const expected = asJson(hostileObject()) as Record<string, Record<string, unknown>>;
      for (const section of Object.keys(expected)) {
        expect({ section, value: json[section] }).toEqual({ section, value: expected[section] });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  withGo('goYamlReadsAsOther agrees with go-yaml on every hostile string written plain', () => {
    // GIVEN each hostile string that YAML can write plain on one line, written unquoted
    const dir = tempDir();
    try {
      // `<<` is left out: go-yaml reads it as a merge only as a key (the hostile object has that case).
      const candidates = HOSTILE_STRINGS.filter((s) => /^[\x21-\x7e]+$/.test(s) && !/^[-?:,[\]{}#&*!|>'"%@`]|: | #/.test(s) && s !== '<<');
      const files = candidates.map((text, i) => {
        const file = join(dir, `${i}.yaml`);
        writeFileSync(file, `k: ${text}\n`);
        return file;
      });

      // WHEN go-yaml reads them
      const results = read(files);

      // THEN the rule says "other than this string" exactly when go-yaml reads something else (or fails)
      const disagreements = candidates.flatMap((text, i) => {
        const r = results[i];
        const other = r.error !== undefined || (r.json as { k: unknown }).k !== text;
        return other === goYamlReadsAsOther(text) ? [] : [`${JSON.stringify(text)}: go-yaml ${other ? 'reads another value' : 'reads the string'}`];
      });
      expect(disagreements).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('toYaml', () => {
  test('fails on a lone surrogate, which no YAML file can carry', () => {
    expect(() => toYaml({ a: 'x\ud800' })).toThrow('a string holds a lone UTF-16 surrogate (\\uD800 at index 1), which YAML cannot carry');
  });
});
