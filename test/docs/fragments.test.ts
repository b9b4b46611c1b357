import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEnvironments, parseEnvironment } from '../../lib/config/load';
import { docsContext, DOC_FILES, EXAMPLE_ENVIRONMENTS } from '../../lib/docs/docs-files';
import { FRAGMENTS, refreshMarkdown, syncWaveTable, type DocsContext } from '../../lib/docs/fragments';
import { defaultsTable } from '../../lib/docs/page-fragments';
import { ROOT } from '../helpers';

describe('generated fragments of README.md and docs/*.md', () => {
  // The docs show the example environments, never the shipped ones: a user's new model leaves them current.
  const environments = loadEnvironments(join(ROOT, EXAMPLE_ENVIRONMENTS), ROOT);
  const ctx = docsContext(environments, (name) => readFileSync(join(ROOT, EXAMPLE_ENVIRONMENTS, `${name}.yaml`), 'utf8'));

  test.each(DOC_FILES(readdirSync(join(ROOT, 'docs'))))('%s is current (else run npm run docs and commit the result)', (file) => {
    const result = refreshMarkdown(readFileSync(join(ROOT, file), 'utf8'), ctx);
    expect({ file, stale: result.changed }).toEqual({ file, stale: [] });
  });

  test('every fragment is used somewhere', () => {
    const text = DOC_FILES(readdirSync(join(ROOT, 'docs'))).map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    expect(Object.keys(FRAGMENTS).filter((name) => !text.includes(`<!-- generated: ${name} (npm run docs) -->`))).toEqual([]);
  });
});

describe('refreshMarkdown', () => {
  const ctx: DocsContext = { environments: [], texts: new Map(), tree: new Map() };
  const fragments = { greeting: () => ['hello', 'world'] };

  test('GIVEN a stale fragment WHEN refreshed THEN only the lines between its markers change, and it is named', () => {
    const text = 'before\n<!-- generated: greeting (npm run docs) -->\nold\n<!-- end generated: greeting -->\nafter';
    expect(refreshMarkdown(text, ctx, fragments)).toEqual({
      text: 'before\n<!-- generated: greeting (npm run docs) -->\nhello\nworld\n<!-- end generated: greeting -->\nafter',
      changed: ['greeting'],
    });
  });

  test('GIVEN a current fragment WHEN refreshed THEN nothing changes', () => {
    const text = '<!-- generated: greeting (npm run docs) -->\nhello\nworld\n<!-- end generated: greeting -->\n';
    expect(refreshMarkdown(text, ctx, fragments)).toEqual({ text, changed: [] });
  });

  test('fails when a marker names no fragment', () => {
    expect(() => refreshMarkdown('x\n<!-- generated: greting (npm run docs) -->\n<!-- end generated: greting -->', ctx, fragments)).toThrow(
      'line 2: no fragment "greting"; known: greeting',
    );
  });

  test('fails when a fragment is not closed', () => {
    expect(() => refreshMarkdown('<!-- generated: greeting (npm run docs) -->\nold', ctx, fragments)).toThrow(
      'line 1: fragment "greeting" is not closed; add "<!-- end generated: greeting -->"',
    );
  });
});

