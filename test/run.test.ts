import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The launcher behind `npm run synth` and friends: it bundles one command, only when what it bundles changed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureBuilt } = require('../scripts/run.cjs') as { ensureBuilt: (name: string, root?: string) => string };

describe('scripts/run.cjs ensureBuilt', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'maas-run-'));
    writeFileSync(join(root, 'main.ts'), "import { greeting } from './lib';\nconsole.log(greeting);\n");
    writeFileSync(join(root, 'lib.ts'), "export const greeting: string = 'hello';\n");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const builtAt = (file: string) => statSync(file).mtimeMs;
  const later = (file: string) => {
    const future = new Date(Date.now() + 60_000);
    utimesSync(file, future, future);
  };

  test('GIVEN no build WHEN asked for main THEN bundles main.ts alone into build/main.js', () => {
    const bundle = ensureBuilt('main', root);
    expect(bundle).toBe(join(root, 'build', 'main.js'));
    expect(readFileSync(bundle, 'utf8')).toContain('"hello"');
    expect(Object.keys(JSON.parse(readFileSync(join(root, 'build', 'main.inputs.json'), 'utf8')).inputs)).toEqual(['lib.ts', 'main.ts']);
  });

  test('GIVEN a current build WHEN nothing changed, or only an mtime THEN the bundle is not rewritten', () => {
    const bundle = ensureBuilt('main', root);
    const first = builtAt(bundle);
    later(join(root, 'lib.ts'));
    ensureBuilt('main', root);
    ensureBuilt('main', root);
    expect(builtAt(bundle)).toBe(first);
  });

  test('GIVEN a current build WHEN an imported file changes content THEN it is rebuilt with the change', () => {
    const bundle = ensureBuilt('main', root);
    writeFileSync(join(root, 'lib.ts'), "export const greeting: string = 'bonjour';\n");
    ensureBuilt('main', root);
    expect(readFileSync(bundle, 'utf8')).toContain('"bonjour"');
  });

  test('GIVEN a current build WHEN an input is deleted THEN it rebuilds and reports the missing import', () => {
    ensureBuilt('main', root);
    rmSync(join(root, 'lib.ts'));
    expect(() => ensureBuilt('main', root)).toThrow(/Could not resolve "\.\/lib"/);
  });

  test('fails on an unknown command, naming the known ones', () => {
    expect(() => ensureBuilt('sinth', root)).toThrow('unknown command "sinth"; one of main, validate, smoke, diff, bench');
  });
});
