import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { PINS } from '../scripts/schema-places';
import { ROOT, tempDir } from './helpers';
import { CRDS_DIR } from './validate/helpers';
import { type Mirror, serveMirror } from './validate/mirror';

// A new user's first steps, on a clone of this commit with no ../shared beside it, MAAS_CRDS_DIR unset and an
// empty HOME; the schema files come from a mirror on 127.0.0.1 (MAAS_CRDS_MIRROR), as CI reaches nothing else.
// The clone runs the README's render command, then the steps of `npm test` that read schema files: the validator
// (which fetches them) and the test of those files. The type-check and the rest of the suite do not depend on
// where the schemas are; CI runs them on a clean clone (.ci/run), so they run once, not twice. The clone shares
// this checkout's node_modules: `npm ci` needs the registry. The clone's own run skips this file.
const inner = process.env.MAAS_FRESH_CLONE === '1';
const describeOuter = inner ? describe.skip : describe;

describeOuter('a fresh clone without ../shared', () => {
  const scratch = tempDir('maas-fresh-clone-');
  const clone = join(scratch, 'work', 'maas-gitops');
  const home = join(scratch, 'home');
  const tmp = join(scratch, 'tmp');
  let mirror: Mirror;

  beforeAll(async () => {
    mirror = await serveMirror(CRDS_DIR);
    mkdirSync(home);
    mkdirSync(tmp);
    execFileSync('git', ['clone', '--quiet', '--no-checkout', ROOT, clone]);
    execFileSync('git', ['checkout', '--quiet', execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()], { cwd: clone });
    symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'));
  });
  afterAll(async () => {
    await mirror?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A command in the clone, asynchronous so that the mirror in this process answers. */
  function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
    return new Promise((resolve) => {
      execFile(command, args, {
        cwd: clone,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '', HOME: home, TMPDIR: tmp, CI: 'true', MAAS_CRDS_MIRROR: mirror.url, MAAS_FRESH_CLONE: '1' },
      }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr }));
    });
  }

  test("the README's commands pass, fetching the pinned schema files into the empty HOME's cache once", async () => {
    expect(readdirSync(join(clone, '..'))).toEqual(['maas-gitops']);
    // WHEN rendering: no schema needed, dist/ unchanged
    const synth = await run('npm', ['run', 'synth']);
    expect(synth.output).toMatch(/^rendered .*: \d+ files in dist\/$/m);
    expect(synth.code).toBe(0);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: clone, encoding: 'utf8' })).toBe('');
    // WHEN validating: the validator fetches every pinned file from the mirror
    const validate = await run('npm', ['run', 'validate']);
    expect(validate.output).toContain(`validate: schemas: fetching ${PINS.length} pinned schema files into ${join(home, '.cache', 'maas-gitops', 'crds')} from the mirror ${mirror.url}`);
    expect(validate.output).toMatch(/^validate: \d+ objects in \d+ files \(\d+ environments\) .*: 0 errors in/m);
    expect(validate.code).toBe(0);
    // AND testing the schema files, as `npm test` runs jest
    const test = await run('npx', ['jest', 'test/validate/fetch-crds.test.ts']);
    expect(test.output).toMatch(/^Tests: +\d+ passed, \d+ total$/m);
    expect(test.code).toBe(0);
    // THEN the mirror served each file once (the fetch-crds test's own mirrors aside), and the run left no temporary file
    expect(mirror.requests).toHaveLength(PINS.length);
    expect(readdirSync(tmp)).toEqual([]);
  }, 15 * 60 * 1000);

  test('`npm run fetch-crds`, the workflow step before `npm test`, then finds every file in the cache', async () => {
    const result = await run('npm', ['run', '--silent', 'fetch-crds']);
    expect(result.output).toBe(`fetch-crds: ${PINS.length} files in ${join(home, '.cache', 'maas-gitops', 'crds')} (0 fetched, ${PINS.length} kept)\n`);
    expect(result.code).toBe(0);
  });
});
