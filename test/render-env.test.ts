import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTree, ROOT, tempDir, treeDifferences } from './helpers';

const MAIN = join(ROOT, 'build', 'main.js');

/** A valid environment file of these tests' own, with one model named `model`. */
const environment = (stage: string, model: string) => `stage: ${stage}
cluster:
  appsDomain: apps.example.com
gitops:
  repoURL: https://git.example.com/maas.git
identity:
  generation: rhsso
  operator:
    namespace: sso
    name: rhsso-operator
    channel: stable
models:
  - name: ${model}
    namespace: models
    modelFormat: { name: sklearn }
    runtime: kserve-sklearnserver
    storageUri: s3://models/${model}
serving: { platformRuntimes: [kserve-sklearnserver] }
gateway:
  operator:
    namespace: threescale
    name: 3scale-operator
    channel: threescale-2.15
`;

/** A folder with environments alpha, beta and gamma (stage staging) in `envs/`, and the render command run in it. */
function workspace(names = ['alpha', 'beta', 'gamma']) {
  const dir = tempDir();
  mkdirSync(join(dir, 'envs'));
  for (const name of names) writeFileSync(join(dir, 'envs', `${name}.yaml`), environment('staging', `m-${name}`));
  const render = (...args: string[]) =>
    spawnSync(process.execPath, [MAIN, '--environments', 'envs', '--out', 'out', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const out = () => readTree(join(dir, 'out'));
  const only = (tree: Map<string, string>, env: string) => new Map([...tree].filter(([file]) => file.startsWith(`${env}/`)));
  return { dir, render, out, only };
}

describe('npm run synth -- --env NAME', () => {
  test('renders only the named environment and leaves the other folders byte for byte as they were', () => {
    // GIVEN a full render, then a hand-made change in alpha's and beta's folders and a new model in beta
    const ws = workspace();
    expect(ws.render().status).toBe(0);
    const alphaFile = [...ws.only(ws.out(), 'alpha').keys()][0];
    writeFileSync(join(ws.dir, 'out', alphaFile), 'left alone\n');
    writeFileSync(join(ws.dir, 'out', 'beta', 'stale.yaml'), 'stale\n');
    writeFileSync(join(ws.dir, 'envs', 'beta.yaml'), environment('staging', 'm-beta-2'));
    const before = ws.out();

    // WHEN only beta is rendered
    const result = ws.render('--env', 'beta');

    // THEN beta is the new render (the stale file gone), alpha and gamma are untouched
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const after = ws.out();
    expect(after.get(alphaFile)).toBe('left alone\n');
    expect(treeDifferences(ws.only(before, 'alpha'), ws.only(after, 'alpha'))).toEqual([]);
    expect(treeDifferences(ws.only(before, 'gamma'), ws.only(after, 'gamma'))).toEqual([]);
    expect(after.has('beta/stale.yaml')).toBe(false);
    expect([...after.keys()].some((file) => file.startsWith('beta/') && file.includes('m-beta-2'))).toBe(true);
    expect([...after.keys()].some((file) => file.startsWith('beta/') && file.includes('m-beta.'))).toBe(false);
    expect(after.has('.maas-rendered')).toBe(true);
  });

  test('an environment rendered alone is byte-identical to the same environment rendered with the others (Argo CD and README included)', () => {
    const all = workspace();
    const alone = workspace(['beta']);
    expect(all.render().status).toBe(0);
    expect(alone.render().status).toBe(0);
    const betaAll = all.only(all.out(), 'beta');
    expect([...betaAll.keys()].some((file) => file.startsWith('beta/argocd/'))).toBe(true);
    expect(betaAll.has('beta/README.md')).toBe(true);
    expect(treeDifferences(alone.only(alone.out(), 'beta'), betaAll)).toEqual([]);

    // AND rendering beta alone into the full output changes nothing
    const before = all.out();
    expect(all.render('--env', 'beta').status).toBe(0);
    expect(treeDifferences(before, all.out())).toEqual([]);
  });

  test('takes several names, repeated or comma-separated, and says what it rendered', () => {
    const ws = workspace();
    const result = ws.render('--env', 'gamma,alpha', '--env', 'alpha');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const tree = ws.out();
    expect(result.stdout).toBe(`rendered alpha, gamma: ${tree.size} files in out/ (its other environments untouched)\n`);
    expect([...tree.keys()].filter((file) => file.includes('/')).map((file) => file.split('/')[0]).filter((v, i, a) => a.indexOf(v) === i)).toEqual(['alpha', 'gamma']);
  });

  test('an unknown name is an error with the closest name and the list, and the output folder is unchanged', () => {
    const ws = workspace();
    expect(ws.render().status).toBe(0);
    const before = ws.out();
    const result = ws.render('--env', 'bta');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('render failed: --env: no environment "bta" (no envs/bta.yaml); did you mean "beta"? Environments: alpha, beta, gamma\nNothing was written.\n');
    expect(treeDifferences(before, ws.out())).toEqual([]);
  });

  test('a name close to none gets no suggestion; an empty name is an error', () => {
    const ws = workspace();
    expect(ws.render('--env', 'alpha').status).toBe(0);
    const before = ws.out();
    expect(ws.render('--env', 'production').stderr).toBe('render failed: --env: no environment "production" (no envs/production.yaml). Environments: alpha, beta, gamma\nNothing was written.\n');
    const empty = ws.render('--env', 'alpha,');
    expect(empty.status).toBe(1);
    expect(empty.stderr).toBe('render failed: --env: an empty environment name; give names of files in envs/ (alpha, beta, gamma)\nNothing was written.\n');
    expect(treeDifferences(before, ws.out())).toEqual([]);
  });

  test('reads only the named environment files: a broken other file does not block, a broken named one fails as the full render does', () => {
    const ws = workspace();
    expect(ws.render().status).toBe(0);
    writeFileSync(join(ws.dir, 'envs', 'gamma.yaml'), 'stage: [\n');
    expect(ws.render('--env', 'alpha').status).toBe(0);

    const before = ws.out();
    const full = ws.render();
    const named = ws.render('--env', 'gamma');
    expect(named.status).toBe(1);
    expect(named.stderr).toBe(full.stderr);
    expect(named.stderr).toMatch(/^envs\/gamma\.yaml is invalid \(1 problem\):\n {2}line 2 {2}.*\nNothing was written\.\n$/);
    expect(treeDifferences(before, ws.out())).toEqual([]);
  });

  test('creates the folder of an environment that was not rendered before', () => {
    const ws = workspace();
    expect(ws.render('--env', 'alpha').status).toBe(0);
    rmSync(join(ws.dir, 'out', 'alpha'), { recursive: true });
    expect(ws.render('--env', 'beta').status).toBe(0);
    expect([...ws.out().keys()].filter((file) => file.includes('/')).map((file) => file.split('/')[0]).filter((v, i, a) => a.indexOf(v) === i)).toEqual(['beta']);
  });
});
