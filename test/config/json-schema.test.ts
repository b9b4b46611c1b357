import Ajv from 'ajv';
import { join } from 'node:path';
import { environmentJsonSchema } from '../../lib/config/json-schema';
import { cleanDocComment } from '../../lib/config/schema-docs';
import { ROOT } from '../helpers';

type Node = { [keyword: string]: unknown; properties?: Record<string, Node>; description?: string };
const SCHEMA = JSON.parse(environmentJsonSchema(join(ROOT, 'lib', 'config'))) as Node;

/** Every field of every object in a JSON Schema, as a path, with its description. */
function fields(node: unknown, path = ''): Array<[string, string | undefined]> {
  if (Array.isArray(node)) return node.flatMap((item) => fields(item, path));
  if (typeof node !== 'object' || node === null) return [];
  const schema = node as Node;
  const own = Object.entries(schema.properties ?? {}).map(([name, field]) => [`${path}.${name}`, field.description] as [string, string | undefined]);
  const nested = Object.entries(schema).flatMap(([keyword, value]) =>
    keyword === 'properties' ? Object.entries(value as Record<string, Node>).flatMap(([name, field]) => fields(field, `${path}.${name}`)) : fields(value, path),
  );
  return [...own, ...nested];
}

describe('environment JSON Schema', () => {
  test('targets draft-07, which yaml-language-server reads', () => {
    expect(SCHEMA.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(new Ajv({ strict: false, validateFormats: false }).validateSchema(SCHEMA)).toBe(true);
  });

  test('describes every field, from the doc comments of lib/config/ (add a /** comment */ to a field that has none)', () => {
    const undescribed = fields(SCHEMA).filter(([, description]) => description === undefined).map(([path]) => path);
    expect(undescribed).toEqual([]);
  });

  test('GIVEN two object schemas with the same field names WHEN described THEN each field keeps its own comment', () => {
    const realm = (SCHEMA.properties!.identity.properties!.realm as Node).properties!;
    const item = (name: string) => (realm[name] as Node).items as Node;
    expect(item('roles').description).toBe('A realm role.');
    expect(item('roles').properties!.name.description).toBe('Role name; appears in the `realm_access.roles` claim of tokens.');
    expect(item('clientScopes').properties!.name.description).toBe('Scope name; appears in the `scope` claim of tokens that carry it.');
  });

  test('GIVEN a field given as a documented object variable WHEN described THEN it takes the variable\'s comment', () => {
    expect(SCHEMA.properties!.gitops.description).toBe("Where the environment's manifests come from and how Argo CD applies them.");
  });

  test('accepts a minimal file and refuses an unknown key, as the loader does', () => {
    const validate = new Ajv({ strict: false, validateFormats: false }).compile(SCHEMA);
    const minimal = {
      stage: 'dev',
      cluster: { appsDomain: 'apps.example.com' },
      gitops: { repoURL: 'https://git.example.com/maas.git' },
      identity: { generation: 'rhbk', operator: { namespace: 'kc', name: 'rhbk-operator', channel: 'stable-v26' } },
      gateway: { operator: { namespace: 'apim', name: '3scale-operator', channel: 'threescale-2.15' } },
    };
    expect(validate(minimal)).toBe(true);
    expect(validate({ ...minimal, stagee: 'dev' })).toBe(false);
  });
});

describe('cleanDocComment', () => {
  test('joins the lines of a paragraph, keeps paragraphs apart and writes @default as text', () => {
    expect(cleanDocComment('/**\n   * Maximum predictor\n   * replicas.\n   *\n   * Second.\n   *\n   * @default minReplicas\n   */')).toBe(
      'Maximum predictor replicas.\n\nSecond. Default: minReplicas.',
    );
    expect(cleanDocComment("/** Database port. @default - the vendor's port */")).toBe("Database port. Default: the vendor's port.");
  });
});
