import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MANIFEST, PINS } from '../../scripts/schema-places';
import { tempDir } from '../helpers';
import { CRDS_DIR, ROOT } from './helpers';
import { type Mirror, serveMirror } from './mirror';


// Each test starts Node processes (and some download 48 files from a loopback mirror): slow on a busy machine.
jest.setTimeout(120_000);
const scratch = tempDir('maas-fetch-crds-');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `node scripts/fetch-crds.mjs` with only PATH and `env`; asynchronous, so that the mirror in this process answers. */
function fetchCrds(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/fetch-crds.mjs', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: scratch, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe(`${MANIFEST}: every pinned schema file`, () => {
  test('each URL import of cdk8s.yaml is pinned', () => {
    // GIVEN the imports of cdk8s.yaml (`module:=url`)
    const imports: string[] = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8')).imports;
    const urls = imports.map((spec) => spec.split(':=')[1]).filter((url) => url.startsWith('https://'));
    // THEN each of them is the URL of a pin
    const pinned = new Set(PINS.map((pin) => pin.url));
    expect(urls.filter((url) => !pinned.has(url))).toEqual([]);
    expect(urls.length).toBeGreaterThan(0);
  });

  test('URLs are pinned to commits, paths are unique and stay in the crds folder or its apicast-policies sibling', () => {
    for (const pin of PINS) {
      expect(pin.url).toMatch(/^https:\/\/raw\.githubusercontent\.com\/[^/]+\/[^/]+\/[0-9a-f]{40}\//);
      expect(pin.path).toMatch(/^(?:[a-z0-9-]+\/[\w.-]+|\.\.\/apicast-policies\/[\w.-]+\.apicast-policy\.json)$/);
      expect(pin.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(new Set(PINS.map((pin) => pin.path)).size).toBe(PINS.length);
  });

  test('the schema folder the tests use holds exactly the pinned bytes', () => {
    const wrong = PINS.filter((pin) => createHash('sha256').update(readFileSync(join(CRDS_DIR, pin.path))).digest('hex') !== pin.sha256);
    expect(wrong.map((pin) => pin.path)).toEqual([]);
  });
});

describe('npm run fetch-crds', () => {
  let mirror: Mirror;
  beforeAll(async () => {
    mirror = await serveMirror(CRDS_DIR, { 'olm/operators.coreos.com_subscriptions.yaml': 'tampered\n' });
  });
  afterAll(() => mirror.close());

  test('--dry-run lists "URL -> path" for each pin, from the mirror when MAAS_CRDS_MIRROR is set', async () => {
    const upstream = await fetchCrds(['--dry-run', '--out', '/cache/crds']);
    expect(upstream.stdout.trim().split('\n')).toEqual(PINS.map((pin) => `${pin.url} -> ${join('/cache/crds', pin.path)}`));
    const mirrored = await fetchCrds(['--dry-run', '--out', '/cache/crds'], { MAAS_CRDS_MIRROR: 'http://127.0.0.1:9/crds' });
    expect(mirrored.stdout).toContain(
      'http://127.0.0.1:9/crds/k8s/v1.28.0-_definitions.json -> /cache/crds/k8s/v1.28.0-_definitions.json\n');
    expect(mirrored.stdout).toContain(
      'http://127.0.0.1:9/apicast-policies/cors.apicast-policy.json -> /cache/apicast-policies/cors.apicast-policy.json\n');
  });

  test('fails when a file does not match its sha256, stores the others, and stores nothing for that file', async () => {
    // GIVEN a mirror that serves one tampered file
    const out = join(scratch, 'tampered', 'crds');
    // WHEN fetching from it
    const result = await fetchCrds(['--out', out], { MAAS_CRDS_MIRROR: mirror.url });
    // THEN the message names the URL, both hashes and what to do
    const pin = PINS.find((p) => p.path === 'olm/operators.coreos.com_subscriptions.yaml')!;
    const actual = createHash('sha256').update('tampered\n').digest('hex');
    expect(result.stderr).toBe([
      `fetch-crds: 1 of ${PINS.length} pinned schema files could not be fetched into ${out}:`,
      `    ${mirror.url}/${pin.path}: sha256 is ${actual}, schema-pins.json pins ${pin.sha256}; not stored`,
      '  The validator, `npm run import` and the tests check objects against these files (schema-pins.json). Either:',
      '    - connect to the network and run the command again (each file is fetched once, then kept), or',
      '    - set MAAS_CRDS_MIRROR=<base URL> of a mirror laid out like ../shared/crds, or',
      '    - set MAAS_CRDS_DIR=<folder> holding a copy laid out like ../shared/crds.',
      '',
    ].join('\n'));
    expect(result.status).toBe(2);
    expect(existsSync(join(out, pin.path))).toBe(false);
    expect(existsSync(join(out, 'k8s/v1.28.0-_definitions.json'))).toBe(true);
  });

  test('offline (nothing listens at the mirror) it says which URLs failed and what to do', async () => {
    // GIVEN a loopback port where nothing listens any more
    const closed = await serveMirror(CRDS_DIR);
    await closed.close();
    const base = closed.url.replace(/\/crds$/, '');
    const out = join(scratch, 'offline', 'crds');
    // WHEN fetching from it
    const result = await fetchCrds(['--out', out], { MAAS_CRDS_MIRROR: closed.url });
    // THEN every file failed, the first three are named with the reason, and the advice follows
    const refused = `connect ECONNREFUSED ${base.replace('http://', '')}`;
    expect(result.stderr.split('\n').slice(0, 5)).toEqual([
      `fetch-crds: ${PINS.length} of ${PINS.length} pinned schema files could not be fetched into ${out}:`,
      `    ${base}/apicast-policies/apicast.apicast-policy.json: ${refused}`,
      `    ${base}/apicast-policies/cors.apicast-policy.json: ${refused}`,
      `    ${base}/apicast-policies/custom_metrics.apicast-policy.json: ${refused}`,
      `    ... and ${PINS.length - 3} more`,
    ]);
    expect(result.status).toBe(2);
  });

  test('fetches every pin into the cache once; a second run keeps them', async () => {
    // GIVEN an empty HOME and a mirror of the schema folder
    const home = join(scratch, 'home');
    const good = await serveMirror(CRDS_DIR);
    try {
      // WHEN fetching twice
      const first = await fetchCrds([], { HOME: home, MAAS_CRDS_MIRROR: good.url });
      const second = await fetchCrds([], { HOME: home, MAAS_CRDS_MIRROR: good.url });
      // THEN the first run downloads every file into ~/.cache/maas-gitops/crds, the second none
      const cache = join(home, '.cache', 'maas-gitops', 'crds');
      expect(first.stdout).toContain(`fetch-crds: ${PINS.length} files in ${cache} (${PINS.length} fetched, 0 kept)`);
      expect(second.stdout).toBe(`fetch-crds: ${PINS.length} files in ${cache} (0 fetched, ${PINS.length} kept)\n`);
      expect(good.requests).toHaveLength(PINS.length);
      expect(readFileSync(join(home, '.cache', 'maas-gitops', 'apicast-policies', 'cors.apicast-policy.json')))
        .toEqual(readFileSync(join(CRDS_DIR, '../apicast-policies/cors.apicast-policy.json')));
    } finally {
      await good.close();
    }
  });
});
