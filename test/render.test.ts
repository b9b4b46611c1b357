import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, ROOT, tempDir, treeDifferences } from './helpers';

const MAIN = join(ROOT, 'build', 'main.js');
const LAUNCHER = join(ROOT, 'scripts', 'run-cached.cjs');

/** A scratch copy of the project's environments and dist/, and a way to run the render command on it. */
function workspace() {
  const dir = tempDir();
  cpSync(join(ROOT, 'environments'), join(dir, 'environments'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
  const render = (env: Record<string, string> = {}, cwd = dir, launcher: string[] = []) =>
    spawnSync(process.execPath, [...launcher, MAIN, '--environments', join(dir, 'environments'), '--out', join(dir, 'dist')], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', ...env },
    });
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(dir, 'environments', file);
    writeFileSync(path, change(readFileSync(path, 'utf8')));
  };
  return { dir, render, edit, dist: () => readTree(join(dir, 'dist')) };
}

describe('render command', () => {
  test('renders the committed environments to exactly the committed dist/', () => {
    const ws = workspace();
    const result = ws.render();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(treeDifferences(readTree(join(ROOT, 'dist')), ws.dist())).toEqual([]);
  });

  test('gives byte-identical output from another folder, time zone and locale', () => {
    // GIVEN two renders with different process environments
    const first = workspace();
    const second = workspace();
    first.render({ TZ: 'UTC', LANG: 'C', LC_ALL: 'C' });
    second.render({ TZ: 'Pacific/Kiritimati', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, tempDir());

    // THEN the trees are the same bytes
    expect(treeDifferences(first.dist(), second.dist())).toEqual([]);
  });

  test('removes the files of objects that are no longer rendered', () => {
    // GIVEN a stale file from an object removed earlier
    const ws = workspace();
    writeFileSync(join(ws.dir, 'dist', 'dev', 'serving', 'namespace.old-models.yaml'), 'stale');

    // WHEN
    ws.render();

    // THEN
    expect(ws.dist().has('dev/serving/namespace.old-models.yaml')).toBe(false);
  });

  test('fails on an invalid environment, prints every problem, and leaves dist/ byte-identical', () => {
    // GIVEN a broken prod file and a broken staging file
    const ws = workspace();
    const before = ws.dist();
    ws.edit('prod.yaml', (t) => t.replace('installPlanApproval: Manual', 'installPlanApproval: Automatic'));
    ws.edit('staging.yaml', (t) => t.replace('stage: staging', 'stage: stging'));

    // WHEN
    const result = ws.render();

    // THEN
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^environments\/prod\.yaml is invalid \(1 problem\):\n {2}line \d+ {2}identity\.operator\.installPlanApproval: "Automatic" is not allowed in prod; /);
    expect(result.stderr).toMatch(/\nenvironments\/staging\.yaml is invalid \(1 problem\):\n {2}line \d+ {2}stage: "stging" is not one of dev, staging, prod\n/);
    expect(result.stderr).toMatch(/Nothing was written\.\n$/);
    expect(treeDifferences(before, ws.dist())).toEqual([]);
  });

  test('GIVEN the output folder is gone (cdk8s synth removes it first) WHEN the environments are invalid THEN the message says the folder does not exist', () => {
    // GIVEN an invalid environment and an output folder that does not exist, named as the cdk8s CLI names it
    const ws = workspace();
    ws.edit('staging.yaml', (t) => t.replace('stage: staging', 'stage: stging'));
    const gone = join(ws.dir, 'gone');

    // WHEN
    const result = spawnSync(process.execPath, [MAIN, '--environments', join(ws.dir, 'environments')], {
      cwd: ws.dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', CDK8S_OUTDIR: gone },
    });

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/\nNothing was written, and gone\/ does not exist: the cdk8s CLI removes it before running this app \(`npm run synth` leaves it as it was\); run `npm run synth` once the problems are fixed\.\n$/);
    expect(existsSync(gone)).toBe(false);
  });

  test('fails when a construct throws, and leaves dist/ byte-identical', () => {
    // GIVEN models placed in the identity operator's namespace: two charts would own one Namespace
    const ws = workspace();
    const before = ws.dist();
    ws.edit('dev.yaml', (t) => t.replace('namespace: maas-models', 'namespace: maas-keycloak'));

    // WHEN
    const result = ws.render();

    // THEN
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('render failed: dev: Namespace /maas-keycloak is rendered by both identity and serving\nNothing was written.\n');
    expect(treeDifferences(before, ws.dist())).toEqual([]);
  });

  test('warns when a KeycloakRealmImport changes, since the operator will not apply it to an existing realm', () => {
    // GIVEN dev (Red Hat build of Keycloak) with a new realm display name
    const ws = workspace();
    ws.edit('dev.yaml', (t) => t.replace(/displayName: .*/, 'displayName: Renamed'));

    // WHEN
    const result = ws.render();

    // THEN the render succeeds and says the running realm will not follow
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(
      'warning: dev/identity/keycloakrealmimport.maas-keycloak.ai-realm.yaml: realm "ai-realm" changed, but a KeycloakRealmImport only creates a realm; ' +
        'the running realm will NOT change. To roll it out, see docs/identity.md "Changing an imported realm".\n',
    );
  });

  test('runs the same through the code-cache launcher (npm run synth), with and without a cache', () => {
    // GIVEN a broken environment in one workspace and a valid one in another
    const broken = workspace();
    broken.edit('staging.yaml', (t) => t.replace('stage: staging', 'stage: stging'));
    const valid = workspace();

    // WHEN each is rendered directly and twice through the launcher (the first run may write the cache)
    const direct = broken.render();
    const launched = [broken.render({}, broken.dir, [LAUNCHER]), broken.render({}, broken.dir, [LAUNCHER])];
    const rendered = [valid.render({}, valid.dir, [LAUNCHER]), valid.render({}, valid.dir, [LAUNCHER])];

    // THEN output and exit codes are the bundle's own
    for (const run of launched) expect({ status: run.status, stderr: run.stderr }).toEqual({ status: direct.status, stderr: direct.stderr });
    for (const run of rendered) expect(run.status).toBe(0);
    expect(treeDifferences(readTree(join(ROOT, 'dist')), valid.dist())).toEqual([]);
  });
});
