import { parseYaml, pointerSegments, toPointer } from '../../lib/validate/yaml';

describe('parseYaml reads YAML as the API server does', () => {
  test('YAML 1.1 booleans: yes, on, y, off are booleans, also as keys', () => {
    // GIVEN a manifest written with YAML 1.1 words
    const text = 'a: yes\nb: on\nc: y\nd: off\non: x\n';
    // WHEN it is read
    const { objects } = parseYaml(text);
    // THEN they are booleans, and the key `on` is "true"
    expect(objects[0].value).toEqual({ a: true, b: true, c: true, d: false, true: 'x' });
  });

  test('a leading zero makes an octal number; timestamps and 1:20 stay strings (go-yaml v2)', () => {
    const { objects } = parseYaml('mode: 0755\ndate: 2024-01-31\ntime: 1:20\n');
    expect(objects[0].value).toEqual({ mode: 493, date: '2024-01-31', time: '1:20' });
  });

  test('fails on a duplicate key, at the second occurrence', () => {
    const { objects, problems } = parseYaml('metadata:\n  name: a\n  name: b\n');
    expect(objects).toEqual([]);
    expect(problems).toEqual([{ line: 3, col: 3, message: 'Map keys must be unique' }]);
  });

  test('skips empty documents and reads each of several', () => {
    const { objects } = parseYaml('---\n---\nkind: A\n---\nkind: B\n');
    expect(objects.map((o) => o.value)).toEqual([{ kind: 'A' }, { kind: 'B' }]);
  });

  test('an empty file has no objects and no problems', () => {
    expect(parseYaml('')).toEqual({ objects: [], problems: [] });
  });
});

describe('locate', () => {
  const text = [
    'metadata:',
    '  annotations:',
    '    argocd.argoproj.io/sync-wave: "1"',
    'spec:',
    '  containers:',
    '    - name: a',
    '    - name: b',
    '      image: x',
  ].join('\n');
  const [object] = parseYaml(text).objects;

  test('finds the key of a map member, through sequences', () => {
    expect(object.locate('/spec/containers/1/image')).toEqual({ line: 8, col: 7 });
  });

  test('finds a sequence item', () => {
    expect(object.locate('/spec/containers/1')).toEqual({ line: 7, col: 7 });
  });

  test('unescapes ~1 in pointers (annotation keys hold slashes)', () => {
    expect(object.locate('/metadata/annotations/argocd.argoproj.io~1sync-wave')).toEqual({ line: 3, col: 5 });
  });

  test('falls back to the deepest existing member for a missing field', () => {
    expect(object.locate('/spec/containers/0/resources/limits')).toEqual({ line: 6, col: 7 });
  });

  test('the root pointer is the start of the document', () => {
    expect(object.locate('')).toEqual({ line: 1, col: 1 });
  });
});

test('JSON pointers round-trip through segments', () => {
  const segments = ['metadata', 'annotations', 'a/b~c', 0];
  expect(toPointer(segments)).toBe('/metadata/annotations/a~1b~0c/0');
  expect(pointerSegments(toPointer(segments))).toEqual(['metadata', 'annotations', 'a/b~c', '0']);
});
