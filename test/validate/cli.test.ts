import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PINS } from '../../scripts/schema-places';
import { command, tempDir } from '../helpers';
import { copy, rendered, route, servingRuntime } from './fixtures';
import { CRDS_DIR, ROOT } from './helpers';
import { serveMirror } from './mirror';

// Each test starts Node processes (and some download 48 files from a loopback mirror): slow on a busy machine.
jest.setTimeout(120_000);

// The CLI as `npm run validate` runs it (built by jest's global setup); its default validator cache is the one
// `npm test` filled, keyed by the bundle's content.
const scratch = tempDir('maas-validate-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const bundle = command('validate');

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bundle, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', XDG_CACHE_HOME: join(scratch, 'xdg'), MAAS_CRDS_DIR: CRDS_DIR, ...env },
  });
}

test('a missing --crds folder fails, naming the folder', () => {
  const result = run(['--crds', '/nonexistent/crds']);
  expect(result.stderr).toBe('validate: the schema folder /nonexistent/crds (--crds) does not exist, so no object can be checked.\n');
  expect(result.status).toBe(2);
});

test('a missing folder named by MAAS_CRDS_DIR fails (no fallback to another place), saying what to do', () => {
  const result = run([], { MAAS_CRDS_DIR: '/nonexistent/crds' });
  expect(result.stderr).toBe([
    'validate: the schema folder /nonexistent/crds (MAAS_CRDS_DIR) does not exist.',
    `  Point MAAS_CRDS_DIR at a folder laid out like ../shared/crds, or unset it to use ../shared/crds or the cache (${join(scratch, 'xdg', 'maas-gitops', 'crds')}).`,
    '  No object was checked.',
    '',
  ].join('\n'));
  expect(result.status).toBe(2);
});

describe('in a project with no ../shared/crds and MAAS_CRDS_DIR unset', () => {
  // GIVEN a project folder whose parent has no shared/ folder, with one valid rendered object
  const project = join(scratch, 'lone', 'project');
  beforeAll(() => {
    mkdirSync(join(project, 'dist', 'dev', 'fixtures'), { recursive: true });
    writeFileSync(join(project, 'dist', 'dev', 'fixtures', 'route.yaml'), rendered(route, 'dev').text);
  });
  const inProject = (env: Record<string, string>) => spawnSync(process.execPath, [bundle, '--no-cache'], {
    cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: join(scratch, 'lone', 'home'), ...env },
  });

  test('offline, it says what it tried and what to do, and exits 2', async () => {
    const closed = await serveMirror(CRDS_DIR);
    await closed.close();
    const result = inProject({ MAAS_CRDS_MIRROR: closed.url });
    expect(result.stderr).toContain(`validate: ${PINS.length} of ${PINS.length} pinned schema files could not be fetched into ${join(scratch, 'lone', 'home', '.cache', 'maas-gitops', 'crds')}:\n`);
    expect(result.stderr).toContain('    - set MAAS_CRDS_DIR=<folder> holding a copy laid out like ../shared/crds.\n  No object was checked.\n');
    expect(result.status).toBe(2);
  });

  test('it fetches the pinned files into the cache of an empty HOME on first use, then checks', async () => {
    const mirror = await serveMirror(CRDS_DIR);
    try {
      const result = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        // Asynchronous: the mirror answers from this process.
        execFile(process.execPath, [bundle, '--no-cache'], {
          cwd: project, env: { PATH: process.env.PATH ?? '', HOME: join(scratch, 'lone', 'home'), MAAS_CRDS_MIRROR: mirror.url },
        }, (error, stdout, stderr) => resolve({ status: error ? (error.code as number) : 0, stdout, stderr }));
      });
      expect(result.stderr).toBe(`validate: schemas: fetching ${PINS.length} pinned schema files into ` +
        `${join(scratch, 'lone', 'home', '.cache', 'maas-gitops', 'crds')} from the mirror ${mirror.url} (once; see schema-pins.json)\n`);
      expect(result.stdout).toMatch(/^validate: 1 objects in 1 files \(1 environments\) checked against 1 kinds \(1 compiled, 0 from cache\): 1 error in/m);
      expect(mirror.requests).toHaveLength(PINS.length);
      // A second run finds the cache complete and fetches nothing.
      expect(inProject({ MAAS_CRDS_MIRROR: 'http://127.0.0.1:1/crds' }).stderr).toBe('');
    } finally {
      await mirror.close();
    }
  });
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
  // The summary line (the cluster model's tables come before it); warnings (facts to know, not errors) follow it.
  const environments = readdirSync(join(ROOT, 'dist'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
  expect(result.stdout).toMatch(new RegExp(`^validate: \\d+ objects in \\d+ files \\(${environments} environments\\) checked against \\d+ kinds \\(\\d+ compiled, \\d+ from cache\\): 0 errors in`, 'm'));
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
    const result = run(['--dist', dist, '--environments', environments]);
    expect(result.stdout).toContain('image-digest: "quay.io/modh/vllm:latest" is not pinned by digest; outside dev (stage "sandbox")');
    expect(result.status).toBe(1);
  });

  test('with `stage: dev` in environments/sandbox.yaml it passes', () => {
    writeFileSync(join(environments, 'sandbox.yaml'), 'stage: dev\n');
    const result = run(['--dist', dist, '--environments', environments]);
    expect(result.stdout).toMatch(/: 0 errors in/);
    expect(result.status).toBe(0);
  });
});