describe('fragments', () => {
  test('the sync-wave table lists, per environment, the kinds rendered in each wave, hooks last', () => {
    const object = (kind: string, annotation: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  annotations:\n    ${annotation}\n  name: x\n`;
    const tree = new Map([
      ['a/x/1.yaml', object('Namespace', 'argocd.argoproj.io/sync-wave: "0"')],
      ['a/x/2.yaml', object('Job', 'argocd.argoproj.io/hook: PostSync')],
      ['a/x/3.yaml', object('Route', 'argocd.argoproj.io/sync-wave: "4"')],
      ['b/x/1.yaml', object('Namespace', 'argocd.argoproj.io/sync-wave: "0"')],
      ['b/x/2.yaml', object('Product', 'argocd.argoproj.io/sync-wave: "4"')],
      ['b/x/3.yaml', object('Backend', 'argocd.argoproj.io/sync-wave: "4"')],
      ['b/README.md', '# b\n'],
    ]);
    expect(syncWaveTable(tree, ['a', 'b'])).toEqual([
      '| wave | a | b |',
      '|---|---|---|',
      '| 0 | Namespace | Namespace |',
      '| 4 | Route | Backend, Product |',
      '| hook | Job |  |',
    ]);
  });

  test("the example error is the loader's real answer for a prod fixture, with the line of each problem", () => {
    const text = [
      'stage: prod',
      'cluster: { appsDomain: apps.example.com }',
      'gitops: { repoURL: https://git.example.com/maas.git }',
      'identity:',
      '  generation: rhsso',
      '  operator: { namespace: sso, name: rhsso-operator, channel: stable, installPlanApproval: Manual, startingCSV: rhsso-operator.7.6.11-opr-002 }',
      'gateway:',
      '  operator:',
      '    namespace: apim',
      '    name: 3scale-operator',
      '    channel: threescale-2.15',
      '    installPlanApproval: Manual',
      '    startingCSV: 3scale-operator.v0.12.1',
      '',
    ].join('\n');
    const loaded = parseEnvironment('live', text);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const lines = FRAGMENTS['example-error']({ environments: [loaded.environment], texts: new Map([['live', text]]), tree: new Map() });
    expect(lines).toEqual([
      '```',
      '$ npm run synth      # after setting identity.operator.channel: 7 and installPlanApproval: Automatic in environments/live.yaml',
      'environments/live.yaml is invalid (3 problems):',
      '  line 6   identity.operator.channel: 7 is not a string',
      '  line 6   identity.operator.installPlanApproval: "Automatic" is not allowed in prod; use "Manual" so that a person approves every operator upgrade',
      '  line 12  gateway.operator.installPlanApproval: "Automatic" is not allowed in prod; use "Manual" so that a person approves every operator upgrade',
      'Nothing was written.',
      '```',
    ]);
    // Read from another folder (the example environments), the command and the file name say which.
    const elsewhere = FRAGMENTS['example-error']({ environments: [loaded.environment], folder: 'examples', texts: new Map([['live', text]]), tree: new Map() });
    expect(elsewhere.slice(1, 3)).toEqual([
      '$ npm run synth -- --environments examples      # after setting identity.operator.channel: 7 and installPlanApproval: Automatic in examples/live.yaml',
      'examples/live.yaml is invalid (3 problems):',
    ]);
  });

  test('the render size counts the YAML objects and their distinct kinds', () => {
    const tree = new Map([
      ['a/x/namespace.a.yaml', 'apiVersion: v1\nkind: Namespace\n'],
      ['a/x/namespace.b.yaml', 'apiVersion: v1\nkind: Namespace\n'],
      ['a/x/route.b.r.yaml', 'apiVersion: route.openshift.io/v1\nkind: Route\n'],
      ['a/README.md', '# a\n'],
    ]);
    expect(FRAGMENTS['render-size']({ environments: [{} as never], texts: new Map(), tree })).toEqual([
      'The shipped environments render 3 objects of 2 kinds (1 environments).',
    ]);
  });
});

describe('defaultsTable', () => {
  test('GIVEN a section WHEN tabled THEN every field with a default, or naming one, is a row with its path, list items as []', () => {
    const schema = {
      properties: {
        gateway: {
          properties: {
            timeoutSeconds: { default: 300, description: 'Seconds to wait.' },
            store: { properties: { name: { default: 'maas', description: 'The | store.' } } },
            namespace: { description: 'Namespace. Default: the gateway namespace.' },
            required: { description: 'No default here.' },
            consumers: { default: [], items: { properties: { products: { default: {}, description: 'Plans.' } } } },
          },
        },
        models: { items: { properties: { minReplicas: { default: 1, description: 'Fewest.' } } } },
      },
    };
    expect(defaultsTable(['gateway'], schema)).toEqual([
      '| field | default | what |',
      '|---|---|---|',
      '| `gateway.timeoutSeconds` | `300` | Seconds to wait. |',
      '| `gateway.store.name` | `"maas"` | The \\| store. |',
      '| `gateway.namespace` | - | Namespace. Default: the gateway namespace. |',
      '| `gateway.consumers[].products` | `{}` | Plans. |',
    ]);
    expect(defaultsTable(['models'], schema).slice(2)).toEqual(['| `models[].minReplicas` | `1` | Fewest. |']);
  });

  test('fails when the schema has no such section', () => {
    expect(() => defaultsTable(['gatway'], { properties: {} })).toThrow('the environment schema has no section "gatway"');
  });
});
