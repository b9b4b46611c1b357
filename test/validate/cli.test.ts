import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copy, rendered, route, servingRuntime } from './fixtures';
import { CRDS_DIR, ROOT } from './helpers';

// The CLI as `npm run validate` builds it, into a scratch folder so the test does not depend on build/.
const scratch = mkdtempSync(join(tmpdir(), 'maas-validate-'));
const bundle = join(scratch, 'validate.js');
beforeAll(() => {
  const build = spawnSync('npx', ['esbuild', 'scripts/validate.ts', '--bundle', '--platform=node', '--target=node20', `--outfile=${bundle}`, '--log-level=warning'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.stderr).toBe('');
});

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bundle, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(scratch, 'xdg'), MAAS_CRDS_DIR: CRDS_DIR, ...env },
  });
}

test('a missing schema folder fails under CI=true, naming the folder and the fetch command', () => {
  const result = run(['--crds', '/nonexistent/crds'], { CI: 'true' });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('validate: the schema folder /nonexistent/crds (--crds) does not exist, so no object can be checked.');
  expect(result.stderr).toContain('npm run fetch-crds');
  expect(result.stderr).toContain(`MAAS_CRDS_DIR=${join(scratch, 'xdg', 'maas-gitops', 'crds')} npm test`);
});

test('a missing schema folder named by MAAS_CRDS_DIR fails outside CI too, with the same advice', () => {
  const result = run([], { MAAS_CRDS_DIR: '/nonexistent/crds' });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('/nonexistent/crds (MAAS_CRDS_DIR) does not exist');
  expect(result.stderr).toContain('npm run fetch-crds');
});

describe('over a dist folder with one bad Route', () => {
  const dist = join(scratch, 'dist');
  const cache = join(scratch, 'cache');
  beforeAll(() => {
    const bad = copy(route);
    delete (bad.spec as any).tls;
    const file = rendered(bad, 'prod');
    mkdirSync(join(dist, 'prod', 'fixtures'), { recursive: true });
    writeFileSync(join(dist, 'prod', 'fixtures', 'route.maas-models.granite-chat.yaml'), file.text);
  });

  test('prints one line per error and a summary, and exits 1', () => {
    const result = run(['--dist', dist, '--cache', cache, '--cluster-model', 'off']);
    const lines = result.stdout.trim().split('\n');
    expect(lines.slice(0, -1).map((line) => line.replace(/^.*\/dist\//, 'dist/'))).toEqual([
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:6:1 Route/maas-models/granite-chat /spec/tls: route-tls: the Route has no spec.tls; set tls.termination to edge or reencrypt',
      'dist/prod/fixtures/route.maas-models.granite-chat.yaml:12:5 Route/maas-models/granite-chat /spec/to/name: ref-route-service: no Service "granite-chat-predictor" in namespace "maas-models" (rendered Services and InferenceService "<name>-predictor" Services count)',
    ]);
    expect(lines[lines.length - 1]).toMatch(/^validate: 1 objects in 1 files \(1 environments\) checked against 1 kinds \(1 compiled, 0 from cache\): 2 errors in \d+\.\d\d s$/);
    expect(result.status).toBe(1);
  });

  test('a second run loads the compiled validator from the cache', () => {
    const result = run(['--dist', dist, '--cache', cache, '--cluster-model', 'off']);
    expect(result.stdout).toMatch(/\(0 compiled, 1 from cache\): 2 errors in/);
  });
});

test('the committed dist/ of every environment passes, with exit code 0', () => {
  // The default cache: `npm test` has just filled it by running `npm run validate`.
  const result = run([]);
  expect(result.stderr).toBe('');
  // The summary line; warnings (facts to know, not errors) follow it.
  expect(result.stdout).toMatch(/^validate: \d+ objects in \d+ files \(3 environments\) checked against \d+ kinds \(\d+ compiled, \d+ from cache\): 0 errors in/m);
  expect(result.status).toBe(0);
});

describe('the stage comes from environments/<env>.yaml, else from the folder name', () => {
  const dist = join(scratch, 'stage-dist');
  const environments = join(scratch, 'stage-environments');
  beforeAll(() => {
    const unpinned = copy(servingRuntime);
    (unpinned.spec as any).containers[0].image = 'quay.io/modh/vllm:latest';
    const file = rendered(unpinned, 'sandbox');
    mkdirSync(join(dist, 'sandbox', 'fixtures'), { recursive: true });
    writeFileSync(join(dist, 'sandbox', 'fixtures', 'servingruntime.yaml'), file.text);
    mkdirSync(environments, { recursive: true });
  });

  test('without an environment file, folder "sandbox" is not dev: the unpinned image fails', () => {
    const result = run(['--dist', dist, '--environments', environments, '--cache', join(scratch, 'cache')]);
    expect(result.stdout).toContain('image-digest: "quay.io/modh/vllm:latest" is not pinned by digest; outside dev (stage "sandbox")');
    expect(result.status).toBe(1);
  });

  test('with `stage: dev` in environments/sandbox.yaml it passes', () => {
    writeFileSync(join(environments, 'sandbox.yaml'), 'stage: dev\n');
    const result = run(['--dist', dist, '--environments', environments, '--cache', join(scratch, 'cache')]);
    expect(result.stdout).toMatch(/: 0 errors in/);
    expect(result.status).toBe(0);
  });
});
