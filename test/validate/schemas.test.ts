import { crdIdentity, crdKinds, javaScriptPattern, K8S_DEFINITIONS_ID, structural } from '../../lib/validate/schemas';
import { compileKinds, loadSchemaSet, type SchemaSet } from '../../lib/validate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CRDS_DIR, schemaFiles } from './helpers';

describe('structural: CRD schema -> strict JSON Schema', () => {
  test('an object without additionalProperties gets additionalProperties: false', () => {
    expect(structural({ type: 'object', properties: { a: { type: 'string' } } })).toEqual({
      type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false,
    });
  });

  test('x-kubernetes-preserve-unknown-fields keeps the object open', () => {
    expect(structural({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true })).toEqual({ type: 'object' });
  });

  test('a map (additionalProperties schema) stays a map', () => {
    expect(structural({ type: 'object', additionalProperties: { type: 'string' } })).toEqual({
      type: 'object', additionalProperties: { type: 'string' },
    });
  });

  test('x-kubernetes-int-or-string becomes type [integer, string] and drops the anyOf of bare types', () => {
    const node = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true, pattern: '^\\d+$' };
    expect(structural(node)).toEqual({ type: ['integer', 'string'], pattern: '^\\d+$' });
  });

  test('anyOf: null (OpenShift Route spec.port.targetPort) is dropped', () => {
    expect(structural({ anyOf: null, 'x-kubernetes-int-or-string': true } as never)).toEqual({ type: ['integer', 'string'] });
  });

  test('nullable: true admits null, also in an enum', () => {
    expect(structural({ type: 'string', enum: ['a'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  });

  test("OpenAPI's boolean exclusiveMinimum becomes draft-07's number", () => {
    expect(structural({ type: 'integer', minimum: 0, exclusiveMinimum: true })).toEqual({ type: 'integer', exclusiveMinimum: 0 });
  });

  test('oneOf branches are value checks: no additionalProperties added inside them', () => {
    const node = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, oneOf: [{ required: ['a'] }, { required: ['b'] }] };
    expect(structural(node)).toEqual({ ...node, additionalProperties: false });
  });

  test('x-kubernetes-list-type: set means unique items', () => {
    expect(structural({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' })).toEqual({
      type: 'array', items: { type: 'string' }, uniqueItems: true,
    });
  });

  test('descriptions and unknown extensions are dropped; formats are kept as annotations', () => {
    expect(structural({ type: 'integer', format: 'int32', description: 'x', 'x-kubernetes-validations': [] } as never)).toEqual({ type: 'integer', format: 'int32' });
  });
});

describe('javaScriptPattern', () => {
  test("Go's (?i) becomes letter classes", () => {
    expect(javaScriptPattern('^(?i)(abort|warn)?$')).toBe('^([aA][bB][oO][rR][tT]|[wW][aA][rR][nN])?$');
  });

  test('a pattern JavaScript cannot compile is dropped', () => {
    expect(javaScriptPattern('(?P<x>a')).toBeUndefined();
  });
});

describe('crdKinds', () => {
  test('each served version becomes a kind whose metadata is ObjectMeta and apiVersion/kind are fixed', () => {
    const [kind] = crdKinds({
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'example.com', names: { kind: 'Widget' },
        versions: [
          { name: 'v1', served: true, schema: { openAPIV3Schema: { type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object' } } } } },
          { name: 'v0', served: false, schema: { openAPIV3Schema: { type: 'object' } } },
        ],
      },
    }, 'widgets.yaml');
    expect(kind).toEqual({
      apiVersion: 'example.com/v1', kind: 'Widget', source: 'widgets.yaml',
      schema: {
        type: 'object',
        additionalProperties: false,
        required: ['apiVersion', 'kind', 'metadata'],
        properties: {
          metadata: { $ref: `${K8S_DEFINITIONS_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` },
          spec: { type: 'object', additionalProperties: false },
          apiVersion: { const: 'example.com/v1' },
          kind: { const: 'Widget' },
        },
      },
    });
  });

  test('fails on a document that is not a CRD', () => {
    expect(() => crdKinds({ kind: 'ConfigMap' }, 'x.yaml')).toThrow(
      'not an apiextensions.k8s.io/v1 CustomResourceDefinition with spec.group, spec.names.kind and spec.versions');
  });
});

describe('the schema folder', () => {
  const files = schemaFiles();

  test('holds the Kubernetes 1.28 definitions and the CRDs', () => {
    expect(files).toContain('k8s/v1.28.0-_definitions.json');
    expect(files.filter((f) => f.endsWith('.yaml')).length).toBeGreaterThanOrEqual(29);
  });

  test('every file reads without problems, and defines the core kinds the project renders', () => {
    const { set } = all();
    expect(set.problems).toEqual([]);
    for (const key of ['v1 Namespace', 'v1 Service', 'v1 Secret', 'v1 ConfigMap', 'networking.k8s.io/v1 NetworkPolicy', 'batch/v1 Job', 'apps/v1 Deployment']) {
      expect(set.kinds.has(key)).toBe(true);
    }
  });

  // One set of every file and one compile of every kind for the tests below: the Kubernetes definitions are
  // parsed and compiled once, not once per CRD file (most of this file's time before).
  let everything: { set: SchemaSet; compiled: Map<string, unknown> } | undefined;
  const all = () => {
    if (!everything) {
      const set = loadSchemaSet(files.map((path) => ({ path, text: readFileSync(join(CRDS_DIR, path), 'utf8') })));
      everything = { set, compiled: compileKinds(set, [...set.kinds].filter(([, kind]) => kind.source.endsWith('.yaml')).map(([key]) => key)) };
    }
    return everything;
  };

  test.each(files.filter((f) => f.endsWith('.yaml')))('every served version of %s compiles', (file) => {
    const { set, compiled } = all();
    const keys = [...set.kinds.values()].filter((k) => k.source === file).map((k) => `${k.apiVersion} ${k.kind}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !compiled.has(key))).toEqual([]);
    // The quick look the CLI uses to skip parsing agrees with the parse, or declines to guess.
    const identity = crdIdentity(readFileSync(join(CRDS_DIR, file), 'utf8'));
    if (identity) expect(keys.map((key) => `${key.split('/')[0]} ${key.split(' ')[1]}`)).toContain(`${identity.group} ${identity.kind}`);
  });

  test('crdIdentity declines a file not laid out as controller-gen writes it', () => {
    expect(crdIdentity('{"kind": "CustomResourceDefinition", "spec": {"group": "a.b", "names": {"kind": "C"}}}')).toBeUndefined();
  });
});
